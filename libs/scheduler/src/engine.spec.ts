import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import {
  expandPlan,
  type Play,
  playAt,
  playsOf,
  type SchedulePlan,
  shortfallSeconds,
  type Weekday,
} from '@loa/protocol';
import { loopPolicyProblem, PlanCache, planScreen, shortestRepeat } from './engine.js';
import type {
  CampaignCreative,
  FillerEntry,
  ScheduleCampaign,
  ScheduleCreative,
  ScheduleDonation,
  ScheduleEmergency,
  ScheduleInput,
  ScheduleScreen,
  Targeting,
} from './model.js';
import { NO_TARGETING } from './targeting.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const ALL_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const utc = (iso: string) => Date.parse(iso);
/** Monday 2026-05-04, local midnight in Ho Chi Minh City. */
const MONDAY = utc('2026-05-04T00:00+07:00');

const screenOf = (over: Partial<ScheduleScreen> = {}): ScheduleScreen => ({
  id: 'screen-1',
  kind: 'elevator',
  tags: ['Lobby'],
  localityPath: '/vn/hcm/q1/ben-nghe/',
  organisationPath: '/acme/tower/',
  venue: 'Saigon Centre',
  groupIds: ['g-lobbies'],
  timezone: 'Asia/Ho_Chi_Minh',
  operatingHours: null,
  ...over,
});

const image = (id: string, over: Partial<ScheduleCreative> = {}): ScheduleCreative => ({
  id,
  kind: 'image',
  durationSeconds: null,
  validFrom: null,
  validUntil: null,
  ...over,
});
const video = (id: string, seconds: number): ScheduleCreative => ({
  id,
  kind: 'video',
  durationSeconds: seconds,
  validFrom: null,
  validUntil: null,
});
const uses = (...ids: string[]): CampaignCreative[] =>
  ids.map((creativeId) => ({ creativeId, weight: 1, durationSeconds: null }));

const campaignOf = (id: string, creativeIds: string[], over: Partial<ScheduleCampaign> = {}): ScheduleCampaign => ({
  id,
  ownerPath: '/acme/',
  priority: 'campaign',
  flightStart: 0,
  flightEnd: utc('2030-01-01T00:00Z'),
  dayparts: [],
  targeting: NO_TARGETING,
  creatives: uses(...creativeIds),
  frequency: null,
  minGapSeconds: null,
  acceptsDonations: false,
  ...over,
});

const donationOf = (id: string, over: Partial<ScheduleDonation> = {}): ScheduleDonation => ({
  id,
  donorPath: '/acme/',
  campaignId: null,
  amount: { kind: 'secondsPerLoop', seconds: 20 },
  targeting: NO_TARGETING,
  start: 0,
  end: null,
  dayparts: [],
  withdrawnAt: null,
  maxPlaysPerDay: null,
  ...over,
});

const emergencyOf = (id: string, over: Partial<ScheduleEmergency> = {}): ScheduleEmergency => ({
  id,
  scopePath: null,
  localityPaths: [],
  groupIds: [],
  creativeId: null,
  message: { text: `Alert ${id}` },
  durationSeconds: null,
  start: MONDAY + 10 * HOUR,
  end: MONDAY + 11 * HOUR,
  cancelledAt: null,
  ...over,
});

const fillerOf = (id: string, creativeId: string, target: FillerEntry['target'], position = 0): FillerEntry => ({
  id,
  creativeId,
  durationSeconds: null,
  position,
  target,
});

const targetingOf = (over: Partial<Targeting>): Targeting => ({ ...NO_TARGETING, ...over });

interface Setup extends Omit<Partial<ScheduleInput>, 'creatives'> {
  readonly creatives?: readonly ScheduleCreative[];
}

/** A screen in Ho Chi Minh City, always on, 60 s loops of 10 s slots, a house poster as filler, one day. */
function inputOf(setup: Setup = {}): ScheduleInput {
  const creatives = setup.creatives ?? [];
  return {
    screen: screenOf(),
    policy: { loopSeconds: 60, slotSeconds: 10 },
    campaigns: [],
    donations: [],
    emergencies: [],
    fillers: [fillerOf('f-house', 'house', { kind: 'organisation', organisationPath: '/acme/' })],
    from: MONDAY,
    to: MONDAY + DAY,
    ...setup,
    creatives: new Map([image('house'), ...creatives].map((c) => [c.id, c])),
  };
}

const allPlays = (plan: SchedulePlan): Play[] => expandPlan(plan, plan.from, plan.to);
const run = (setup: Setup = {}) => {
  const plan = planScreen(inputOf(setup));
  return { plan, plays: allPlays(plan) };
};
const ofCampaign = (plays: readonly Play[], id: string) => plays.filter((p) => p.cue.campaignId === id);
const ofDonation = (plays: readonly Play[], id: string) => plays.filter((p) => p.cue.donationId === id);
/** Plays starting in each clock hour of [from, to). */
const perHour = (plays: readonly Play[], from: number, to: number): number[] => {
  const counts = new Array<number>(Math.ceil((to - from) / HOUR)).fill(0);
  for (const p of plays) if (p.start >= from && p.start < to) counts[Math.floor((p.start - from) / HOUR)]++;
  return counts;
};
const local = (at: number, zone: string) => DateTime.fromMillis(at, { zone });

/** The plays leave no gap in [from, to): the first problem found, or null. */
function gapIn(plays: readonly Play[], from: number, to: number): string | null {
  let cursor = from;
  for (const p of plays) {
    if (p.end <= from || p.start >= to) continue;
    if (p.start > cursor) return `nothing plays from ${new Date(cursor).toISOString()}`;
    cursor = Math.max(cursor, p.end);
  }
  return cursor >= to ? null : `nothing plays from ${new Date(cursor).toISOString()}`;
}
const expectCovered = (plays: readonly Play[], from: number, to: number) => expect(gapIn(plays, from, to)).toBeNull();

function expectNoOverlap(plays: readonly Play[]) {
  const overlapping = plays.findIndex((p, i) => i > 0 && p.start < plays[i - 1].end);
  expect(overlapping).toBe(-1);
}

/** Consecutive plays start at least `seconds` apart. */
function expectApart(plays: readonly Play[], seconds: number) {
  const near = plays.filter((p, i) => i > 0 && p.start - plays[i - 1].start < seconds * 1000);
  expect(near.map((p) => new Date(p.start).toISOString())).toEqual([]);
}

describe('shortestRepeat', () => {
  it('sends an hour of alike loops as one loop, and loops that repeat every few as those few', () => {
    const loop = (i: number) => [0, 10, 20].map((o, j) => [i * 30 + o, 10, (i + j) % 2] as const);
    const alike = Array.from({ length: 120 }, (_, i) => [0, 10, 20].map((o, j) => [i * 30 + o, 10, j] as const)).flat();
    expect(shortestRepeat(3600, alike, 30)).toEqual({ periodSeconds: 30, plays: alike.slice(0, 3) });
    const alternating = Array.from({ length: 120 }, (_, i) => loop(i)).flat();
    expect(shortestRepeat(3600, alternating, 30)).toEqual({ periodSeconds: 60, plays: alternating.slice(0, 6) });
    // one loop unlike the others: the whole period stays
    const odd = alternating.map(([o, l, c]) => (o === 1800 ? ([o, l, 7] as const) : ([o, l, c] as const)));
    expect(shortestRepeat(3600, odd, 30).periodSeconds).toBe(3600);
    // where a filling says where its loops start, the same answers without reading each play's offset
    const threeALoop = Int32Array.from({ length: 121 }, (_, i) => i * 3);
    expect(shortestRepeat(3600, alike, 30, threeALoop)).toEqual({ periodSeconds: 30, plays: alike.slice(0, 3) });
    expect(shortestRepeat(3600, alternating, 30, threeALoop)).toEqual({
      periodSeconds: 60,
      plays: alternating.slice(0, 6),
    });
    expect(shortestRepeat(3600, odd, 30, threeALoop).periodSeconds).toBe(3600);
  });

  it('gives the same plays as the full period', () => {
    const from = Date.UTC(2020, 7, 10);
    const full = {
      from,
      to: from + DAY,
      loopSeconds: 120,
      slotSeconds: 10,
      cues: [],
      segments: [] as never[],
      shortfalls: [],
    };
    const plays = Array.from({ length: 30 }, (_, i) => [0, 60].map((o, j) => [i * 120 + o, 60, j] as const)).flat();
    const short = shortestRepeat(3600, plays, 120);
    const cues = [0, 1].map((i) => ({
      creativeId: `c${i}`,
      message: null,
      reason: 'filler' as const,
      campaignId: null,
      donationId: null,
      emergencyId: null,
      entryId: null,
    }));
    const segment = { start: from + 600_000, end: from + DAY - 600_000, anchor: from, pattern: 0 };
    const long: SchedulePlan = { ...full, cues, patterns: [{ periodSeconds: 3600, plays }], segments: [segment] };
    const shortPlan: SchedulePlan = { ...full, cues, patterns: [short], segments: [segment] };
    expect(expandPlan(shortPlan, from, from + DAY)).toEqual(expandPlan(long, from, from + DAY));
  });
});

describe('PlanCache.loopCounts', () => {
  it('hands out one list per distinct content, told apart exactly where their hashes meet', () => {
    const cache = new PlanCache();
    const counts = cache.loopCounts([0, 1, 0, 1]);
    expect(cache.loopCounts([0, 1, 0, 1])).toBe(counts);
    expect(cache.loopCounts([0, 1, 1, 0])).not.toBe(counts);
    expect(cache.loopCounts([0, 1, 0])).not.toBe(counts);
    // the hash reads whole numbers: shortfall seconds of a fractional slot meet it, not each other
    const whole = cache.loopCounts([5, 0]);
    const fractional = cache.loopCounts([5.5, 0]);
    expect(fractional).not.toBe(whole);
    expect(fractional).toEqual([5.5, 0]);
    expect(cache.loopCounts([5.5, 0])).toBe(fractional);
  });
});

describe('PlanCache.campaignFacts', () => {
  it('reads a campaign anew under another catalogue of creatives, zone or loop, as a plan without a cache does', () => {
    const cache = new PlanCache();
    // the same campaign object throughout: what is kept of it is told apart by catalogue and key
    const campaign = campaignOf('c', ['a', 'b', 'clip'], {
      frequency: { kind: 'perHour', plays: 12 },
      dayparts: [{ days: ALL_DAYS, from: '08:00', to: '20:00' }],
    });
    const first = inputOf({ creatives: [image('a'), image('b'), video('clip', 15)], campaigns: [campaign] });
    const shorter = inputOf({
      creatives: [image('a', { validUntil: MONDAY + 12 * HOUR }), image('b'), video('clip', 15)],
      campaigns: [campaign],
    });
    // the same catalogue, with its dayparts in another zone and its clip in one slot of 20 s instead of two of 10
    const abroad = {
      ...first,
      screen: screenOf({ timezone: 'Europe/Berlin' }),
      policy: { loopSeconds: 120, slotSeconds: 20 },
    };
    const planned = [first, shorter, abroad, first, shorter].map((input) => planScreen(input, cache));
    expect(planned).toEqual([first, shorter, abroad, first, shorter].map((input) => planScreen(input)));
    // the creative that is no longer valid is gone from the afternoon
    const afternoon = expandPlan(planned[1], MONDAY + 13 * HOUR, MONDAY + 14 * HOUR);
    expect(afternoon.some((p) => p.cue.creativeId === 'a')).toBe(false);
    expect(afternoon.some((p) => p.cue.creativeId === 'b')).toBe(true);
  });
});

describe('loopPolicyProblem', () => {
  it('accepts loops dividing an hour with slots dividing the loop', () => {
    expect(loopPolicyProblem({ loopSeconds: 60, slotSeconds: 10 })).toBeNull();
    expect(loopPolicyProblem({ loopSeconds: 300, slotSeconds: 15 })).toBeNull();
    expect(loopPolicyProblem({ loopSeconds: 3600, slotSeconds: 3600 })).toBeNull();
  });

  it('refuses the rest, and planScreen throws on them', () => {
    expect(loopPolicyProblem({ loopSeconds: 70, slotSeconds: 10 })).toMatch(/divide an hour/);
    expect(loopPolicyProblem({ loopSeconds: 60, slotSeconds: 7 })).toMatch(/divide the loop/);
    expect(loopPolicyProblem({ loopSeconds: 0, slotSeconds: 0 })).toMatch(/above zero/);
    expect(loopPolicyProblem({ loopSeconds: 60.5, slotSeconds: 10 })).toMatch(/whole seconds/);
    expect(() => planScreen(inputOf({ policy: { loopSeconds: 70, slotSeconds: 10 } }))).toThrow(/loop policy/);
  });
});

describe('planScreen: the basic loop', () => {
  it('fills every loop with filler when nothing else plays, with no gap', () => {
    const { plan, plays } = run();
    expect(plays).toHaveLength(24 * 60 * 6);
    expect(plays.every((p) => p.cue.reason === 'filler' && p.cue.creativeId === 'house' && !p.cut)).toBe(true);
    expectCovered(plays, plan.from, plan.to);
    expect(plan.segments).toHaveLength(1);
    expect(plan.loopSeconds).toBe(60);
    expect(plan.slotSeconds).toBe(10);
  });

  it('leaves airtime empty (no plays) when there is no filler and no campaign', () => {
    const { plan, plays } = run({ fillers: [] });
    expect(plays).toEqual([]);
    // the screen is on: a segment says so, with a pattern of no plays
    expect(plan.segments).toEqual([{ start: MONDAY, end: MONDAY + DAY, anchor: MONDAY, pattern: 0 }]);
    expect(plan.patterns).toEqual([{ periodSeconds: 60, plays: [] }]);
  });

  it('lets a campaign without frequency take every slot it can', () => {
    const { plays } = run({ creatives: [image('a'), image('b')], campaigns: [campaignOf('c', ['a', 'b'])] });
    expect(plays.every((p) => p.cue.campaignId === 'c' && p.cue.reason === 'campaign')).toBe(true);
    expect(plays.filter((p) => p.cue.creativeId === 'a')).toHaveLength(plays.length / 2);
  });

  it('rounds a clip up to whole slots and an image shows for its duration', () => {
    const { plays } = run({
      creatives: [video('clip', 14), image('poster')],
      campaigns: [
        campaignOf('c', [], {
          creatives: [
            { creativeId: 'clip', weight: 1, durationSeconds: null },
            { creativeId: 'poster', weight: 1, durationSeconds: 25 },
          ],
          frequency: { kind: 'perHour', plays: 4 },
        }),
      ],
    });
    const lengths = new Set(ofCampaign(plays, 'c').map((p) => [p.cue.creativeId, (p.end - p.start) / 1000].join()));
    expect([...lengths].sort()).toEqual(['clip,20', 'poster,30']);
  });

  it('never plays a clip longer than the loop', () => {
    const { plays } = run({ creatives: [video('long', 90)], campaigns: [campaignOf('c', ['long'])] });
    expect(ofCampaign(plays, 'c')).toEqual([]);
  });
});

describe('planScreen: frequencies', () => {
  it('plays a campaign "every 15 minutes" exactly 4 times per clock hour, 15 minutes apart', () => {
    const { plays } = run({
      creatives: [image('a')],
      campaigns: [campaignOf('c', ['a'], { frequency: { kind: 'every', minutes: 15 } })],
    });
    const mine = ofCampaign(plays, 'c');
    expect(perHour(mine, MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(4));
    for (let i = 1; i < mine.length; i++) expect(mine[i].start - mine[i - 1].start).toBe(15 * MINUTE);
  });

  it('plays "N per hour" N times in every clock hour', () => {
    for (const n of [1, 7, 30, 50]) {
      const { plays } = run({
        creatives: [image('a')],
        campaigns: [campaignOf('c', ['a'], { frequency: { kind: 'perHour', plays: n } })],
      });
      expect(perHour(ofCampaign(plays, 'c'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(n));
    }
  });

  it('plays "every 45 minutes" 4 times in each 3 hours', () => {
    const { plays } = run({
      creatives: [image('a')],
      campaigns: [campaignOf('c', ['a'], { frequency: { kind: 'every', minutes: 45 } })],
    });
    const hours = perHour(ofCampaign(plays, 'c'), MONDAY, MONDAY + DAY);
    for (let h = 0; h < 24; h += 3) expect(hours[h] + hours[h + 1] + hours[h + 2]).toBe(4);
    const mine = ofCampaign(plays, 'c');
    for (let i = 1; i < mine.length; i++) expect(mine[i].start - mine[i - 1].start).toBe(45 * MINUTE);
  });

  it('shares scarce airtime among frequencies of one class rather than first come', () => {
    // 60 s loops of 30 s: 120 slots an hour, asked for 100 + 100
    const { plays } = run({
      policy: { loopSeconds: 60, slotSeconds: 30 },
      creatives: [image('a'), image('b')],
      campaigns: [
        campaignOf('c1', ['a'], { frequency: { kind: 'perHour', plays: 100 } }),
        campaignOf('c2', ['b'], { frequency: { kind: 'perHour', plays: 100 } }),
      ],
    });
    const one = ofCampaign(plays, 'c1').length / 24;
    const two = ofCampaign(plays, 'c2').length / 24;
    expect(one + two).toBe(120);
    expect(Math.abs(one - two)).toBeLessThanOrEqual(2);
  });

  it('keeps its count with a heavy clip that does not fit beside a poster that does', () => {
    // 60 s loops of 30 s slots, half of each taken by an emergency-class poster: a 40 s clip
    // never fits, the poster must take every play
    const { plays } = run({
      policy: { loopSeconds: 60, slotSeconds: 30 },
      creatives: [video('clip', 40), image('a'), image('u')],
      campaigns: [
        campaignOf('urgent', ['u'], { priority: 'emergency', frequency: { kind: 'perHour', plays: 60 } }),
        campaignOf('c', [], {
          creatives: [
            { creativeId: 'clip', weight: 3, durationSeconds: null },
            { creativeId: 'a', weight: 1, durationSeconds: null },
          ],
          frequency: { kind: 'perHour', plays: 30 },
        }),
      ],
    });
    expect(perHour(ofCampaign(plays, 'c'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(30));
    expect(ofCampaign(plays, 'c').every((p) => p.cue.creativeId === 'a')).toBe(true);
  });

  it('keeps a frequency that comes out whole only over days beside one that does over hours', () => {
    // every 150 minutes alone repeats in 5 hours, every 7 minutes in 7: together, 35 hours
    const { plays } = run({
      creatives: [image('a'), image('b')],
      campaigns: [
        campaignOf('rare', ['a'], { frequency: { kind: 'every', minutes: 150 } }),
        campaignOf('often', ['b'], { frequency: { kind: 'every', minutes: 7 } }),
      ],
    });
    expect(Math.abs(ofCampaign(plays, 'rare').length - 24 * 0.4)).toBeLessThanOrEqual(1);
    expect(Math.abs(ofCampaign(plays, 'often').length - (24 * 60) / 7)).toBeLessThanOrEqual(2);
  });

  it('never shows the same creative twice in a row where one period runs into the next', () => {
    const { plays } = run({
      to: MONDAY + 3 * HOUR,
      policy: { loopSeconds: 120, slotSeconds: 10 },
      creatives: [image('x'), image('y'), image('z'), video('v', 25)],
      campaigns: [
        campaignOf('c0', [], { creatives: [...uses('x'), { ...uses('y')[0], weight: 3 }] }),
        campaignOf('c1', ['z'], { frequency: { kind: 'every', minutes: 5 } }),
        campaignOf('c2', ['v']),
      ],
    });
    const twice = plays.filter((p, i) => i > 0 && p.cue.creativeId === plays[i - 1].cue.creativeId);
    expect(twice.map((p) => new Date(p.start).toISOString())).toEqual([]);
  });

  it('survives an absurd frequency', () => {
    const { plays } = run({
      to: MONDAY + HOUR,
      creatives: [image('a')],
      campaigns: [campaignOf('c', ['a'], { frequency: { kind: 'every', minutes: 0 } })],
    });
    expect(ofCampaign(plays, 'c')).toHaveLength(360);
  });

  it('lowers a frequency to respect the minimum gap', () => {
    const { plays } = run({
      creatives: [image('a')],
      campaigns: [campaignOf('c', ['a'], { frequency: { kind: 'perHour', plays: 30 }, minGapSeconds: 600 })],
    });
    // kept wherever in their loops two plays fall (one at a loop's end, the next at a loop's start):
    // 11 loops of 60 s apart, so 5 an hour
    const counts = perHour(ofCampaign(plays, 'c'), MONDAY, MONDAY + DAY);
    expect(counts.every((n) => n === 5 || n === 6)).toBe(true);
    expectApart(ofCampaign(plays, 'c'), 600);
  });

  it('keeps a campaign’s plays its minimum gap apart, across loops and periods', () => {
    const { plays } = run({
      creatives: [image('a'), image('b')],
      campaigns: [
        campaignOf('often', ['a', 'b'], { minGapSeconds: 600 }),
        campaignOf('rare', ['a'], { minGapSeconds: 7200 }),
      ],
    });
    expectApart(ofCampaign(plays, 'often'), 600);
    expect(ofCampaign(plays, 'often').length).toBeGreaterThanOrEqual(5 * 24);
    expectApart(ofCampaign(plays, 'rare'), 7200);
    expect(ofCampaign(plays, 'rare')).toHaveLength(12);
  });

  it('rotates a campaign’s creatives by weight', () => {
    const { plays } = run({
      creatives: [image('a'), image('b')],
      campaigns: [
        campaignOf('c', [], {
          creatives: [
            { creativeId: 'a', weight: 3, durationSeconds: null },
            { creativeId: 'b', weight: 1, durationSeconds: null },
          ],
          frequency: { kind: 'perHour', plays: 40 },
        }),
      ],
    });
    const mine = ofCampaign(plays, 'c');
    expect(mine.filter((p) => p.cue.creativeId === 'a').length).toBe(30 * 24);
    expect(mine.filter((p) => p.cue.creativeId === 'b').length).toBe(10 * 24);
  });
});

describe('planScreen: time windows', () => {
  it('respects dayparts in the screen’s time zone', () => {
    const { plays } = run({
      to: MONDAY + 7 * DAY,
      creatives: [image('a')],
      campaigns: [
        campaignOf('c', ['a'], {
          frequency: { kind: 'every', minutes: 15 },
          dayparts: [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '09:00' }],
        }),
      ],
    });
    const mine = ofCampaign(plays, 'c');
    expect(mine).toHaveLength(5 * 2 * 4);
    for (const p of mine) {
      const start = local(p.start, 'Asia/Ho_Chi_Minh');
      const end = local(p.end - 1, 'Asia/Ho_Chi_Minh');
      expect(start.weekday).toBeLessThanOrEqual(5);
      expect(start.hour).toBeGreaterThanOrEqual(7);
      expect(end.hour).toBeLessThan(9);
    }
  });

  it('follows a Berlin screen across the spring change (01:00–04:00 is two hours)', () => {
    const from = utc('2026-03-28T23:00Z');
    const input = {
      screen: screenOf({ timezone: 'Europe/Berlin' }),
      from,
      to: from + 23 * HOUR,
      creatives: [image('a')],
      campaigns: [
        campaignOf('c', ['a'], {
          frequency: { kind: 'every', minutes: 15 },
          dayparts: [{ days: ALL_DAYS, from: '01:00', to: '04:00' }],
        }),
      ],
    };
    const mine = ofCampaign(run(input).plays, 'c');
    expect(mine).toHaveLength(8);
    expect(mine[0].start).toBeGreaterThanOrEqual(utc('2026-03-29T00:00Z'));
    expect(mine[mine.length - 1].end).toBeLessThanOrEqual(utc('2026-03-29T02:00Z'));
  });

  it('follows a Berlin screen across the autumn change (01:00–04:00 is four hours)', () => {
    const from = utc('2026-10-24T22:00Z');
    const mine = ofCampaign(
      run({
        screen: screenOf({ timezone: 'Europe/Berlin' }),
        from,
        to: from + 25 * HOUR,
        creatives: [image('a')],
        campaigns: [
          campaignOf('c', ['a'], {
            frequency: { kind: 'every', minutes: 15 },
            dayparts: [{ days: ALL_DAYS, from: '01:00', to: '04:00' }],
          }),
        ],
      }).plays,
      'c',
    );
    expect(mine).toHaveLength(16);
    expect(mine[0].start).toBeGreaterThanOrEqual(utc('2026-10-24T23:00Z'));
    expect(mine[mine.length - 1].end).toBeLessThanOrEqual(utc('2026-10-25T03:00Z'));
  });

  it('starts on the first whole loop of the flight and stops with the last', () => {
    const flightStart = MONDAY + 10 * HOUR + 30_000;
    const flightEnd = MONDAY + 12 * HOUR + 30_000;
    const mine = ofCampaign(
      run({ creatives: [image('a')], campaigns: [campaignOf('c', ['a'], { flightStart, flightEnd })] }).plays,
      'c',
    );
    expect(mine[0].start).toBe(MONDAY + 10 * HOUR + MINUTE);
    expect(mine[mine.length - 1].end).toBe(MONDAY + 12 * HOUR);
    expect(mine).toHaveLength((2 * 60 - 1) * 6);
  });

  it('plays a creative only while it is valid', () => {
    const { plays } = run({
      creatives: [
        image('a', { validUntil: MONDAY + 12 * HOUR + 5_000 }),
        image('b', { validFrom: MONDAY + 11 * HOUR - 5_000 }),
      ],
      campaigns: [campaignOf('c', ['a', 'b'], { frequency: { kind: 'perHour', plays: 12 } })],
    });
    const a = plays.filter((p) => p.cue.creativeId === 'a');
    const b = plays.filter((p) => p.cue.creativeId === 'b');
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(Math.max(...a.map((p) => p.end))).toBeLessThanOrEqual(MONDAY + 12 * HOUR);
    expect(Math.min(...b.map((p) => p.start))).toBeGreaterThanOrEqual(MONDAY + 11 * HOUR);
    // the campaign keeps its frequency while either is valid
    expect(perHour(ofCampaign(plays, 'c'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(12));
  });

  it('plays nothing outside the screen’s operating hours, and fills them completely', () => {
    const { plan, plays } = run({
      to: MONDAY + 2 * DAY,
      screen: screenOf({ operatingHours: [{ days: ALL_DAYS, from: '08:00', to: '20:00' }] }),
      creatives: [image('a')],
      campaigns: [campaignOf('c', ['a'], { frequency: { kind: 'perHour', plays: 10 } })],
      emergencies: [emergencyOf('e', { start: MONDAY + 5 * HOUR, end: MONDAY + 7 * HOUR })],
    });
    const outside = plays.filter((p) => {
      const start = local(p.start, 'Asia/Ho_Chi_Minh').hour;
      const end = local(p.end - 1, 'Asia/Ho_Chi_Minh').hour;
      return start < 8 || end >= 20;
    });
    expect(outside).toEqual([]);
    expectCovered(plays, MONDAY + 8 * HOUR, MONDAY + 20 * HOUR);
    expectCovered(plays, MONDAY + DAY + 8 * HOUR, MONDAY + DAY + 20 * HOUR);
    expect(plays.filter((p) => p.cue.reason === 'emergency')).toEqual([]);
    expect(playAt(plan, MONDAY + 21 * HOUR)).toBeNull();
  });

  it('plays in whole loops inside hours that do not start on the loop grid', () => {
    const { plays } = run({
      policy: { loopSeconds: 300, slotSeconds: 15 },
      screen: screenOf({ operatingHours: [{ days: ALL_DAYS, from: '08:02', to: '09:58' }] }),
    });
    expect(plays[0].start).toBe(MONDAY + 8 * HOUR + 5 * MINUTE);
    expect(plays[plays.length - 1].end).toBe(MONDAY + 9 * HOUR + 55 * MINUTE);
  });
});

describe('planScreen: priorities', () => {
  it('serves an emergency-class frequency before campaign-class ones when airtime is scarce', () => {
    const { plays } = run({
      policy: { loopSeconds: 60, slotSeconds: 30 },
      creatives: [image('a'), image('b')],
      campaigns: [
        campaignOf('normal', ['a'], { frequency: { kind: 'perHour', plays: 100 } }),
        campaignOf('urgent', ['b'], { priority: 'emergency', frequency: { kind: 'perHour', plays: 100 } }),
      ],
    });
    expect(perHour(ofCampaign(plays, 'urgent'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(100));
    expect(perHour(ofCampaign(plays, 'normal'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(20));
  });

  it('gives campaign class before filler class before the screen’s default content', () => {
    const { plays } = run({
      creatives: [image('a'), image('b')],
      campaigns: [
        campaignOf('low', ['a'], { priority: 'filler' }),
        campaignOf('normal', ['b'], { frequency: { kind: 'perHour', plays: 60 } }),
      ],
    });
    expect(perHour(ofCampaign(plays, 'normal'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(60));
    expect(ofCampaign(plays, 'low')).toHaveLength(24 * 60 * 5);
    expect(plays.filter((p) => p.cue.reason === 'filler')).toEqual([]);
  });
});

describe('planScreen: targeting', () => {
  const playsWith = (campaign: Partial<ScheduleCampaign>, screen: Partial<ScheduleScreen> = {}) =>
    ofCampaign(
      run({
        to: MONDAY + HOUR,
        screen: screenOf(screen),
        creatives: [image('a')],
        campaigns: [campaignOf('c', ['a'], { frequency: { kind: 'perHour', plays: 6 }, ...campaign })],
      }).plays,
      'c',
    ).length;

  it('plays where every condition holds, any value within one', () => {
    expect(playsWith({})).toBe(6);
    expect(playsWith({ targeting: targetingOf({ groupIds: ['g-other', 'g-lobbies'] }) })).toBe(6);
    expect(playsWith({ targeting: targetingOf({ groupIds: ['g-other'] }) })).toBe(0);
    expect(playsWith({ targeting: targetingOf({ tags: [' lobby '] }) })).toBe(6);
    expect(playsWith({ targeting: targetingOf({ tags: ['rooftop'] }) })).toBe(0);
    expect(playsWith({ targeting: targetingOf({ kinds: ['elevator', 'web'] }) })).toBe(6);
    expect(playsWith({ targeting: targetingOf({ kinds: ['led_outdoor'] }) })).toBe(0);
    expect(playsWith({ targeting: targetingOf({ venues: ['saigon centre'] }) })).toBe(6);
    expect(playsWith({ targeting: targetingOf({ venues: ['Vincom'] }) })).toBe(0);
    expect(playsWith({}, { venue: null })).toBe(6);
    expect(playsWith({ targeting: targetingOf({ venues: ['Saigon Centre'] }) }, { venue: null })).toBe(0);
    expect(playsWith({ targeting: targetingOf({ tags: ['lobby'], kinds: ['web'] }) })).toBe(0);
  });

  it('reaches a locality’s descendants, not its siblings', () => {
    expect(playsWith({ targeting: targetingOf({ localityPaths: ['/vn/hcm/'] }) })).toBe(6);
    expect(playsWith({ targeting: targetingOf({ localityPaths: ['/vn/hcm/q1/'] }) })).toBe(6);
    expect(playsWith({ targeting: targetingOf({ localityPaths: ['/vn/hcm/q10/'] }) })).toBe(0);
    expect(playsWith({ targeting: targetingOf({ localityPaths: ['/vn/hn/', '/vn/hcm/q1/ben-nghe/'] }) })).toBe(6);
  });

  it('does not play in the airtime of screens its owner does not own', () => {
    expect(playsWith({ ownerPath: '/acme/tower/' })).toBe(6);
    expect(playsWith({ ownerPath: '/city/' })).toBe(0);
    expect(playsWith({ ownerPath: '/acme/mall/' })).toBe(0);
    // owning the locality is not owning the screen
    expect(playsWith({ ownerPath: '/vn/hcm/' })).toBe(0);
  });
});

describe('planScreen: donations', () => {
  const city = (id: string, over: Partial<ScheduleCampaign> = {}) =>
    campaignOf(id, ['psa'], { ownerPath: '/city/', acceptsDonations: true, ...over });

  it('gives "secondsPerLoop" to a named campaign in every loop', () => {
    const { plays } = run({
      creatives: [image('psa')],
      campaigns: [city('c')],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'secondsPerLoop', seconds: 20 } })],
    });
    const donated = ofDonation(plays, 'd');
    expect(donated.every((p) => p.cue.campaignId === 'c' && p.cue.reason === 'donation')).toBe(true);
    for (let loop = MONDAY; loop < MONDAY + DAY; loop += MINUTE) {
      const seconds = donated
        .filter((p) => p.start >= loop && p.start < loop + MINUTE)
        .reduce((s, p) => s + (p.end - p.start) / 1000, 0);
      expect(seconds).toBe(20);
    }
    // the campaign does not own this airtime: nothing else of it plays
    expect(ofCampaign(plays, 'c').length).toBe(donated.length);
  });

  it('gives "secondsPerLoop" its slots do not divide as the same share of the loop, in whole slots', () => {
    // 7 s of every 60 s loop of 10 s slots: 7 slots in 10 loops, 42 slots an hour (not none)
    const { plan, plays } = run({
      creatives: [image('psa')],
      campaigns: [city('c')],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'secondsPerLoop', seconds: 7 } })],
    });
    const donated = ofDonation(plays, 'd');
    expect(perHour(donated, MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(42));
    for (let loop = MONDAY; loop < MONDAY + DAY; loop += MINUTE) {
      expect(donated.filter((p) => p.start >= loop && p.start < loop + MINUTE).length).toBeLessThanOrEqual(1);
    }
    expect(plan.shortfalls).toEqual([]);
  });

  it('keeps a carrier’s minimum gap in donated airtime, and records what that leaves as shortfall', () => {
    // 20 s of every 60 s loop to a campaign kept 5 minutes apart: one play every sixth loop at most
    const { plan, plays } = run({
      creatives: [image('psa')],
      campaigns: [city('c', { minGapSeconds: 300 })],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'secondsPerLoop', seconds: 20 } })],
    });
    const donated = ofDonation(plays, 'd');
    expectApart(donated, 300);
    expect(perHour(donated, MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(10));
    const delivered = donated.reduce((sum, p) => sum + (p.end - p.start) / 1000, 0);
    const short = plan.shortfalls.reduce((sum, s) => sum + s.seconds, 0);
    expect(delivered + short).toBe(20 * 24 * 60);
  });

  it('keeps a campaign’s minimum gap across its own airtime and donated airtime together', () => {
    // the screen owner's campaign fills its own airtime and is named by a donation on the same screen
    const { plays } = run({
      creatives: [image('psa'), image('b')],
      campaigns: [campaignOf('c', ['psa'], { acceptsDonations: true, minGapSeconds: 600 }), campaignOf('other', ['b'])],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour', slots: 1 } })],
    });
    const mine = ofCampaign(plays, 'c');
    expect(new Set(mine.map((p) => p.cue.reason))).toEqual(new Set(['campaign', 'donation']));
    expectApart(mine, 600);
  });

  it('gives one slot a loop to a clip of two slots as a run of two every other loop', () => {
    const { plan, plays } = run({
      creatives: [video('clip', 15)],
      campaigns: [campaignOf('c', ['clip'], { ownerPath: '/city/', acceptsDonations: true })],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'secondsPerLoop', seconds: 10 } })],
    });
    const donated = ofDonation(plays, 'd');
    expect(perHour(donated, MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(30));
    expect(new Set(donated.map((p) => p.end - p.start))).toEqual(new Set([20_000]));
    expect(plan.shortfalls).toEqual([]);
  });

  it('records as shortfall what runs of a long clip cannot use when more is asked than the loops hold', () => {
    // 720 slots an hour of 5 s slots is every slot; a 25 s poster uses two runs of five of a loop's twelve
    const { plan, plays } = run({
      policy: { loopSeconds: 60, slotSeconds: 5 },
      creatives: [image('psa')],
      campaigns: [city('c', { creatives: [{ creativeId: 'psa', weight: 1, durationSeconds: 25 }] })],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour', slots: 720 } })],
    });
    expect(perHour(ofDonation(plays, 'd'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(120));
    expect(plan.shortfalls.reduce((sum, s) => sum + s.seconds, 0)).toBe(24 * 60 * 2 * 5);
  });

  it('leaves shortfalls to the filling in a plan that leaves its periods to it, counted loop by loop', () => {
    // as above: two runs of five slots of a loop's twelve, so 10 s of every 60 s loop is short
    const input = inputOf({
      policy: { loopSeconds: 60, slotSeconds: 5 },
      creatives: [image('psa')],
      campaigns: [city('c', { creatives: [{ creativeId: 'psa', weight: 1, durationSeconds: 25 }] })],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour', slots: 720 } })],
    });
    const filled = planScreen(input);
    const deferred = planScreen(input, new PlanCache({ deferFillings: true }));
    expect(deferred.shortfalls).toEqual([]);
    expect(shortfallSeconds(deferred, MONDAY, MONDAY + DAY)).toEqual(new Map([['d', 24 * 60 * 10]]));
    expect(shortfallSeconds(filled, MONDAY, MONDAY + DAY)).toEqual(new Map([['d', 24 * 60 * 10]]));
    // the loops starting inside a window: 10:01, 10:02, 10:03 and 10:04
    const [from, to] = [MONDAY + 10 * HOUR + 30_000, MONDAY + 10 * HOUR + 5 * MINUTE];
    expect(shortfallSeconds(deferred, from, to).get('d')).toBe(40);
    // split anywhere, the parts add up
    const split = from + 123_456;
    const parts = shortfallSeconds(deferred, from, split).get('d')! + shortfallSeconds(deferred, split, to).get('d')!;
    expect(parts).toBe(40);
    expect(shortfallSeconds(deferred, MONDAY + DAY, MONDAY + 2 * DAY)).toEqual(new Map());
  });

  it('delivers in full with a named campaign whose heavier creative does not fit the donated room', () => {
    const { plan, plays } = run({
      policy: { loopSeconds: 60, slotSeconds: 5 },
      creatives: [image('psa'), image('banner')],
      campaigns: [
        city('c', {
          creatives: [
            { creativeId: 'banner', weight: 3, durationSeconds: 38 },
            { creativeId: 'psa', weight: 2, durationSeconds: null },
          ],
        }),
      ],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour', slots: 4 } })],
    });
    expect(perHour(ofDonation(plays, 'd'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(4));
    expect(plan.shortfalls).toEqual([]);
  });

  it('gives "slotsPerHour" as that many slots in each clock hour', () => {
    const { plan, plays } = run({
      creatives: [image('psa')],
      campaigns: [city('c')],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour', slots: 7 } })],
    });
    expect(perHour(ofDonation(plays, 'd'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(7));
    expect(plan.shortfalls).toEqual([]);
  });

  it('gives "slotsPerHour" in runs a carrier’s clip fits, and records what is left as the shortfall', () => {
    // a 15 s clip takes two 10 s slots: 7 slots an hour are three plays, and 10 s nothing could fill
    const { plan, plays } = run({
      creatives: [video('clip', 15)],
      campaigns: [campaignOf('c', ['clip'], { ownerPath: '/city/', acceptsDonations: true })],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour', slots: 7 } })],
    });
    expect(perHour(ofDonation(plays, 'd'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(3));
    expect(plan.shortfalls.reduce((sum, s) => sum + s.seconds, 0)).toBe(24 * 10);
  });

  it('keeps stretches of shortfall at different rates apart, so a part of one is its share', () => {
    // 10 s an hour nothing fits while the clip's campaign runs (two runs of two slots, one slot
    // left), all 50 s once its flight is over
    const { plan } = run({
      creatives: [video('clip', 15)],
      campaigns: [
        campaignOf('c', ['clip'], { ownerPath: '/city/', acceptsDonations: true, flightEnd: MONDAY + 6 * HOUR }),
      ],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour', slots: 5 } })],
    });
    const rates = plan.shortfalls.map((s) => (s.seconds * HOUR) / (s.end - s.start));
    expect(rates).toEqual([10, 50]);
    expect(plan.shortfalls[0].end).toBe(MONDAY + 6 * HOUR);
  });

  it('fills the pool with campaigns that accept donations and target the screen', () => {
    const { plays } = run({
      creatives: [image('psa')],
      campaigns: [
        city('yes'),
        city('also', { targeting: targetingOf({ localityPaths: ['/vn/hcm/'] }) }),
        city('elsewhere', { targeting: targetingOf({ localityPaths: ['/vn/hn/'] }) }),
        city('commercial', { acceptsDonations: false }),
      ],
      donations: [donationOf('d', { amount: { kind: 'slotsPerHour', slots: 12 } })],
    });
    const donated = ofDonation(plays, 'd');
    expect(perHour(donated, MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(12));
    expect(new Set(donated.map((p) => p.cue.campaignId))).toEqual(new Set(['yes', 'also']));
    expect(ofCampaign(donated, 'yes').length).toBe(ofCampaign(donated, 'also').length);
  });

  it('only carries the donation on the donor’s screens that match its targeting', () => {
    const with_ = (over: Partial<ScheduleDonation>) =>
      ofDonation(
        run({ creatives: [image('psa')], campaigns: [city('c')], donations: [donationOf('d', over)] }).plays,
        'd',
      ).length;
    expect(with_({})).toBeGreaterThan(0);
    expect(with_({ donorPath: '/other/' })).toBe(0);
    expect(with_({ targeting: targetingOf({ tags: ['rooftop'] }) })).toBe(0);
    expect(with_({ targeting: targetingOf({ groupIds: ['g-lobbies'] }) })).toBeGreaterThan(0);
  });

  it('records a shortfall when nothing eligible exists, and gives the airtime back to the screen', () => {
    const { plan, plays } = run({
      to: MONDAY + 2 * HOUR,
      creatives: [image('psa')],
      campaigns: [city('commercial', { acceptsDonations: false })],
      donations: [donationOf('d', { amount: { kind: 'secondsPerLoop', seconds: 20 } })],
    });
    expect(ofDonation(plays, 'd')).toEqual([]);
    expect(plan.shortfalls).toEqual([{ donationId: 'd', start: MONDAY, end: MONDAY + 2 * HOUR, seconds: 2 * 60 * 20 }]);
    expectCovered(plays, MONDAY, MONDAY + 2 * HOUR);
    expect(plays.every((p) => p.cue.reason === 'filler')).toBe(true);
  });

  it('records a shortfall for the time a named campaign is out of flight only', () => {
    const { plan, plays } = run({
      to: MONDAY + 2 * HOUR,
      creatives: [image('psa')],
      campaigns: [city('c', { flightEnd: MONDAY + HOUR })],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour', slots: 6 } })],
    });
    expect(perHour(ofDonation(plays, 'd'), MONDAY, MONDAY + 2 * HOUR)).toEqual([6, 0]);
    expect(plan.shortfalls).toEqual([{ donationId: 'd', start: MONDAY + HOUR, end: MONDAY + 2 * HOUR, seconds: 60 }]);
  });

  it('stops a withdrawn donation at the next loop boundary', () => {
    const withdrawnAt = MONDAY + 10 * HOUR + 30_000;
    const donated = ofDonation(
      run({
        creatives: [image('psa')],
        campaigns: [city('c')],
        donations: [donationOf('d', { campaignId: 'c', withdrawnAt })],
      }).plays,
      'd',
    );
    expect(donated.some((p) => p.start >= MONDAY + 10 * HOUR && p.start < withdrawnAt + 30_000)).toBe(true);
    // the loop running at the withdrawal keeps its donated plays; none after it
    expect(Math.max(...donated.map((p) => p.end))).toBeLessThanOrEqual(MONDAY + 10 * HOUR + MINUTE);
    expect(donated.filter((p) => p.start >= MONDAY + 10 * HOUR)).toHaveLength(2);
  });

  it('respects the donation’s own start, end and dayparts', () => {
    const donated = ofDonation(
      run({
        to: MONDAY + 2 * DAY,
        creatives: [image('psa')],
        campaigns: [city('c')],
        donations: [
          donationOf('d', {
            campaignId: 'c',
            amount: { kind: 'slotsPerHour', slots: 6 },
            start: MONDAY + 6 * HOUR,
            end: MONDAY + DAY + 12 * HOUR,
            dayparts: [{ days: ALL_DAYS, from: '10:00', to: '14:00' }],
          }),
        ],
      }).plays,
      'd',
    );
    const hours = perHour(donated, MONDAY, MONDAY + 2 * DAY);
    expect(hours.map((n, h) => (n > 0 ? h : -1)).filter((h) => h >= 0)).toEqual([10, 11, 12, 13, 34, 35]);
    expect(hours.filter((n) => n > 0).every((n) => n === 6)).toBe(true);
  });

  it('caps donated plays per local day', () => {
    const donated = ofDonation(
      run({
        to: MONDAY + 3 * DAY,
        creatives: [image('psa')],
        campaigns: [city('c')],
        donations: [
          donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour', slots: 6 }, maxPlaysPerDay: 20 }),
        ],
      }).plays,
      'd',
    );
    const byDay = new Map<string, number>();
    for (const p of donated) {
      const day = local(p.start, 'Asia/Ho_Chi_Minh').toISODate()!;
      byDay.set(day, (byDay.get(day) ?? 0) + 1);
    }
    expect([...byDay.values()]).toEqual([20, 20, 20]);
  });

  it('counts a cap over the local day even where the plan starts within it (each day’s plan starts at 00:00 UTC)', () => {
    // the server plans from 00:00 UTC: in Ho Chi Minh City that is 07:00, and the day began before
    const setup = (from: number) => ({
      from,
      to: from + 2 * DAY,
      creatives: [image('psa')],
      campaigns: [city('c')],
      donations: [
        donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour' as const, slots: 6 }, maxPlaysPerDay: 20 }),
      ],
    });
    const today = utc('2026-05-05T00:00Z');
    const yesterday = ofDonation(run(setup(today - DAY)).plays, 'd');
    const now = ofDonation(run(setup(today)).plays, 'd');
    // what the screen plays on 5 May, local time: yesterday's plan until 07:00, today's from then
    const day = [utc('2026-05-05T00:00+07:00'), utc('2026-05-06T00:00+07:00')];
    const played = [
      ...yesterday.filter((p) => p.start >= day[0] && p.start < today),
      ...now.filter((p) => p.start >= today && p.start < day[1]),
    ];
    expect(played).toHaveLength(20);
  });

  it('caps per local day across the Berlin autumn change', () => {
    const from = utc('2026-10-24T22:00Z');
    const donated = ofDonation(
      run({
        screen: screenOf({ timezone: 'Europe/Berlin' }),
        from,
        to: utc('2026-10-27T23:00Z'),
        creatives: [image('psa')],
        campaigns: [city('c')],
        donations: [
          donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour', slots: 60 }, maxPlaysPerDay: 1490 }),
        ],
      }).plays,
      'd',
    );
    const byDay = new Map<string, number>();
    for (const p of donated) {
      const day = local(p.start, 'Europe/Berlin').toISODate()!;
      byDay.set(day, (byDay.get(day) ?? 0) + 1);
    }
    // 25 hours × 60 = 1500 would pass the cap on the long day; the 24-hour days are under it
    expect(Object.fromEntries(byDay)).toEqual({ '2026-10-25': 1490, '2026-10-26': 1440, '2026-10-27': 1440 });
  });

  it('leaves daily caps to the readers of a plan that leaves its periods to them, counted alike', () => {
    const setup = {
      from: MONDAY + 7 * HOUR,
      to: MONDAY + 3 * DAY,
      creatives: [image('psa')],
      campaigns: [city('c')],
      donations: [
        donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour' as const, slots: 6 }, maxPlaysPerDay: 20 }),
      ],
    };
    const plan = planScreen(inputOf(setup), new PlanCache({ deferFillings: true }));
    // one period, one segment from the local day's start: the caps are not worked out in the plan
    expect(plan.days).toEqual([MONDAY, MONDAY + DAY, MONDAY + 2 * DAY]);
    expect(plan.patterns).toHaveLength(1);
    expect(plan.segments).toEqual([expect.objectContaining({ start: MONDAY, end: MONDAY + 3 * DAY })]);
    // played from the window's start, the plays before it in the day counted
    const plays = expandPlan(plan, MONDAY, plan.to);
    expect(plays[0].start).toBe(MONDAY + 7 * HOUR);
    const byDay = (list: readonly Play[]) => {
      const days = new Map<string, number>();
      for (const p of ofDonation(list, 'd')) {
        const day = local(p.start, 'Asia/Ho_Chi_Minh').toISODate()!;
        days.set(day, (days.get(day) ?? 0) + 1);
      }
      return Object.fromEntries(days);
    };
    // 6 an hour from 00:00: the cap is reached at 03:20, before the window, on the first day
    expect(byDay(plays)).toEqual({ '2026-05-05': 20, '2026-05-06': 20 });
    // as the plan that lists its plays stops it
    const span = (p: Play) => [p.start, p.end];
    expect(ofDonation(plays, 'd').map(span)).toEqual(ofDonation(allPlays(planScreen(inputOf(setup))), 'd').map(span));
  });

  it('lays an emergency from the window’s first instant over a plan whose readers count caps', () => {
    // the window starts a second into a loop, the emergency before it: it takes over from the first instant
    const from = MONDAY + 7 * HOUR + 1000;
    const plan = planScreen(
      inputOf({
        from,
        creatives: [image('psa')],
        campaigns: [city('c')],
        donations: [donationOf('d', { campaignId: 'c', maxPlaysPerDay: 5 })],
        emergencies: [emergencyOf('e', { start: from - 2 * MINUTE, end: from + 10 * MINUTE })],
      }),
      new PlanCache({ deferFillings: true }),
    );
    expect(plan.days).toBeDefined();
    expect(playAt(plan, from)).toMatchObject({ start: from, cue: { reason: 'emergency', emergencyId: 'e' } });
    expect(expandPlan(plan, from, from + 10 * MINUTE).every((p) => p.cue.reason === 'emergency')).toBe(true);
  });

  it('does not count towards a cap the donated loops an emergency hides, where readers count caps', () => {
    const setup = {
      creatives: [image('psa')],
      campaigns: [city('c')],
      donations: [
        donationOf('d', { campaignId: 'c', amount: { kind: 'slotsPerHour' as const, slots: 6 }, maxPlaysPerDay: 20 }),
      ],
      // 01:00 to 02:00: six of the donation's plays
      emergencies: [emergencyOf('e', { start: MONDAY + HOUR, end: MONDAY + 2 * HOUR })],
    };
    const deferred = ofDonation(allPlays(planScreen(inputOf(setup), new PlanCache({ deferFillings: true }))), 'd');
    expect(deferred).toHaveLength(20);
    expect(deferred.filter((p) => p.start >= MONDAY + HOUR && p.start < MONDAY + 2 * HOUR)).toEqual([]);
    // the cap is reached an hour later than without the emergency (03:20)
    expect(deferred[19].start).toBeGreaterThanOrEqual(MONDAY + 4 * HOUR);
    expect(deferred[19].start).toBeLessThan(MONDAY + 4 * HOUR + 20 * MINUTE);
    // a plan that lists its plays counts the hidden ones
    expect(ofDonation(run(setup).plays, 'd')).toHaveLength(14);
  });

  it('is served after emergency-class campaigns but before campaign-class ones', () => {
    const { plays } = run({
      policy: { loopSeconds: 60, slotSeconds: 30 },
      creatives: [image('psa'), image('a'), image('b')],
      campaigns: [
        city('c'),
        campaignOf('urgent', ['a'], { priority: 'emergency', frequency: { kind: 'perHour', plays: 60 } }),
        campaignOf('normal', ['b'], { frequency: { kind: 'perHour', plays: 60 } }),
      ],
      donations: [donationOf('d', { campaignId: 'c', amount: { kind: 'secondsPerLoop', seconds: 30 } })],
    });
    expect(perHour(ofCampaign(plays, 'urgent'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(60));
    expect(perHour(ofDonation(plays, 'd'), MONDAY, MONDAY + DAY)).toEqual(new Array(24).fill(60));
    expect(ofCampaign(plays, 'normal')).toEqual([]);
  });
});

describe('planScreen: emergencies', () => {
  const poster = image('evacuate');

  it('takes over from its exact start instant and gives the loop back at once when it ends', () => {
    const start = MONDAY + 10 * HOUR + 17_000;
    const end = MONDAY + 10 * HOUR + 5 * MINUTE + 42_000;
    const { plan, plays } = run({
      creatives: [poster, image('a')],
      campaigns: [campaignOf('c', ['a'], { frequency: { kind: 'perHour', plays: 30 } })],
      emergencies: [emergencyOf('e', { creativeId: 'evacuate', message: null, durationSeconds: 20, start, end })],
    });
    expectNoOverlap(plays);
    expectCovered(plays, MONDAY, MONDAY + DAY);
    const during = plays.filter((p) => p.end > start && p.start < end);
    expect(during.every((p) => p.cue.reason === 'emergency' && p.cue.emergencyId === 'e')).toBe(true);
    expect(during[0].start).toBe(start);
    expect(during[during.length - 1].end).toBe(end);
    const before = playAt(plan, start - 1)!;
    expect(before.cue.reason).not.toBe('emergency');
    expect(before.end).toBe(start);
    expect(before.cut).toBe(true);
    // the play that would be under way at the end shows for the rest of its slot
    const after = playAt(plan, end)!;
    expect(after.cue.reason).not.toBe('emergency');
    expect(after.start).toBe(end);
    expect(after.end).toBe(MONDAY + 10 * HOUR + 5 * MINUTE + 50_000);
    expect(after.cut).toBe(true);
    expect(plan.segments.some((s) => s.lead !== undefined)).toBe(true);
  });

  it('ends at its cancellation', () => {
    const cancelledAt = MONDAY + 10 * HOUR + 90_000;
    const { plan, plays } = run({ emergencies: [emergencyOf('e', { cancelledAt })] });
    const emergency = plays.filter((p) => p.cue.reason === 'emergency');
    expect(emergency[0].start).toBe(MONDAY + 10 * HOUR);
    expect(emergency[emergency.length - 1].end).toBe(cancelledAt);
    expect(playAt(plan, cancelledAt)!.cue.reason).toBe('filler');
  });

  it('shows a message when it has no poster, 15 s at a time', () => {
    const { plays } = run({
      emergencies: [emergencyOf('e', { message: { text: 'Flood warning', background: '#00f' } })],
    });
    const emergency = plays.filter((p) => p.cue.reason === 'emergency');
    expect(emergency).toHaveLength(240);
    expect(emergency.every((p) => p.cue.creativeId === null && p.cue.message?.text === 'Flood warning')).toBe(true);
    expect(emergency.every((p) => p.end - p.start === 15_000)).toBe(true);
  });

  it('takes over even with no filler at all', () => {
    const { plays } = run({ fillers: [], emergencies: [emergencyOf('e')] });
    expect(plays.length).toBe(240);
  });

  it('alternates several overlapping emergencies', () => {
    const { plays } = run({
      creatives: [poster],
      emergencies: [
        emergencyOf('e1', { creativeId: 'evacuate', message: null, durationSeconds: 20 }),
        emergencyOf('e2', { start: MONDAY + 10 * HOUR + 30 * MINUTE, end: MONDAY + 12 * HOUR, durationSeconds: 10 }),
      ],
    });
    const emergency = plays.filter((p) => p.cue.reason === 'emergency');
    const both = emergency.filter((p) => p.start >= MONDAY + 10 * HOUR + 30 * MINUTE && p.end <= MONDAY + 11 * HOUR);
    for (let i = 1; i < both.length; i++) expect(both[i].cue.emergencyId).not.toBe(both[i - 1].cue.emergencyId);
    expect(both.filter((p) => p.cue.emergencyId === 'e1')).toHaveLength(60);
    expect(both.filter((p) => p.cue.emergencyId === 'e2')).toHaveLength(60);
    expect(emergency.filter((p) => p.start >= MONDAY + 11 * HOUR).every((p) => p.cue.emergencyId === 'e2')).toBe(true);
    expectCovered(plays, MONDAY + 10 * HOUR, MONDAY + 12 * HOUR);
  });

  it('plays only on the screens it covers', () => {
    const covers = (over: Partial<ScheduleEmergency>, screen: Partial<ScheduleScreen> = {}) =>
      run({ screen: screenOf(screen), emergencies: [emergencyOf('e', over)] }).plays.some(
        (p) => p.cue.reason === 'emergency',
      );
    expect(covers({})).toBe(true);
    expect(covers({ scopePath: '/acme/' })).toBe(true);
    expect(covers({ scopePath: '/vn/hcm/' })).toBe(true); // a city's emergency reaches screens standing in it
    expect(covers({ scopePath: '/vn/hn/' })).toBe(false);
    expect(covers({ scopePath: '/other/' })).toBe(false);
    expect(covers({ localityPaths: ['/vn/hcm/q1/'] })).toBe(true);
    expect(covers({ localityPaths: ['/vn/hcm/q3/'] })).toBe(false);
    expect(covers({ groupIds: ['g-lobbies'] })).toBe(true);
    expect(covers({ groupIds: ['g-other'] })).toBe(false);
    expect(covers({ localityPaths: ['/vn/hcm/q3/'], groupIds: ['g-lobbies'] })).toBe(true);
    expect(covers({ scopePath: '/vn/hn/', groupIds: ['g-lobbies'] })).toBe(false);
  });

  it('does not play without content, nor a poster outside its validity', () => {
    const none = run({ emergencies: [emergencyOf('e', { message: null })] }).plays;
    expect(none.some((p) => p.cue.reason === 'emergency')).toBe(false);
    const expired = run({
      creatives: [image('evacuate', { validUntil: MONDAY + 10 * HOUR + 30 * MINUTE })],
      emergencies: [emergencyOf('e', { creativeId: 'evacuate', message: { text: 'Evacuate' } })],
    }).plays.filter((p) => p.cue.reason === 'emergency');
    expect(
      expired.filter((p) => p.cue.creativeId === 'evacuate').every((p) => p.end <= MONDAY + 10 * HOUR + 30 * MINUTE),
    ).toBe(true);
    expect(
      expired.filter((p) => p.cue.creativeId === null).every((p) => p.start >= MONDAY + 10 * HOUR + 30 * MINUTE),
    ).toBe(true);
    expect(expired[expired.length - 1].end).toBe(MONDAY + 11 * HOUR);
  });
});

describe('planScreen: filler', () => {
  const creatives = ['own', 'group', 'org', 'parent', 'root'].map((id) => image(id));
  const fillerCreatives = (fillers: FillerEntry[]) =>
    new Set(run({ creatives, fillers, to: MONDAY + HOUR }).plays.map((p) => p.cue.creativeId));

  it('prefers what is assigned to the screen and its groups over the organisation’s', () => {
    expect(
      fillerCreatives([
        fillerOf('1', 'own', { kind: 'screen', screenId: 'screen-1' }),
        fillerOf('2', 'group', { kind: 'group', groupId: 'g-lobbies' }),
        fillerOf('3', 'org', { kind: 'organisation', organisationPath: '/acme/tower/' }),
      ]),
    ).toEqual(new Set(['own', 'group']));
    expect(
      fillerCreatives([
        fillerOf('2', 'group', { kind: 'group', groupId: 'g-other' }),
        fillerOf('3', 'org', { kind: 'organisation', organisationPath: '/acme/tower/' }),
      ]),
    ).toEqual(new Set(['org']));
  });

  it('takes the nearest organisation’s', () => {
    expect(
      fillerCreatives([
        fillerOf('1', 'root', { kind: 'organisation', organisationPath: '/acme/' }),
        fillerOf('2', 'parent', { kind: 'organisation', organisationPath: '/acme/tower/' }),
        fillerOf('3', 'org', { kind: 'organisation', organisationPath: '/acme/tower/' }, 1),
        fillerOf('4', 'own', { kind: 'organisation', organisationPath: '/other/' }),
      ]),
    ).toEqual(new Set(['parent', 'org']));
    expect(fillerCreatives([fillerOf('1', 'root', { kind: 'organisation', organisationPath: '/acme/' })])).toEqual(
      new Set(['root']),
    );
  });

  it('plays the entries in position order, a creative once', () => {
    const plays = run({
      creatives,
      to: MONDAY + HOUR,
      fillers: [
        fillerOf('b', 'group', { kind: 'screen', screenId: 'screen-1' }, 2),
        fillerOf('a', 'own', { kind: 'screen', screenId: 'screen-1' }, 1),
        fillerOf('c', 'own', { kind: 'screen', screenId: 'screen-1' }, 3),
      ],
    }).plays;
    expect(plays.slice(0, 4).map((p) => p.cue.entryId)).toEqual(['a', 'b', 'a', 'b']);
    expect(new Set(plays.map((p) => p.cue.entryId))).toEqual(new Set(['a', 'b']));
  });

  it('cuts a filler poster short to fill the loop, and skips a filler clip that does not fit', () => {
    const { plays } = run({
      to: MONDAY + HOUR,
      creatives: [video('clip', 50), image('a')],
      campaigns: [campaignOf('c', ['a'], { frequency: { kind: 'perHour', plays: 60 } })],
      fillers: [
        fillerOf('1', 'clip', { kind: 'screen', screenId: 'screen-1' }),
        { ...fillerOf('2', 'house', { kind: 'screen', screenId: 'screen-1' }, 1), durationSeconds: 30 },
      ],
    });
    expect(plays.some((p) => p.cue.creativeId === 'clip')).toBe(true);
    expect(plays.some((p) => p.cue.creativeId === 'house')).toBe(true);
    expectCovered(plays, MONDAY, MONDAY + HOUR);
  });

  it('cuts a filler clip short when no filler fits what is left of the loop, rather than leave it black', () => {
    const { plays } = run({
      to: MONDAY + HOUR,
      creatives: [video('clip', 30), image('a')],
      campaigns: [campaignOf('c', ['a'], { frequency: { kind: 'perHour', plays: 60 } })],
      fillers: [fillerOf('1', 'clip', { kind: 'screen', screenId: 'screen-1' })],
    });
    expectCovered(plays, MONDAY, MONDAY + HOUR);
    const clips = plays.filter((p) => p.cue.creativeId === 'clip').map((p) => (p.end - p.start) / 1000);
    // whole where it fits (30 s), the rest of each loop cut short
    expect(new Set(clips)).toEqual(new Set([30, 20]));
  });
});

describe('planScreen: the plan', () => {
  const typical = (): ScheduleInput =>
    inputOf({
      to: MONDAY + 14 * DAY,
      screen: screenOf({ operatingHours: [{ days: ALL_DAYS, from: '06:00', to: '23:00' }] }),
      creatives: [image('a'), image('b'), video('clip', 15), image('psa'), image('evacuate')],
      campaigns: [
        campaignOf('c1', ['a', 'clip'], { frequency: { kind: 'every', minutes: 15 } }),
        campaignOf('c2', ['b'], {
          frequency: { kind: 'perHour', plays: 20 },
          dayparts: [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '09:00' }],
          flightStart: MONDAY + 2 * DAY,
          flightEnd: MONDAY + 12 * DAY,
        }),
        campaignOf('psa', ['psa'], { ownerPath: '/city/', acceptsDonations: true }),
      ],
      donations: [donationOf('d', { amount: { kind: 'slotsPerHour', slots: 6 } })],
      emergencies: [
        emergencyOf('e', { start: MONDAY + 3 * DAY + 10 * HOUR, end: MONDAY + 3 * DAY + 10 * HOUR + 20 * MINUTE }),
      ],
    });

  it('is deterministic', () => {
    expect(planScreen(typical())).toEqual(planScreen(typical()));
  });

  it('plans alike with a cache other screens filled, whatever order the campaigns come in', () => {
    // a donation's carriers take turns in the order they come: the same carriers in another order are
    // another filling, and a filled period kept for one order must not stand in for the other
    const carriers = ['p1', 'p2', 'p3'].map((id) =>
      campaignOf(id, [id], {
        ownerPath: '/city/',
        acceptsDonations: true,
        dayparts: id === 'p3' ? [{ days: ALL_DAYS, from: '18:00', to: '22:00' }] : [],
      }),
    );
    const inputFor = (campaigns: ScheduleCampaign[], screenId: string) =>
      inputOf({
        screen: screenOf({ id: screenId }),
        creatives: carriers.map((c) => image(c.id)),
        campaigns,
        donations: [donationOf('d', { amount: { kind: 'secondsPerLoop', seconds: 30 } })],
      });
    const inOrder = inputFor(carriers, 'a');
    const reversed = inputFor([...carriers].reverse(), 'b');
    const cache = new PlanCache();
    const first = planScreen(inOrder, cache);
    expect(planScreen(reversed, cache)).toEqual(planScreen(reversed));
    expect(planScreen(inOrder, cache)).toEqual(first);
    expect(first).toEqual(planScreen(inOrder));
    // the orders do give different plays
    expect(allPlays(first).map((p) => p.cue.campaignId)).not.toEqual(
      allPlays(planScreen(reversed)).map((p) => p.cue.campaignId),
    );
  });

  it('names each cue once, a creative a campaign lists twice included', () => {
    const input = typical();
    const plan = planScreen({
      ...input,
      campaigns: input.campaigns.map((c) => (c.id === 'c1' ? { ...c, creatives: uses('a', 'clip', 'a') } : c)),
    });
    const contents = plan.cues.map((cue) => JSON.stringify(cue));
    expect(new Set(contents).size).toBe(contents.length);
    expect(plan.cues.filter((cue) => cue.campaignId === 'c1' && cue.creativeId === 'a')).toHaveLength(1);
    // and within each pattern: no two of its cue numbers stand for the same cue
    for (const pattern of plan.patterns.map((p) => playsOf(plan, p))) {
      const numbers = [...new Set(pattern.plays.map(([, , cue]) => cue))];
      const named = numbers.map((n) => pattern.cueMap?.[n] ?? n);
      expect(new Set(named).size).toBe(numbers.length);
    }
  });

  it('is compact for two weeks of a typical screen', () => {
    const plan = planScreen(typical());
    expect(JSON.stringify(plan).length).toBeLessThan(200_000);
    expect(plan.patterns.length).toBeLessThanOrEqual(6);
    expect(plan.segments.length).toBeLessThan(100);
    expect(plan.cues.length).toBeLessThan(10);
  });

  it('keeps segments in order and apart, with plays sorted and never overlapping', () => {
    const plan = planScreen(typical());
    for (let i = 1; i < plan.segments.length; i++) {
      expect(plan.segments[i].start).toBeGreaterThanOrEqual(plan.segments[i - 1].end);
    }
    expectNoOverlap(allPlays(plan));
  });

  it('expands a part of the plan as the same plays as the whole', () => {
    const plan = planScreen(typical());
    const whole = allPlays(plan);
    const from = MONDAY + 3 * DAY + 10 * HOUR + 7 * MINUTE + 3_000;
    const to = from + 3 * HOUR;
    const part = expandPlan(plan, from, to);
    expect(part).toEqual(whole.filter((p) => p.end > from && p.start < to));
    const at = from + 12 * MINUTE;
    expect(playAt(plan, at)).toEqual(whole.find((p) => p.start <= at && p.end > at));
  });
});
