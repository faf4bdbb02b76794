import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { matchesRule, type ScreenFacts, type ScreenRule } from '@loa/screens';
import { Clock } from '../clock/clock.js';
import { CreativeEvents } from '../creatives/creative-events.js';
import { idsOnPath } from '@loa/identity';
import { rooms } from '../realtime/rooms.js';
import { PlayerSockets } from '../realtime/player-sockets.js';
import { type ScreenChange, ScreenChanges } from '../screens/screen-changes.js';
import { type ResolvedGroup, ScreenGroupsService } from '../screens/screen-groups.service.js';
import { Screen } from '../screens/screen.entity.js';
import { PlaylistEntry } from './playlist-entry.entity.js';
import { PlaylistPublisher } from './playlist-publisher.js';
import { PlaylistService } from './playlist.service.js';
import { PlaylistSource } from './playlist-source.js';
import { planWindowAt } from './schedule-world.js';

/** How often the planning window is checked for a new day. */
const WINDOW_SWEEP_MS = 60_000;

/** The group and locality rooms a screen's sockets belong in. */
export function roomsOf(facts: ScreenFacts, groups: readonly ResolvedGroup[]): string[] {
  return [
    ...idsOnPath(facts.localityPath).map(rooms.locality),
    ...groups.filter((g) => matchesRule(facts, g.rule)).map((g) => rooms.group(g.id)),
  ];
}

/**
 * What makes a screen's playlist change, turned into marks for the publisher: screen edits,
 * group rule changes, creative review and processing, and creatives entering or leaving their
 * validity window as time passes. It also keeps sockets in the right group and locality rooms.
 */
@Injectable()
export class PlaylistTriggers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PlaylistTriggers');
  private readonly subscriptions: Subscription[] = [];
  private sweepTimer: NodeJS.Timeout | null = null;
  private windowFrom: number;
  private sweeps = 0;
  /** Trigger work under way: a change seen and not yet marked. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly publisher: PlaylistPublisher,
    private readonly playlists: PlaylistService,
    private readonly source: PlaylistSource,
    private readonly groups: ScreenGroupsService,
    private readonly sockets: PlayerSockets,
    private readonly screenChanges: ScreenChanges,
    private readonly creativeEvents: CreativeEvents,
  ) {
    this.windowFrom = planWindowAt(clock.now()).from;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscriptions.push(
      this.screenChanges.stream.subscribe((change) => void this.guard(this.onScreenChange(change))),
      this.creativeEvents.stream.subscribe(({ event }) => {
        if (event.type === 'creative.review' || event.type === 'creative.ready' || event.type === 'creative.failed') {
          void this.guard(this.creativeChanged(event.creativeId));
        }
      }),
    );
    // whatever changed while no server was running (creatives expired, a push lost at shutdown)
    const all = await this.dataSource.getRepository(Screen).find({ select: { id: true } });
    this.publisher.invalidate(all.map((s) => s.id));
    await this.playlists.sweepUnused();
    this.sweepTimer = setInterval(() => void this.guard(this.sweepWindow()), WINDOW_SWEEP_MS);
    this.sweepTimer.unref();
  }

  onApplicationShutdown(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  /**
   * Plans already hold when creatives, campaigns and donations start and stop, for fourteen days;
   * what time alone changes is the window: once a day every screen gets the next day added.
   */
  async sweepWindow(): Promise<void> {
    const window = planWindowAt(this.clock.now());
    if (window.from !== this.windowFrom) {
      const all = await this.dataSource.getRepository(Screen).find({ select: { id: true } });
      this.publisher.invalidate(all.map((s) => s.id));
      this.windowFrom = window.from;
    }
    if (++this.sweeps % 10 === 0) await this.playlists.sweepUnused();
  }

  /** Where these campaigns, donations or emergencies reach now: call before a change, hand it to scheduleChanged after. */
  async reachOf(ids: readonly string[]): Promise<string[]> {
    return this.source.screensReached(ids);
  }

  /** Of these campaigns, donations or emergencies, those that reach at least one of the screens. */
  async reachingAny(ids: readonly string[], screenIds: readonly string[]): Promise<Set<string>> {
    return this.source.reachingAny(ids, screenIds);
  }

  /** Marks every screen of a kind or profile (its loop policy changed). */
  async screensOfKindChanged(which: { kind: string } | { profileKey: string }): Promise<void> {
    const q = this.dataSource.getRepository(Screen).createQueryBuilder('s').select('s.id', 'id');
    if ('kind' in which) q.where('s.kind = :kind', { kind: which.kind });
    else q.where('s.profileKey = :profileKey', { profileKey: which.profileKey });
    this.publisher.invalidate((await q.getRawMany<{ id: string }>()).map((r) => r.id));
  }

  /** Marks the screens a change of campaigns, donations or emergencies affects: where they reached before and reach now. */
  async scheduleChanged(ids: readonly string[], before: readonly string[]): Promise<void> {
    await this.guard(
      (async () => {
        this.publisher.invalidate([...new Set([...before, ...(await this.source.screensReached(ids))])]);
      })(),
    );
  }

  async creativeChanged(creativeId: string): Promise<void> {
    this.publisher.invalidate(await this.source.screensUsing(creativeId));
  }

  /** Marks the screen or group's screens of a playlist entry that was added or removed. */
  async entryChanged(
    entry: Pick<PlaylistEntry, 'screenId' | 'groupId' | 'organisationId' | 'organisationPath'>,
  ): Promise<void> {
    // the entry is saved whatever happens here: a failure is logged, not answered as a failed request
    await this.guard(
      (async () => {
        if (entry.screenId) {
          this.publisher.invalidate([entry.screenId]);
          return;
        }
        // the screens are matched when the push reads them, not read here as well
        if (entry.organisationId) {
          this.publisher.invalidateWhere({ scopePath: entry.organisationPath, tags: [], localityPaths: [], kinds: [] });
          return;
        }
        const group = (await this.groups.allResolved()).find((g) => g.id === entry.groupId);
        if (group) this.publisher.invalidateWhere(group.rule);
      })(),
    );
  }

  private async onScreenChange(change: ScreenChange): Promise<void> {
    const groups = await this.groups.allResolved();
    if (change.type === 'screen') {
      if (
        change.before &&
        change.after &&
        (change.before.organisationPath !== change.after.organisationPath ||
          change.before.localityPath !== change.after.localityPath)
      ) {
        // who may watch it changed: its players reconnect, so presence and rooms start from the new place
        this.sockets.reconnect(change.screenId);
      } else if (change.before && change.after) {
        const before = new Set(roomsOf(change.before, groups));
        const after = new Set(roomsOf(change.after, groups));
        this.sockets.moveRooms(
          change.screenId,
          [...after].filter((r) => !before.has(r)),
          [...before].filter((r) => !after.has(r)),
        );
      }
      if (change.after) this.publisher.invalidate([change.screenId]);
      return;
    }
    const inRule = (facts: ScreenFacts, rule: ScreenRule | null) => rule !== null && matchesRule(facts, rule);
    const room = rooms.group(change.groupId);
    const moved: string[] = [];
    for (const { id, facts } of await this.groups.allScreenFacts()) {
      const was = inRule(facts, change.before);
      const is = inRule(facts, change.after);
      if (was === is) continue;
      this.sockets.moveRooms(id, is ? [room] : [], was ? [room] : []);
      moved.push(id);
    }
    this.publisher.invalidate(moved);
  }

  private async guard(work: Promise<void>): Promise<void> {
    const guarded = work.catch((error: unknown) => {
      this.logger.error(`playlist trigger failed: ${(error as Error).stack ?? String(error)}`);
    });
    this.inFlight.add(guarded);
    try {
      await guarded;
    } finally {
      this.inFlight.delete(guarded);
    }
  }

  /**
   * Resolves once every change seen so far is marked and pushed. A screen's change is marked a
   * moment after it is stored (its groups are read first), so waiting on the publisher alone can
   * come too early: tests wait here.
   */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    await this.publisher.idle();
  }
}
