import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@loa/identity';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased, so sign-in is case-insensitive on every engine. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  /** Null only for system administrators, whose scope is everything. */
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Set for one-time passwords; the console asks for a new one at first sign-in. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** Designated staff may trigger emergency takeovers in their scope (administrators always may). */
  @Column({ type: 'boolean', default: false })
  mayTriggerEmergencies: boolean;

  @Column({ type: Date, nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
