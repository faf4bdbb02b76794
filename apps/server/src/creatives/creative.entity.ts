import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CreativeKind, ImageFit } from '@loa/media-plan';
import { bigintAsNumber } from '../database/column-types.js';
import { Rendition } from './rendition.entity.js';

export const PROCESSING_STATUSES = ['processing', 'ready', 'failed'] as const;
export type ProcessingStatus = (typeof PROCESSING_STATUSES)[number];

export const REVIEW_STATES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** Why processing failed: a message key of media.* and its parameters, rendered in the reader's language. */
export interface FailureReason {
  readonly reason: string;
  readonly params: Record<string, string | number>;
}

/** A poster, clip or announcement as uploaded, with what Loa learnt about it and its review state. */
@Entity('creatives')
export class Creative {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Index()
  @Column({ type: 'varchar', length: 1024, nullable: true })
  organisationPath: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'simple-json' })
  tags: string[];

  @Column({ type: 'varchar', length: 10 })
  kind: CreativeKind;

  @Index()
  @Column({ type: 'varchar', length: 12 })
  status: ProcessingStatus;

  @Column({ type: 'simple-json', nullable: true })
  failure: FailureReason | null;

  /** 0 to 1 while processing. */
  @Column({ type: 'double precision', default: 0 })
  progress: number;

  @Index()
  @Column({ type: 'varchar', length: 12 })
  review: ReviewState;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  rejectionReason: string | null;

  @Column({ type: 'varchar', length: 10 })
  fit: ImageFit;

  @Column({ type: 'varchar', length: 7 })
  background: string;

  @Column({ type: Date, nullable: true })
  notBefore: Date | null;

  @Column({ type: Date, nullable: true })
  notAfter: Date | null;

  /** The original bytes; null once a refused upload has been cleaned away. */
  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'varchar', length: 255 })
  originalName: string;

  @Column({ type: 'varchar', length: 20 })
  format: string;

  @Column({ type: 'varchar', length: 100 })
  mimeType: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  byteSize: number;

  /** As displayed, after EXIF or container rotation. */
  @Column({ type: 'integer', nullable: true })
  width: number | null;

  @Column({ type: 'integer', nullable: true })
  height: number | null;

  @Column({ type: 'double precision', nullable: true })
  durationSeconds: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  videoCodec: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  audioCodec: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'uuid', nullable: true })
  submittedById: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedById: string | null;

  @Column({ type: Date, nullable: true })
  reviewedAt: Date | null;

  @OneToMany(() => Rendition, (rendition) => rendition.creative)
  renditions?: Rendition[];

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
