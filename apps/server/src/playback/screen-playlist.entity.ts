import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The playlist document last made for each screen. A narrow table of its own: a push to ten
 * thousand screens writes ten thousand of these, and rewriting that many wide screen rows
 * instead took five times as long (bench:fanout).
 */
@Entity('screen_playlists')
export class ScreenPlaylist {
  @PrimaryColumn({ type: 'uuid' })
  screenId: string;

  @Column({ type: 'varchar', length: 64 })
  version: string;
}
