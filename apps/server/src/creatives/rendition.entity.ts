import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { bigintAsNumber } from '../database/column-types.js';
import { Creative } from './creative.entity.js';

export const RENDITION_PURPOSES = ['display', 'poster', 'thumbnail', 'audio'] as const;
/** display: what screens play; poster: a clip's still; thumbnail: lists in the console; audio: loudspeakers. */
export type RenditionPurpose = (typeof RENDITION_PURPOSES)[number];

/** One file made from a creative for some screen profiles, stored by its own sha256. */
@Entity('renditions')
export class Rendition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  creativeId: string;

  @ManyToOne(() => Creative, (creative) => creative.renditions, { onDelete: 'CASCADE' })
  creative?: Relation<Creative>;

  @Column({ type: 'varchar', length: 12 })
  purpose: RenditionPurpose;

  /** Screen profile keys this file serves. */
  @Column({ type: 'simple-json' })
  profiles: string[];

  @Column({ type: 'varchar', length: 10 })
  format: string;

  @Column({ type: 'varchar', length: 100 })
  mimeType: string;

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

  @Index()
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  byteSize: number;

  /** What produced it ("transcode", "remux", "sharp", "loudnorm"), and for images the fit and background. */
  @Column({ type: 'varchar', length: 40 })
  recipe: string;

  @CreateDateColumn()
  createdAt: Date;
}
