import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last frame a screen sent when asked: small, replaced each time, so it lives in the database. */
@Entity('screen_screenshots')
export class ScreenScreenshot {
  @PrimaryColumn({ type: 'uuid' })
  screenId: string;

  @Column({ type: 'varchar', length: 40 })
  mimeType: string;

  /** Base64 text rather than a binary column: one type both engines share, for a few hundred kilobytes. */
  @Column({ type: 'text' })
  imageBase64: string;

  @Column({ type: Date })
  takenAt: Date;
}
