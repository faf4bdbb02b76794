import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ImageFit } from '@loa/media-plan';
import { bigintAsNumber } from '../database/column-types.js';

/** A resumable upload in progress: its bytes so far sit in the scratch folder under this id. */
@Entity('upload_sessions')
export class UploadSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  createdById: string;

  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  organisationPath: string | null;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  byteSize: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  receivedBytes: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'simple-json' })
  tags: string[];

  @Column({ type: 'varchar', length: 10 })
  fit: ImageFit;

  @Column({ type: 'varchar', length: 7 })
  background: string;

  @Column({ type: Date, nullable: true })
  notBefore: Date | null;

  @Column({ type: Date, nullable: true })
  notAfter: Date | null;

  /** The creative made from it once complete. */
  @Column({ type: 'uuid', nullable: true })
  creativeId: string | null;

  @Index()
  @Column({ type: Date })
  expiresAt: Date;

  @CreateDateColumn()
  createdAt: Date;
}
