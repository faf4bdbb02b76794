import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OperatingWindow } from '@loa/protocol';
import type { Frequency, Priority } from '@loa/scheduler';
import type { ScreenKind } from '@loa/screens';

/** Where a campaign, donation or emergency reaches, as stored: localities by id (paths move with the tree). */
export interface StoredTargeting {
  groupIds: string[];
  tags: string[];
  localityIds: string[];
  kinds: ScreenKind[];
  venues: string[];
}

export type CampaignStatus = 'active' | 'paused';

/**
 * What communications staff want shown, where, when and how often ("Cài đặt Bluezone, tháng
 * 8/2020": every 15 minutes on every transit screen of the province, 06:00–22:00).
 */
@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Index()
  @Column({ type: 'varchar', length: 1024 })
  organisationPath: string;

  @Column({ type: 'varchar', length: 20 })
  status: CampaignStatus;

  @Column({ type: 'varchar', length: 20 })
  priority: Priority;

  @Column({ type: Date })
  flightStart: Date;

  @Column({ type: Date })
  flightEnd: Date;

  @Column({ type: 'simple-json' })
  dayparts: OperatingWindow[];

  @Column({ type: 'simple-json' })
  targeting: StoredTargeting;

  @Column({ type: 'simple-json', nullable: true })
  frequency: Frequency | null;

  @Column({ type: 'integer', nullable: true })
  minGapSeconds: number | null;

  /** Public service: donated airtime given to the pool may carry it. */
  @Column({ type: 'boolean', default: false })
  acceptsDonations: boolean;

  /** Scrolled in the ticker zone of screens while the campaign is on air there. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  ticker: string | null;

  /** Shown as a QR code in the corner zone (e.g. the Bluezone install link), with its caption. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  qrUrl: string | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  qrCaption: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}

/** A creative of a campaign, how often it is picked among the others and how long a poster shows. */
@Entity('campaign_creatives')
export class CampaignCreativeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  campaignId: string;

  @Index()
  @Column({ type: 'uuid' })
  creativeId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'integer' })
  weight: number;

  @Column({ type: 'integer', nullable: true })
  durationSeconds: number | null;
}
