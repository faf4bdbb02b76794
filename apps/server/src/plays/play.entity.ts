import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PlayOutcome, PlayReason } from '@loa/protocol';

/**
 * Proof of play: one row per play a player reported, keyed by the id the player made for it (a
 * UUIDv7, time-ordered, see playIdAt). Indexes: see the PlayIndexes migration.
 */
@Entity('plays')
@Index('IDX_plays_screen_started', ['screenId', 'startedAt'])
@Index('IDX_plays_started', ['startedAt'])
@Index('IDX_plays_donation_started', ['donationId', 'startedAt'], { where: '"donationId" IS NOT NULL' })
export class PlayEntity {
  @PrimaryColumn({ type: 'uuid' })
  playId: string;

  @Column({ type: 'uuid' })
  screenId: string;

  /** The screen's owner and place when it played, so reports stay scoped after a screen moves. */
  @Column({ type: 'varchar', length: 1024 })
  organisationPath: string;

  @Column({ type: 'varchar', length: 1024 })
  localityPath: string;

  @Column({ type: 'uuid', nullable: true })
  creativeId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  renditionSha256: string | null;

  @Column({ type: 'varchar', length: 16 })
  reason: PlayReason;

  @Column({ type: 'uuid', nullable: true })
  campaignId: string | null;

  @Column({ type: 'uuid', nullable: true })
  donationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  emergencyId: string | null;

  @Column({ type: 'uuid', nullable: true })
  entryId: string | null;

  @Column({ type: Date })
  scheduledStart: Date;

  @Column({ type: Date })
  scheduledEnd: Date;

  @Column({ type: Date })
  startedAt: Date;

  @Column({ type: Date })
  endedAt: Date;

  @Column({ type: 'double precision' })
  shownSeconds: number;

  @Column({ type: 'varchar', length: 16 })
  outcome: PlayOutcome;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ type: Date })
  receivedAt: Date;
}
