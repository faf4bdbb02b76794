import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DEFAULT_SCREEN_LAYOUT, type PlaylistDocument } from '@loa/protocol';
import type { ScreenRule } from '@loa/screens';
import type { ResolvedConfig } from '../config/config.module.js';
import type { PlayerSockets } from '../realtime/player-sockets.js';
import { PlaylistPublisher } from './playlist-publisher.js';
import type { PlaylistPush, PlaylistService, RefreshOptions } from './playlist.service.js';

const documentOf = (version: string): PlaylistDocument => ({
  version,
  generatedAt: '2020-08-20T00:00:00.000Z',
  timezone: 'Asia/Ho_Chi_Minh',
  operatingHours: null,
  layout: DEFAULT_SCREEN_LAYOUT,
  campaigns: [],
  items: [],
  plan: { from: 0, to: 0, loopSeconds: 120, slotSeconds: 10, cues: [], patterns: [], segments: [], shortfalls: [] },
});

/** A publisher with fakes around it: refresh answers one document for all marked screens. */
function setup(coalesceMs = 50, coalesceMaxMs = 1000, refreshMs = 0) {
  const refreshed: string[][] = [];
  const rules: (readonly ScreenRule[])[] = [];
  const sent: Array<{ version: string; screenIds: readonly string[] }> = [];
  const playlists = {
    refresh: async (ids: readonly string[], options: RefreshOptions = {}): Promise<PlaylistPush[]> => {
      refreshed.push([...ids]);
      rules.push(options.alsoMatching ?? []);
      if (refreshMs > 0) await new Promise((r) => setTimeout(r, refreshMs));
      return [{ document: documentOf(`v${refreshed.length}`), screenIds: [...ids] }];
    },
  } as unknown as PlaylistService;
  const sockets = {
    sendPlaylist: (screenIds: readonly string[], document: PlaylistDocument) =>
      sent.push({ version: document.version, screenIds }),
  } as unknown as PlayerSockets;
  const config = { screens: { coalesceMs, coalesceMaxMs } } as ResolvedConfig;
  return { publisher: new PlaylistPublisher(playlists, sockets, config), refreshed, rules, sent };
}

describe('PlaylistPublisher', () => {
  // the failed push below is logged as an error on purpose; the test's output need not show it
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']));
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('waits for a quiet moment: repeated marks of the same screen keep it waiting', async () => {
    const { publisher, refreshed } = setup(50);
    for (let i = 0; i < 20; i++) {
      publisher.invalidate(['screen-1']);
      await jest.advanceTimersByTimeAsync(10);
    }
    expect(refreshed).toEqual([]);
    await jest.advanceTimersByTimeAsync(50);
    expect(refreshed).toEqual([['screen-1']]);
  });

  it('does not wait longer than the maximum while marks keep coming', async () => {
    const { publisher, refreshed } = setup(50, 300);
    for (let i = 0; i < 50; i++) {
      publisher.invalidate([`screen-${i % 3}`]);
      await jest.advanceTimersByTimeAsync(10);
    }
    // 500 ms of marks every 10 ms: flushed at 300 ms, and once more after the last mark
    await jest.advanceTimersByTimeAsync(100);
    expect(refreshed).toHaveLength(2);
    expect(refreshed[0].sort()).toEqual(['screen-0', 'screen-1', 'screen-2']);
  });

  it('sends each changed document once, to every screen holding it', async () => {
    const { publisher, sent } = setup(10);
    publisher.invalidate(['a', 'b']);
    publisher.invalidate(['c', 'a']);
    await jest.advanceTimersByTimeAsync(20);
    expect(sent).toEqual([{ version: 'v1', screenIds: ['a', 'b', 'c'] }]);
  });

  it('hands rules marked in a burst to one recompute with the ids, each distinct rule once', async () => {
    const { publisher, refreshed, rules } = setup(10);
    const station: ScreenRule = { scopePath: '/p/', tags: ['Bến xe'], localityPaths: [], kinds: ['transit'] };
    const district: ScreenRule = { scopePath: '/p/d7/', tags: [], localityPaths: [], kinds: [] };
    publisher.invalidateWhere(station);
    publisher.invalidate(['a']);
    publisher.invalidateWhere({ kinds: ['transit'], localityPaths: [], tags: ['Bến xe'], scopePath: '/p/' });
    publisher.invalidateWhere(district);
    await jest.advanceTimersByTimeAsync(20);
    expect(refreshed).toEqual([['a']]);
    expect(rules).toEqual([[station, district]]);
    // a rule alone is a mark too, and waits for the quiet moment like any other
    publisher.invalidateWhere(district);
    await jest.advanceTimersByTimeAsync(5);
    publisher.invalidateWhere(district);
    await jest.advanceTimersByTimeAsync(5);
    expect(rules).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(10);
    expect(refreshed).toEqual([['a'], []]);
    expect(rules[1]).toEqual([district]);
    await expect(publisher.idle()).resolves.toBeUndefined();
  });

  it('runs one push at a time and pushes what was marked meanwhile right after', async () => {
    const { publisher, refreshed } = setup(10, 1000, 200);
    publisher.invalidate(['a']);
    await jest.advanceTimersByTimeAsync(20); // the first push is under way
    publisher.invalidate(['b']);
    await jest.advanceTimersByTimeAsync(20);
    expect(refreshed).toEqual([['a']]);
    await jest.advanceTimersByTimeAsync(400);
    expect(refreshed).toEqual([['a'], ['b']]);
    const idle = publisher.idle();
    await jest.advanceTimersByTimeAsync(250);
    await expect(idle).resolves.toBeUndefined();
  });

  it('keeps the screens and rules marked and tries again when a push fails', async () => {
    const refreshed: Array<[string[], readonly ScreenRule[]]> = [];
    let failures = 1;
    const playlists = {
      refresh: (ids: readonly string[], options: RefreshOptions = {}): Promise<PlaylistPush[]> => {
        refreshed.push([[...ids], options.alsoMatching ?? []]);
        if (failures-- > 0) return Promise.reject(new Error('SQLITE_BUSY: database is locked'));
        return Promise.resolve([{ document: documentOf('v2'), screenIds: [...ids] }]);
      },
    } as unknown as PlaylistService;
    const sent: string[] = [];
    const sockets = { sendPlaylist: (ids: readonly string[]) => sent.push(...ids) } as unknown as PlayerSockets;
    const publisher = new PlaylistPublisher(playlists, sockets, {
      screens: { coalesceMs: 10, coalesceMaxMs: 100 },
    } as ResolvedConfig);
    const rule: ScreenRule = { scopePath: null, tags: ['bench'], localityPaths: [], kinds: [] };
    publisher.invalidate(['a', 'b']);
    publisher.invalidateWhere(rule);
    await jest.advanceTimersByTimeAsync(20);
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1100);
    expect(refreshed).toEqual([
      [['a', 'b'], [rule]],
      [['a', 'b'], [rule]],
    ]);
    expect(sent).toEqual(['a', 'b']);
  });

  it('forgets marks at shutdown instead of pushing into a closing server', async () => {
    const { publisher, refreshed } = setup(50);
    publisher.invalidate(['a']);
    await publisher.onApplicationShutdown();
    publisher.invalidate(['b']);
    await jest.advanceTimersByTimeAsync(100);
    expect(refreshed).toEqual([]);
  });
});
