import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { OperatingWindow } from '@loa/protocol';
import type { DonationAmount } from '@loa/scheduler';
import type { StoredTargeting } from './campaign.entity.js';

/**
 * Airtime an owner of screens gives ("10 giây mỗi vòng 2 phút") on its own screens: to one
 * campaign, or (campaignId null) to the public-service pool.
 */
@Entity('donations')
export class Donation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The donor: the organisation whose screens carry it. */
  @Column({ type: 'uuid' })
  organisationId: string;

  @Index()
  @Column({ type: 'varchar', length: 1024 })
  organisationPath: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  campaignId: string | null;

  @Column({ type: 'simple-json' })
  amount: DonationAmount;

  /** Which of the donor's screens; no condition: all of them. */
  @Column({ type: 'simple-json' })
  targeting: StoredTargeting;

  @Column({ type: Date })
  startsAt: Date;

  @Column({ type: Date, nullable: true })
  endsAt: Date | null;

  @Column({ type: 'simple-json' })
  dayparts: OperatingWindow[];

  @Column({ type: 'integer', nullable: true })
  maxPlaysPerDay: number | null;

  @Column({ type: Date, nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
