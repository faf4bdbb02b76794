import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PlanMessage } from '@loa/protocol';

/** A takeover of a region's screens ("all clear" = cancelledAt). */
@Entity('emergencies')
export class Emergency {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** The issuer's organisation; null for a system administrator (everywhere). */
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Index()
  @Column({ type: 'varchar', length: 1024, nullable: true })
  organisationPath: string | null;

  @Column({ type: 'simple-json' })
  localityIds: string[];

  @Column({ type: 'simple-json' })
  groupIds: string[];

  @Column({ type: 'uuid', nullable: true })
  creativeId: string | null;

  @Column({ type: 'simple-json', nullable: true })
  message: PlanMessage | null;

  @Column({ type: 'integer', nullable: true })
  durationSeconds: number | null;

  @Index()
  @Column({ type: Date })
  startsAt: Date;

  @Column({ type: Date, nullable: true })
  endsAt: Date | null;

  @Column({ type: Date, nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledById: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
