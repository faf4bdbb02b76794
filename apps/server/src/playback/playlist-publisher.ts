import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ScreenRule, stableStringify } from '@loa/screens';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { PlayerSockets } from '../realtime/player-sockets.js';
import { PlaylistService } from './playlist.service.js';

/** How long a failed push waits before it is tried again. */
const RETRY_MS = 1000;

/**
 * The push path. Changes mark screens, by id or by a rule (a group's, an owner's subtree), which
 * is matched when the recompute reads the screens: a change to a group of ten thousand screens
 * then costs its request no read of them, and the push reads them once. After a quiet moment
 * (PLAYLIST_COALESCE_MS, at most PLAYLIST_COALESCE_MAX_MS after the first mark) the marked
 * screens are recomputed once and each changed document is broadcast once to all the screens
 * that now hold it. A burst of a hundred edits therefore becomes one push per screen, and
 * screens whose playlist did not actually change receive nothing.
 */
@Injectable()
export class PlaylistPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('PlaylistPublisher');
  private readonly pending = new Set<string>();
  /** Rules by their JSON: a burst of edits to one group marks it once. */
  private readonly pendingRules = new Map<string, ScreenRule>();
  private firstMarkAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private flushWhenDone = false;
  private stopped = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly playlists: PlaylistService,
    private readonly sockets: PlayerSockets,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /** These screens' playlists may have changed. */
  invalidate(screenIds: Iterable<string>): void {
    if (this.stopped) return;
    let marked = false;
    for (const id of screenIds) {
      this.pending.add(id);
      marked = true;
    }
    if (marked) this.marked();
  }

  /** The playlists of the screens this rule matches may have changed (matched when they are recomputed). */
  invalidateWhere(rule: ScreenRule): void {
    if (this.stopped) return;
    this.pendingRules.set(stableStringify(rule), rule);
    this.marked();
  }

  /** Every mark is activity, even of a screen already marked: the quiet time starts again. */
  private marked(): void {
    const now = performance.now();
    if (this.firstMarkAt === 0) this.firstMarkAt = now;
    const { coalesceMs, coalesceMaxMs } = this.config.screens;
    const delay = Math.max(0, Math.min(coalesceMs, coalesceMaxMs - (now - this.firstMarkAt)));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), delay);
  }

  /** Resolves once nothing is marked or being pushed (tests and shutdown wait here). */
  idle(): Promise<void> {
    if (!this.anyPending() && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private flush(): void {
    this.timer = null;
    if (this.running) {
      this.flushWhenDone = true;
      return;
    }
    const screenIds = [...this.pending];
    const rules = [...this.pendingRules];
    this.pending.clear();
    this.pendingRules.clear();
    this.firstMarkAt = 0;
    this.running = this.push(
      screenIds,
      rules.map(([, rule]) => rule),
    )
      .catch((error: unknown) => {
        // the database said no (busy, restarting): the screens stay marked and are tried again
        this.logger.error(`playlist push failed, retrying: ${(error as Error).stack ?? String(error)}`);
        if (!this.stopped) {
          for (const id of screenIds) this.pending.add(id);
          for (const [key, rule] of rules) this.pendingRules.set(key, rule);
          this.flushWhenDone = false;
          this.timer ??= setTimeout(() => this.flush(), RETRY_MS);
        }
      })
      .finally(() => {
        this.running = null;
        if (this.flushWhenDone) {
          this.flushWhenDone = false;
          if (this.anyPending() && !this.timer) this.flush();
        }
        if (!this.anyPending() && !this.running) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      });
  }

  private anyPending(): boolean {
    return this.pending.size > 0 || this.pendingRules.size > 0;
  }

  private async push(screenIds: string[], rules: ScreenRule[]): Promise<void> {
    if ((screenIds.length === 0 && rules.length === 0) || this.stopped) return;
    const started = performance.now();
    const pushes = await this.playlists.refresh(screenIds, { alsoMatching: rules });
    const computed = performance.now();
    for (const { document, screenIds: holders } of pushes) this.sockets.sendPlaylist(holders, document);
    if (pushes.length > 0) {
      const screens = pushes.reduce((n, p) => n + p.screenIds.length, 0);
      const ms = (from: number, to: number) => `${(to - from).toFixed(0)} ms`;
      this.logger.debug(
        `pushed ${pushes.length} playlist(s) to ${screens} screen(s), marked: ${screenIds.length} by id, ${rules.length} rule(s); ` +
          `recomputed and stored in ${ms(started, computed)}, sent in ${ms(computed, performance.now())}`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // what is still marked is recomputed at the next start
    this.pending.clear();
    this.pendingRules.clear();
    await this.running;
  }
}
