import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A creative assigned to one screen, a group or an organisation, in order: a screen's default
 * content (filler), played in whatever airtime campaigns and donations leave. What is assigned
 * to a screen or its groups wins over what its owner organisation has.
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

  /** …or to every screen an organisation's subtree owns: its default content (filler). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

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
