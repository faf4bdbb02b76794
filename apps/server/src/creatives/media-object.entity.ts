import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-types.js';

/** Stored bytes, addressed by their sha256; originals and renditions of any creative point here. */
@Entity('media_objects')
export class MediaObject {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  byteSize: number;

  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @CreateDateColumn()
  createdAt: Date;
}
