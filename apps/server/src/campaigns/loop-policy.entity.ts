import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Loop and slot length for a kind of screen ("kind:transit") or a screen profile
 * ("profile:led-1920x384"); a profile's policy wins over its kind's.
 */
@Entity('loop_policies')
export class LoopPolicyEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  key: string;

  @Column({ type: 'integer' })
  loopSeconds: number;

  @Column({ type: 'integer' })
  slotSeconds: number;

  @UpdateDateColumn()
  updatedAt: Date;
}
