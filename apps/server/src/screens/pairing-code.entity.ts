import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A code an unpaired player shows, valid once and for ten minutes, tied to the socket room it waits in. */
@Entity('pairing_codes')
export class PairingCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code: string;

  /** The waiting player's room: the device token is delivered there, whichever server holds the socket. */
  @Index()
  @Column({ type: 'varchar', length: 64 })
  channel: string;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  claimedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  screenId: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
