import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A creative assigned to one screen or to a group, in order. This is what screens play until
 * campaigns and the scheduler take over (they plug in as another PlaylistSource).
 */
@Entity('playlist_entries')
export class PlaylistEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  creativeId: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  screenId: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  groupId: string | null;

  @Column({ type: 'integer' })
  position: number;

  /** How long an image shows; clips and audio play to their end. */
  @Column({ type: 'double precision', nullable: true })
  durationSeconds: number | null;

  /** The screen's or group's owner, for scope. */
  @Column({ type: 'varchar', length: 1024 })
  organisationPath: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
