import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A playlist as sent, named by its hash; screens with the same content point at the same row. */
@Entity('playlist_documents')
export class PlaylistDocumentEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  version: string;

  /** The PlaylistDocument as JSON. */
  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn()
  createdAt: Date;
}
