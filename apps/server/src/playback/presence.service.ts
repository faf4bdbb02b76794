import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Scope, scopeContains } from '@loa/identity';
import type { Heartbeat, Hello, ScreenStatus } from '@loa/protocol';
import { Clock } from '../clock/clock.js';
import { driverCodeOf, isConstraintViolation } from '../database/constraint-violation.js';
import { PlayerSockets } from '../realtime/player-sockets.js';
import { OFFLINE_AFTER_MS } from '../screens/screens.service.js';
import { updateById } from '../database/rows-by.js';
import { Screen } from '../screens/screen.entity.js';

/** Presence is written in batches: ten thousand heartbeats are a few transactions, not ten thousand. */
const FLUSH_EVERY_MS = 1000;
const ROWS_PER_FLUSH = 2000;

interface Live {
  readonly paths: readonly string[];
  sockets: number;
  status: ScreenStatus;
}

type PresenceColumns = Partial<
  Pick<Screen, 'online' | 'lastSeenAt' | 'playerVersion' | 'viewport' | 'freeBytes' | 'mediaCache' | 'playing'>
>;

/**
 * Which screens are connected to this process, what they last said, and the console's live
 * view of it: each change goes to the consoles at once, and to the database within a second.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Presence');
  private readonly live = new Map<string, Live>();
  private readonly dirty = new Map<string, PresenceColumns>();
  /** Paths of organisations and localities, kept once (they are as few as the organisations). */
  private readonly paths = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly sockets: PlayerSockets,
  ) {}

  onModuleInit(): void {
    let ticks = 0;
    this.timer = setInterval(() => {
      if (++ticks % 10 === 0) this.markSilentOffline();
      void this.flush();
    }, FLUSH_EVERY_MS);
    this.timer.unref();
  }

  /**
   * A player that stays connected but stops sending heartbeats (a frozen page, a hung box) is
   * offline for the console after three missed ones, though its socket is still open.
   */
  markSilentOffline(): void {
    const now = this.clock.now().getTime();
    for (const [screenId, live] of this.live) {
      const lastSeen = live.status.lastSeenAt === null ? 0 : Date.parse(live.status.lastSeenAt);
      if (!live.status.online || now - lastSeen < OFFLINE_AFTER_MS) continue;
      live.status = { ...live.status, online: false, playing: null };
      this.dirty.set(screenId, { ...this.dirty.get(screenId), online: false, playing: null });
      this.sockets.screenStatus(live.paths, live.status);
    }
  }

  /**
   * One copy of each owner and place path for all live screens: each row read brings its own
   * copy, and thousands of screens stand under a few hundred paths.
   */
  private shared(path: string): string {
    let found = this.paths.get(path);
    if (found === undefined) this.paths.set(path, (found = path));
    return found;
  }

  /** A socket of this screen connected with a valid token. */
  attached(screen: Screen): void {
    const live = this.live.get(screen.id);
    if (live) {
      live.sockets += 1;
      return;
    }
    this.live.set(screen.id, {
      paths: [this.shared(screen.organisationPath), this.shared(screen.localityPath)],
      sockets: 1,
      status: {
        screenId: screen.id,
        online: false,
        lastSeenAt: screen.lastSeenAt?.toISOString() ?? null,
        playerVersion: screen.playerVersion,
        viewport: screen.viewport,
        freeBytes: screen.freeBytes,
        cache: screen.mediaCache,
        playing: null,
        heldPlaylistVersion: null,
      },
    });
  }

  /** What this process knows now of the screens connected to it within a scope: a console's first view. */
  liveWithin(scope: Scope): ScreenStatus[] {
    const out: ScreenStatus[] = [];
    for (const live of this.live.values()) {
      if (live.paths.some((path) => scopeContains(scope, path))) out.push(live.status);
    }
    return out;
  }

  hello(screenId: string, hello: Hello): void {
    this.update(screenId, {
      online: true,
      playerVersion: hello.playerVersion,
      viewport: hello.screen,
      freeBytes: hello.freeBytes,
      heldPlaylistVersion: hello.playlistVersion,
    });
  }

  heartbeat(screenId: string, heartbeat: Heartbeat): void {
    this.update(screenId, {
      online: true,
      playing: heartbeat.playing,
      freeBytes: heartbeat.freeBytes,
      cache: heartbeat.cache ?? null,
      heldPlaylistVersion: heartbeat.playlistVersion,
    });
  }

  detached(screenId: string): void {
    const live = this.live.get(screenId);
    if (!live) return;
    live.sockets -= 1;
    if (live.sockets > 0) return;
    this.update(screenId, { online: false, playing: null });
    this.live.delete(screenId);
  }

  private update(screenId: string, change: Partial<Omit<ScreenStatus, 'screenId' | 'lastSeenAt'>>): void {
    const live = this.live.get(screenId);
    if (!live) return;
    const now = this.clock.now();
    const before = live.status;
    live.status = { ...before, ...change, lastSeenAt: now.toISOString() };
    const columns: PresenceColumns = { lastSeenAt: now };
    if (change.online !== undefined) columns.online = change.online;
    if (change.playerVersion !== undefined) columns.playerVersion = change.playerVersion;
    if (change.viewport !== undefined) columns.viewport = change.viewport;
    if (change.freeBytes !== undefined) columns.freeBytes = change.freeBytes;
    if (change.cache !== undefined) columns.mediaCache = change.cache;
    if (change.playing !== undefined) columns.playing = change.playing;
    this.dirty.set(screenId, { ...this.dirty.get(screenId), ...columns });
    // the console hears about what it shows (online, what plays, the player), not every heartbeat
    const noticed =
      before.online !== live.status.online ||
      JSON.stringify(before.playing) !== JSON.stringify(live.status.playing) ||
      before.playerVersion !== live.status.playerVersion ||
      JSON.stringify(before.cache) !== JSON.stringify(live.status.cache) ||
      before.heldPlaylistVersion !== live.status.heldPlaylistVersion;
    if (noticed) this.sockets.screenStatus(live.paths, live.status);
  }

  /** Writes what changed since the last flush, a bounded batch at a time. */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.dirty.size === 0) return;
    const batch = [...this.dirty.entries()].slice(0, ROWS_PER_FLUSH);
    for (const [id] of batch) this.dirty.delete(id);
    this.flushing = this.dataSource
      .transaction(async (manager) => {
        for (const [id, columns] of batch) await updateById(manager, Screen, id, columns);
      })
      .catch(async (error: unknown) => {
        this.logger.warn(`presence batch not saved (${(error as Error).message}); saving row by row`);
        // one bad row must not hold up the others; a busy database gets them back for the next flush
        const screens = this.dataSource.getRepository(Screen);
        for (const [id, columns] of batch) {
          try {
            await screens.update({ id }, columns);
          } catch (rowError) {
            if (isConstraintViolation(rowError) || driverCodeOf(rowError) === '22P02') {
              this.logger.warn(`presence of screen ${id} dropped: ${(rowError as Error).message}`);
            } else {
              this.dirty.set(id, { ...columns, ...this.dirty.get(id) });
            }
          }
        }
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // the sockets this process held are gone with it
    for (const screenId of this.live.keys()) {
      this.dirty.set(screenId, {
        ...this.dirty.get(screenId),
        online: false,
        playing: null,
        lastSeenAt: this.clock.now(),
      });
    }
    this.live.clear();
    while (this.dirty.size > 0 || this.flushing) {
      await this.flushing;
      if (this.dirty.size === 0) break;
      const before = this.dirty.size;
      await this.flush();
      if (this.dirty.size >= before) break;
    }
  }
}
