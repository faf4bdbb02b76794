import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who did what to which object, and when. Entries are never updated or deleted; the actor's
 * email is copied so the record still reads right after the account changes.
 */
@Entity('audit_entries')
@Index(['objectType', 'objectId'])
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: Date })
  at: Date;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  actorEmail: string | null;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  objectType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  objectId: string | null;

  /** Path of the organisation the object belongs to: admins see entries within their scope. */
  @Index()
  @Column({ type: 'varchar', length: 1024, nullable: true })
  organisationPath: string | null;

  @Column({ type: 'simple-json', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;
}
