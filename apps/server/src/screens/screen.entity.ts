import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VirtualColumn,
} from 'typeorm';
import type { MediaCacheReport, NowPlaying, OperatingWindow, ScreenGeometry, ScreenLayout } from '@loa/protocol';
import type { ScreenKind } from '@loa/screens';
import { bigintAsNumber } from '../database/column-types.js';

/**
 * A display somewhere in a province: what it is, where it is, who owns it, when it is on, the
 * device paired to it (by the hash of its token) and what that device last told us.
 */
@Entity('screens')
export class Screen {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ScreenKind;

  @Column({ type: 'varchar', length: 48 })
  profileKey: string;

  /** The owner: a state office, or the company whose screen network it is. Scope follows it. */
  @Column({ type: 'uuid' })
  organisationId: string;

  @Index()
  @Column({ type: 'varchar', length: 1024 })
  organisationPath: string;

  /** Where it stands: a province, district or ward. Targeting and live status follow it. */
  @Column({ type: 'uuid' })
  localityId: string;

  @Index()
  @Column({ type: 'varchar', length: 1024 })
  localityPath: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  venue: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  address: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  /** Null: always on. */
  @Column({ type: 'simple-json', nullable: true })
  operatingHours: OperatingWindow[] | null;

  /** Its zones around the main one; null: the default layout. */
  @Column({ type: 'simple-json', nullable: true })
  layout: ScreenLayout | null;

  @Column({ type: 'simple-json' })
  tags: string[];

  /** sha256 of the device token; null when no device is paired. */
  @Column({ type: 'varchar', length: 64, nullable: true, select: false })
  deviceTokenHash: string | null;

  @Column({ type: Date, nullable: true })
  devicePairedAt: Date | null;

  /** The playlist document last made for this screen (kept in screen_playlists, read with the screen). */
  @VirtualColumn({
    type: 'varchar',
    query: (alias) => `SELECT sp."version" FROM "screen_playlists" sp WHERE sp."screenId" = ${alias}."id"`,
  })
  playlistVersion: string | null;

  @Column({ type: 'boolean', default: false })
  online: boolean;

  @Column({ type: Date, nullable: true })
  lastSeenAt: Date | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  playerVersion: string | null;

  @Column({ type: 'simple-json', nullable: true })
  viewport: ScreenGeometry | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  freeBytes: number | null;

  @Column({ type: 'simple-json', nullable: true })
  playing: NowPlaying | null;

  /** What the player last said it holds of its plan's files. */
  @Column({ type: 'simple-json', nullable: true })
  mediaCache: MediaCacheReport | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
