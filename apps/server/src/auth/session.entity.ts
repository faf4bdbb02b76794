import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A console sign-in: the refresh token's hash, rotated on every use. */
@Entity('sessions')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  userId: string;

  /** sha256 of the refresh token; the token itself is never stored. */
  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  /** Sessions rotated from one sign-in share a family; reuse of a rotated token revokes it. */
  @Column({ type: 'uuid' })
  familyId: string;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
