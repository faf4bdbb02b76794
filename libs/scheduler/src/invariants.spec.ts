/**
 * Properties of planScreen over random screens, policies, campaigns, donations, emergencies and
 * filler, checked on the exact plays expandPlan gives. Local-time windows are worked out here
 * independently of intervals.ts: minute by minute through Intl, a window starting when the wall
 * clock first reads its start (so a time the clock skips starts when it resumes, a repeated one
 * at its first occurrence).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  expandPlan,
  type OperatingWindow,
  type Play,
  playAt,
  type SchedulePlan,
  shortfallSeconds,
  spread,
  type Weekday,
} from '@loa/protocol';
import { PlanCache, planScreen } from './engine.js';
import { localWindows } from './intervals.js';
import { type Interval, meet, merge, overlaps, wholeLoops, within } from './oracle.testkit.js';
import type {
  FillerEntry,
  Frequency,
  LoopPolicy,
  Priority,
  ScheduleCampaign,
  ScheduleCreative,
  ScheduleDonation,
  ScheduleEmergency,
  ScheduleInput,
  ScheduleScreen,
  Targeting,
} from './model.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** SCHEDULER_RUNS=2000 for a longer hunt; SCHEDULER_SEED=n replays the seed a failure printed. */
const RUNS = {
  numRuns: Number(process.env.SCHEDULER_RUNS ?? 60),
  ...(process.env.SCHEDULER_SEED ? { seed: Number(process.env.SCHEDULER_SEED) } : {}),
};

// ---------------------------------------------------------------------------------------------
// An independent oracle of local time

const ZONES = ['Asia/Ho_Chi_Minh', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'] as const;
/** Days the plans start on: ordinary ones and the eves of clock changes. */
const BASES = [
  '2026-05-04T00:00Z',
  '2026-03-28T00:00Z', // Europe springs forward on the 29th
  '2026-10-24T00:00Z', // Europe falls back on the 25th
  '2026-03-07T00:00Z', // New York springs forward on the 8th
  '2026-10-31T00:00Z', // New York falls back on 1 November
  '2026-04-04T00:00Z', // Lord Howe falls back half an hour on the 5th
  '2026-10-03T00:00Z', // Lord Howe springs forward on the 4th
].map((iso) => Date.parse(iso));

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The wall clock at a UTC minute, as minutes since 1970-01-01 00:00 of local time. */
function wallClockAt(zone: string, minute: number): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(minute * MINUTE)).map((p) => [p.type, p.value]));
  return (
    Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute)) /
    MINUTE
  );
}

interface Clock {
  readonly first: number;
  /** The latest wall-clock reading up to each minute: when the clock first reads a time is a search. */
  readonly reached: Float64Array;
}
const clocks = new Map<string, Clock>();
/** The zone's wall clock minute by minute from two days before `base` to six days after. */
function clockOf(zone: string, base: number): Clock {
  const key = `${zone}|${base}`;
  let clock = clocks.get(key);
  if (!clock) {
    const first = base / MINUTE - 2 * 1440;
    const reached = new Float64Array(8 * 1440);
    let max = -Infinity;
    let offset = 0;
    for (let i = 0; i < reached.length; i++) {
      // every clock change of these zones falls on a quarter hour
      if (i % 15 === 0) offset = wallClockAt(zone, first + i) - (first + i);
      max = Math.max(max, first + i + offset);
      reached[i] = max;
    }
    clock = { first, reached };
    clocks.set(key, clock);
  }
  return clock;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** When windows of local time fall in [from, to), by the oracle. */
function oracleWindows(windows: readonly OperatingWindow[], zone: string, base: number, from: number, to: number) {
  const { first, reached } = clockOf(zone, base);
  const firstReading = (wall: number) => {
    let lo = 0;
    let hi = reached.length - 1;
    if (reached[hi] < wall) return (first + reached.length) * MINUTE;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (reached[mid] >= wall) hi = mid;
      else lo = mid + 1;
    }
    return (first + lo) * MINUTE;
  };
  const out: Interval[] = [];
  for (let day = Math.floor(reached[0] / 1440); day <= Math.floor(reached[reached.length - 1] / 1440); day++) {
    const weekday = (((day % 7) + 7 + 3) % 7) + 1; // 1970-01-01 was a Thursday
    for (const w of windows) {
      if (!(w.days as readonly number[]).includes(weekday)) continue;
      const start = minutesOf(w.from);
      const end = minutesOf(w.to);
      const a = firstReading(day * 1440 + start);
      const b = firstReading((end > start ? day : day + 1) * 1440 + end);
      out.push([Math.max(a, from), Math.min(b, to)]);
    }
  }
  return merge(out);
}

const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : String(t));
const show = (p: Play) =>
  `${iso(p.start)}–${iso(p.end)} ${p.cue.reason} ${p.cue.creativeId ?? 'message'} c=${p.cue.campaignId} d=${p.cue.donationId} e=${p.cue.emergencyId}`;

// ---------------------------------------------------------------------------------------------
// Generators

const POLICIES: LoopPolicy[] = [60, 120, 300].flatMap((loopSeconds) =>
  [5, 10, 15, 20, 30].filter((s) => loopSeconds % s === 0).map((slotSeconds) => ({ loopSeconds, slotSeconds })),
);
const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const hhmm = (halfHours: number) =>
  `${String(Math.floor(halfHours / 2)).padStart(2, '0')}:${halfHours % 2 === 0 ? '00' : '30'}`;

/** A value `odds` of the time, else null. */
const maybe = <T>(arb: fc.Arbitrary<T>, odds: number): fc.Arbitrary<T | null> =>
  fc.oneof(
    { weight: Math.round((1 - odds) * 100), arbitrary: fc.constant(null) },
    { weight: Math.round(odds * 100), arbitrary: arb },
  );

/** Half hours of the day, often in the small hours when clocks change. */
const halfHourArb = fc.oneof(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 2, max: 7 }));
const windowArb: fc.Arbitrary<OperatingWindow> = fc
  .record({
    days: fc.subarray(WEEKDAYS, { minLength: 1 }),
    from: halfHourArb,
    to: fc.oneof(halfHourArb, fc.constant(48)),
  })
  .filter(({ from, to }) => from !== to && !(from === 0 && to === 48))
  .map(({ days, from, to }) => ({ days, from: hhmm(from), to: to === 48 ? '24:00' : hhmm(to) }));
const windowsArb = fc.array(windowArb, { minLength: 1, maxLength: 2 });

/** A screen in Ho Chi Minh City's first district, owned by /org/a/. */
const screenArb = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    operatingHours: maybe(windowsArb, 0.5),
    venue: fc.constantFrom('Mall', null),
  })
  .map((s): ScheduleScreen => ({
    id: 'screen',
    kind: 'elevator',
    tags: ['Lobby'],
    localityPath: '/vn/hcm/q1/',
    organisationPath: '/org/a/',
    groupIds: ['g1'],
    ...s,
  }));

const listOf = <T>(values: readonly T[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant([] as T[]) },
    { weight: 1, arbitrary: fc.subarray([...values], { minLength: 1 }) },
  );
const targetingArb: fc.Arbitrary<Targeting> = fc.record({
  groupIds: listOf(['g1', 'g2']),
  tags: listOf(['lobby', 'roof']),
  localityPaths: listOf(['/vn/', '/vn/hcm/q1/', '/vn/hn/']),
  kinds: listOf(['elevator', 'web'] as const),
  venues: listOf(['mall', 'Tower']),
});

/** Minutes (and seconds) relative to the plan's start. */
const offsetArb = fc
  .tuple(fc.integer({ min: -12 * 60, max: 4 * 24 * 60 }), fc.integer({ min: 0, max: 59 }))
  .map(([m, s]) => m * MINUTE + s * 1000);
/** Something that starts around the plan's start: a day before to two days in. */
const nearArb = fc
  .tuple(fc.integer({ min: -24 * 60, max: 2 * 24 * 60 }), fc.integer({ min: 0, max: 59 }))
  .map(([m, s]) => m * MINUTE + s * 1000);
const lengthArb = fc
  .tuple(fc.integer({ min: 10, max: 3 * 24 * 60 }), fc.integer({ min: 0, max: 59 }))
  .map(([m, s]) => m * MINUTE + s * 1000);

const CREATIVE_IDS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];
const creativeArb = (id: string) =>
  fc
    .record({
      video: fc.boolean(),
      seconds: fc.integer({ min: 3, max: 90 }),
      validFrom: maybe(offsetArb, 0.25),
      validFor: maybe(lengthArb, 0.25),
    })
    .map(({ video, seconds, validFrom, validFor }) => (from: number): ScheduleCreative => ({
      id,
      kind: video ? 'video' : 'image',
      durationSeconds: video ? seconds : null,
      validFrom: validFrom === null ? null : from + validFrom,
      validUntil: validFor === null ? null : (validFrom === null ? from : from + validFrom) + validFor,
    }));

const frequencyArb: fc.Arbitrary<Frequency> = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map((plays) => ({ kind: 'perHour', plays }) as const),
  fc.constantFrom(5, 6, 10, 12, 15, 20, 30, 40, 45, 60, 90).map((minutes) => ({ kind: 'every', minutes }) as const),
);

const campaignCreativesArb = fc.subarray(CREATIVE_IDS, { minLength: 1, maxLength: 3 }).chain((ids) =>
  fc.tuple(
    ...ids.map((creativeId) =>
      fc.record({
        creativeId: fc.constant(creativeId),
        weight: fc.integer({ min: 1, max: 3 }),
        durationSeconds: maybe(fc.integer({ min: 3, max: 40 }), 0.4),
      }),
    ),
  ),
);

const campaignArb = (id: string) =>
  fc
    .record({
      ownerPath: fc.constantFrom('/org/', '/org/', '/org/a/', '/other/'),
      priority: fc.constantFrom<Priority>('campaign', 'campaign', 'campaign', 'emergency', 'filler'),
      flightStart: nearArb,
      flightLength: lengthArb,
      dayparts: fc.oneof(fc.constant([] as OperatingWindow[]), windowsArb),
      targeting: targetingArb,
      creatives: campaignCreativesArb,
      frequency: maybe(frequencyArb, 0.6),
      minGapSeconds: maybe(fc.constantFrom(60, 300, 900), 0.15),
      acceptsDonations: fc.boolean(),
    })
    .map((c) => (from: number): ScheduleCampaign => ({
      id,
      ownerPath: c.ownerPath,
      priority: c.priority,
      flightStart: from + c.flightStart,
      flightEnd: from + c.flightStart + c.flightLength,
      dayparts: c.dayparts,
      targeting: c.targeting,
      creatives: c.creatives,
      frequency: c.frequency,
      minGapSeconds: c.minGapSeconds,
      acceptsDonations: c.acceptsDonations,
    }));

const donationArb = (id: string) =>
  fc
    .record({
      donorPath: fc.constantFrom('/org/', '/org/a/', '/other/'),
      campaign: maybe(fc.integer({ min: 0, max: 3 }), 0.5),
      amount: fc.oneof(
        fc.integer({ min: 1, max: 3 }).map((quarters) => ({ kind: 'secondsPerLoop', quarters }) as const),
        // any number of seconds, whole slots or not
        fc.integer({ min: 1, max: 400 }).map((seconds) => ({ kind: 'secondsPerLoop', seconds }) as const),
        fc.integer({ min: 1, max: 20 }).map((slots) => ({ kind: 'slotsPerHour', slots }) as const),
      ),
      targeting: targetingArb,
      start: nearArb,
      length: maybe(lengthArb, 0.5),
      dayparts: fc.oneof(fc.constant([] as OperatingWindow[]), windowsArb),
      withdrawnAt: maybe(offsetArb, 0.2),
      maxPlaysPerDay: maybe(fc.integer({ min: 1, max: 100 }), 0.25),
    })
    .map((d) => (from: number, policy: LoopPolicy, campaignIds: readonly string[]): ScheduleDonation => ({
      id,
      donorPath: d.donorPath,
      campaignId: d.campaign === null || campaignIds.length === 0 ? null : campaignIds[d.campaign % campaignIds.length],
      amount:
        d.amount.kind === 'slotsPerHour'
          ? d.amount
          : 'seconds' in d.amount
            ? { kind: 'secondsPerLoop', seconds: d.amount.seconds }
            : // a quarter, half or three quarters of the loop, in whole slots
              {
                kind: 'secondsPerLoop',
                seconds: Math.max(
                  policy.slotSeconds,
                  Math.floor((policy.loopSeconds * d.amount.quarters) / 4 / policy.slotSeconds) * policy.slotSeconds,
                ),
              },
      targeting: d.targeting,
      start: from + d.start,
      end: d.length === null ? null : from + d.start + d.length,
      dayparts: d.dayparts,
      withdrawnAt: d.withdrawnAt === null ? null : from + d.withdrawnAt,
      maxPlaysPerDay: d.maxPlaysPerDay,
    }));

const emergencyArb = (id: string) =>
  fc
    .record({
      scopePath: fc.constantFrom(null, '/org/', '/vn/hcm/', '/other/'),
      localityPaths: listOf(['/vn/hcm/', '/vn/hn/']),
      groupIds: listOf(['g1', 'g2']),
      creativeId: maybe(fc.constantFrom(...CREATIVE_IDS, 'missing'), 0.6),
      message: maybe(fc.constant({ text: 'Take shelter' }), 0.7),
      durationSeconds: maybe(fc.integer({ min: 5, max: 40 }), 0.5),
      start: fc.tuple(fc.integer({ min: -60, max: 3 * 24 * 60 }), fc.integer({ min: 0, max: 59_999 })),
      length: maybe(fc.tuple(fc.integer({ min: 0, max: 4 * 60 }), fc.integer({ min: 1, max: 59_999 })), 0.8),
      cancelAfter: maybe(fc.integer({ min: 1, max: 3 * 60 * 60_000 }), 0.25),
    })
    .map((e) => (from: number): ScheduleEmergency => {
      const start = from + e.start[0] * MINUTE + e.start[1];
      return {
        id,
        scopePath: e.scopePath,
        localityPaths: e.localityPaths,
        groupIds: e.groupIds,
        creativeId: e.creativeId,
        message: e.message,
        durationSeconds: e.durationSeconds,
        start,
        end: e.length === null ? null : start + e.length[0] * MINUTE + e.length[1],
        cancelledAt: e.cancelAfter === null ? null : start + e.cancelAfter,
      };
    });

const fillerArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    creativeId: fc.constantFrom(...CREATIVE_IDS),
    durationSeconds: maybe(fc.integer({ min: 3, max: 40 }), 0.3),
    position: fc.integer({ min: 0, max: 3 }),
    target: fc.constantFrom<FillerEntry['target']>(
      { kind: 'screen', screenId: 'screen' },
      { kind: 'screen', screenId: 'another' },
      { kind: 'group', groupId: 'g1' },
      { kind: 'group', groupId: 'g2' },
      { kind: 'organisation', organisationPath: '/org/' },
      { kind: 'organisation', organisationPath: '/org/a/' },
      { kind: 'organisation', organisationPath: '/other/' },
    ),
  });

interface Scenario {
  readonly input: ScheduleInput;
  /** The day the oracle's clock is built around. */
  readonly base: number;
}

interface ScenarioOptions {
  readonly campaigns?: number;
  readonly donations?: number;
  readonly emergencies?: number;
  readonly fillers?: number;
  /** At least this many donations (of `donations`) are kept. */
  readonly minDonations?: number;
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function scenarioArb(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const { campaigns = 4, donations = 2, emergencies = 2, fillers = 3, minDonations = 0 } = options;
  return fc
    .record({
      base: fc.constantFrom(...BASES),
      start: fc.tuple(fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.integer({ min: 0, max: 59 })),
      days: fc.integer({ min: 1, max: 3 }),
      screen: screenArb,
      policy: fc.constantFrom(...POLICIES),
      creatives: fc.tuple(...CREATIVE_IDS.map(creativeArb)),
      campaigns: fc.tuple(...ids('c', campaigns).map(campaignArb)).chain((all) => fc.subarray(all)),
      donations: fc
        .tuple(...ids('d', donations).map(donationArb))
        .chain((all) => fc.subarray(all, { minLength: minDonations })),
      emergencies: fc.tuple(...ids('e', emergencies).map(emergencyArb)).chain((all) => fc.subarray(all)),
      fillers: fc.tuple(...ids('f', fillers).map(fillerArb)).chain((all) => fc.subarray(all)),
    })
    .map((r) => {
      const from = r.base + r.start[0] * MINUTE + r.start[1] * 1000;
      const campaignsBuilt = r.campaigns.map((c) => c(from));
      const input: ScheduleInput = {
        screen: r.screen,
        policy: r.policy,
        campaigns: campaignsBuilt,
        donations: r.donations.map((d) =>
          d(
            from,
            r.policy,
            campaignsBuilt.map((c) => c.id),
          ),
        ),
        emergencies: r.emergencies.map((e) => e(from)),
        fillers: r.fillers,
        creatives: new Map(r.creatives.map((c) => c(from)).map((c) => [c.id, c])),
        from,
        to: from + r.days * DAY,
      };
      return { input, base: r.base };
    });
}

// ---------------------------------------------------------------------------------------------
// What the plan should respect, worked out independently

function matches(screen: ScheduleScreen, t: Targeting): boolean {
  const fold = (s: string) => s.trim().toLowerCase();
  return (
    (t.groupIds.length === 0 || t.groupIds.some((g) => screen.groupIds.includes(g))) &&
    (t.tags.length === 0 || t.tags.some((tag) => screen.tags.map(fold).includes(fold(tag)))) &&
    (t.localityPaths.length === 0 || t.localityPaths.some((p) => screen.localityPath.startsWith(p))) &&
    (t.kinds.length === 0 || t.kinds.includes(screen.kind)) &&
    (t.venues.length === 0 || (screen.venue !== null && t.venues.some((v) => fold(v) === fold(screen.venue!))))
  );
}

interface World {
  readonly input: ScheduleInput;
  readonly plan: SchedulePlan;
  readonly plays: Play[];
  readonly grid: number;
  /** When the screen is on, exactly, and its whole loops. */
  readonly hours: Interval[];
  readonly loops: Interval[];
  readonly local: (windows: readonly OperatingWindow[]) => Interval[];
  /** Emergency takeovers on this screen, exact. */
  readonly takeovers: Interval[];
  readonly emergencyTimes: Map<string, { poster: Interval[]; message: Interval[] }>;
  readonly creativeValid: (id: string, s: number, e: number) => boolean;
  readonly campaignTimes: (c: ScheduleCampaign) => Interval[];
  readonly donationTimes: (d: ScheduleDonation) => Interval[];
  readonly fillerEntries: readonly FillerEntry[];
}

function worldOf({ input, base }: Scenario): World {
  const plan = planScreen(input);
  const plays = expandPlan(plan, input.from, input.to);
  const { screen, from, to } = input;
  const grid = input.policy.loopSeconds * 1000;
  const all: Interval[] = [[from, to]];
  const local = (windows: readonly OperatingWindow[]) =>
    windows.length === 0 ? all : oracleWindows(windows, screen.timezone, base, from, to);
  const hours = screen.operatingHours === null ? all : local(screen.operatingHours);
  const loops = wholeLoops(hours, grid);

  const validity = (id: string): Interval[] => {
    const c = input.creatives.get(id);
    return c ? merge([[c.validFrom ?? -Infinity, c.validUntil ?? Infinity]]) : [];
  };
  const creativeValid = (id: string, s: number, e: number) => within(validity(id), s, e);

  const emergencyTimes = new Map<string, { poster: Interval[]; message: Interval[] }>();
  for (const e of input.emergencies) {
    const scoped =
      e.scopePath === null ||
      screen.organisationPath.startsWith(e.scopePath) ||
      screen.localityPath.startsWith(e.scopePath);
    const region =
      (e.localityPaths.length === 0 && e.groupIds.length === 0) ||
      e.localityPaths.some((p) => screen.localityPath.startsWith(p)) ||
      e.groupIds.some((g) => screen.groupIds.includes(g));
    if (!scoped || !region) continue;
    const times = meet(
      merge([[Math.max(e.start, from), Math.min(e.end ?? Infinity, e.cancelledAt ?? Infinity, to)]]),
      hours,
    );
    const hasPoster = e.creativeId !== null && input.creatives.has(e.creativeId);
    const poster = hasPoster ? meet(times, validity(e.creativeId)) : [];
    const message = e.message === null ? [] : hasPoster ? minus(times, validity(e.creativeId)) : times;
    emergencyTimes.set(e.id, { poster, message });
  }
  const takeovers = merge([...emergencyTimes.values()].flatMap((t) => [...t.poster, ...t.message]));

  const campaignTimes = (c: ScheduleCampaign) =>
    meet(wholeLoops(meet(merge([[c.flightStart, c.flightEnd]]), local(c.dayparts)), grid), loops);
  const donationTimes = (d: ScheduleDonation) => {
    const stop = Math.min(
      d.end ?? Infinity,
      d.withdrawnAt === null ? Infinity : Math.ceil(d.withdrawnAt / grid) * grid,
    );
    return meet(
      wholeLoops(meet(merge([[Math.max(d.start, from), Math.min(stop, to)]]), local(d.dayparts)), grid),
      loops,
    );
  };

  const own = input.fillers.filter(
    (f) =>
      (f.target.kind === 'screen' && f.target.screenId === screen.id) ||
      (f.target.kind === 'group' && screen.groupIds.includes(f.target.groupId)),
  );
  let fillerEntries = own;
  if (own.length === 0) {
    const paths = input.fillers.flatMap((f) =>
      f.target.kind === 'organisation' && screen.organisationPath.startsWith(f.target.organisationPath)
        ? [f.target.organisationPath]
        : [],
    );
    const nearest = paths.sort((a, b) => b.length - a.length)[0];
    fillerEntries = input.fillers.filter(
      (f) => f.target.kind === 'organisation' && f.target.organisationPath === nearest,
    );
  }
  return {
    input,
    plan,
    plays,
    grid,
    hours,
    loops,
    local,
    takeovers,
    emergencyTimes,
    creativeValid,
    campaignTimes,
    donationTimes,
    fillerEntries,
  };
}

function minus(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  let out = [...a];
  for (const [s, e] of b) out = out.flatMap(([x, y]) => [[x, Math.min(y, s)] as const, [Math.max(x, e), y] as const]);
  return merge(out);
}

/** Plays starting in each UTC hour (the local clock hour in every zone but Lord Howe's). */
function countByHour(plays: readonly Play[], weight: (p: Play) => number = () => 1): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of plays) {
    const hour = Math.floor(p.start / HOUR) * HOUR;
    out.set(hour, (out.get(hour) ?? 0) + weight(p));
  }
  return out;
}
/**
 * The rest of a play an emergency cut into, shown again from the all clear (a segment's lead):
 * the same play, so a daily cap does not count it twice.
 */
const resumed = (p: Play, takeovers: readonly Interval[]) => p.cut && takeovers.some(([, end]) => end === p.start);
/** The whole UTC hours inside the intervals. */
const fullHours = (intervals: readonly Interval[]) =>
  intervals.flatMap(([a, b]) => {
    const out: number[] = [];
    for (let h = Math.ceil(a / HOUR) * HOUR; h + HOUR <= b; h += HOUR) out.push(h);
    return out;
  });

const NONE: Targeting = { groupIds: [], tags: [], localityPaths: [], kinds: [], venues: [] };
const hourly = (f: Frequency) => (f.kind === 'perHour' ? f.plays : 60 / f.minutes);

/**
 * One donation on this screen (capped or not); the first campaign, of one-slot posters and in
 * flight throughout, is open to the pool.
 */
function donatedArb(capped: boolean): fc.Arbitrary<Scenario> {
  return fc
    .tuple(scenarioArb({ donations: 1, minDonations: 1, emergencies: 1 }), fc.integer({ min: 1, max: 40 }))
    .map(([{ input, base }, cap]): Scenario => {
      const donations = input.donations.map((d) => ({
        ...d,
        donorPath: '/org/',
        targeting: NONE,
        maxPlaysPerDay: capped ? cap : null,
      }));
      const first = input.campaigns[0];
      if (!first) return { input: { ...input, donations }, base };
      const campaigns = [
        {
          ...first,
          acceptsDonations: true,
          targeting: NONE,
          flightStart: input.from - DAY,
          flightEnd: input.to + DAY,
          creatives: first.creatives.map((cc) => ({ ...cc, durationSeconds: null })),
        },
        ...input.campaigns.slice(1),
      ];
      const creatives = new Map(input.creatives);
      for (const cc of first.creatives) {
        creatives.set(cc.creativeId, { ...creatives.get(cc.creativeId)!, kind: 'image', durationSeconds: null });
      }
      return { input: { ...input, donations, campaigns, creatives }, base };
    });
}

/** Throws with the first plays concerned when a check fails, so fast-check shows it. */
function fail(message: string, plays: readonly Play[] = []): never {
  throw new Error(`${message}${plays.length > 0 ? `\n  ${plays.slice(0, 6).map(show).join('\n  ')}` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// The properties

describe('localWindows', () => {
  it('agrees with the wall clock minute by minute, on ordinary days and across clock changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...BASES),
        fc.array(windowArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.integer({ min: 1, max: 3 * 24 * 60 }),
        (zone, base, windows, start, length) => {
          const from = base + start * MINUTE;
          const to = from + length * MINUTE;
          expect(localWindows(windows, zone, from, to)).toEqual(oracleWindows(windows, zone, base, from, to));
        },
      ),
      { numRuns: RUNS.numRuns * 5 },
    );
  });
});

describe('spread (the order inside a loop)', () => {
  const items = fc
    .array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 })
    .map((ids) => ids.map((creativeId, i) => ({ creativeId, i })));
  const previousArb = fc.constantFrom(null, 'a', 'b');

  it('never puts a creative twice in a row when none has more than half, and keeps every play', () => {
    fc.assert(
      fc.property(items, previousArb, (plays, previous) => {
        const out = spread(plays, previous);
        expect([...out].sort((x, y) => x.i - y.i)).toEqual(plays);
        const counts = new Map<string, number>();
        plays.forEach((p) => counts.set(p.creativeId, (counts.get(p.creativeId) ?? 0) + 1));
        if (Math.max(0, ...counts.values()) * 2 > plays.length) return;
        out.forEach((p, k) => k > 0 && expect(p.creativeId).not.toBe(out[k - 1].creativeId));
        // and not after the loop before either, where that costs nothing
        if ((counts.get(previous ?? '') ?? 0) <= Math.floor(plays.length / 2) && out.length > 0) {
          expect(out[0].creativeId).not.toBe(previous);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps an order that has no repeats as it is', () => {
    fc.assert(
      fc.property(items, previousArb, (plays, previous) => {
        fc.pre(plays.every((p, k) => p.creativeId !== (k === 0 ? previous : plays[k - 1].creativeId)));
        expect(spread(plays, previous)).toEqual(plays);
      }),
      { numRuns: 200 },
    );
  });
});

describe('planScreen invariants', () => {
  it('plays are sorted, never overlap, and a loop never overfills', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const { plays, grid } = worldOf(scenario);
        plays.forEach((p, i) => {
          if (p.end <= p.start) fail('an empty play', [p]);
          if (i > 0 && p.start < plays[i - 1].end) fail('plays overlap', [plays[i - 1], p]);
          // a loop's plays stay inside it: never across its end
          if (p.cue.reason !== 'emergency' && Math.floor(p.start / grid) !== Math.floor((p.end - 1) / grid)) {
            fail('a play crosses the end of its loop', [p]);
          }
        });
      }),
      RUNS,
    );
  });

  it('nothing plays outside its flight, dayparts, validity, the screen’s hours or its targeting', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const world = worldOf(scenario);
        const { input, plays, loops, hours } = world;
        const campaigns = new Map(input.campaigns.map((c) => [c.id, c]));
        const donations = new Map(input.donations.map((d) => [d.id, d]));
        const times = new Map(input.campaigns.map((c) => [c.id, world.campaignTimes(c)]));
        const donated = new Map(input.donations.map((d) => [d.id, world.donationTimes(d)]));
        const fillers = new Set(world.fillerEntries.map((f) => f.id));
        for (const p of plays) {
          const { cue } = p;
          if (cue.reason === 'emergency') {
            const t = world.emergencyTimes.get(cue.emergencyId!);
            if (!t) fail('an emergency plays on a screen it does not cover', [p]);
            if (!within(cue.creativeId === null ? t.message : t.poster, p.start, p.end)) {
              fail('an emergency plays outside its time, the screen’s hours or its poster’s validity', [p]);
            }
            if (!within(hours, p.start, p.end)) fail('an emergency plays outside the screen’s hours', [p]);
            continue;
          }
          if (!within(loops, p.start, p.end)) fail('a play outside the whole loops of the screen’s hours', [p]);
          if (cue.creativeId === null || !world.creativeValid(cue.creativeId, p.start, p.end)) {
            fail('a creative plays outside its validity', [p]);
          }
          if (cue.reason === 'filler') {
            if (!fillers.has(cue.entryId!)) fail('filler from an entry that is not the screen’s', [p]);
            continue;
          }
          const campaign = campaigns.get(cue.campaignId!)!;
          if (!campaign.creatives.some((c) => c.creativeId === cue.creativeId))
            fail('a creative not in its campaign', [p]);
          if (p.start < campaign.flightStart || p.end > campaign.flightEnd)
            fail('a campaign plays outside its flight', [p]);
          if (!within(times.get(campaign.id)!, p.start, p.end)) fail('a campaign plays outside its dayparts', [p]);
          if (cue.reason === 'campaign') {
            if (
              !input.screen.organisationPath.startsWith(campaign.ownerPath) ||
              !matches(input.screen, campaign.targeting)
            ) {
              fail('a campaign plays in airtime it does not own', [p]);
            }
          } else {
            const donation = donations.get(cue.donationId!)!;
            if (
              !input.screen.organisationPath.startsWith(donation.donorPath) ||
              !matches(input.screen, donation.targeting)
            ) {
              fail('a donation plays on a screen it does not cover', [p]);
            }
            if (
              donation.campaignId === null
                ? !campaign.acceptsDonations || !matches(input.screen, campaign.targeting)
                : donation.campaignId !== campaign.id
            ) {
              fail('a donation carries a campaign it may not', [p]);
            }
            if (!within(donated.get(donation.id)!, p.start, p.end)) fail('a donation plays outside its time', [p]);
          }
        }
      }),
      RUNS,
    );
  });

  it('emergencies are exclusive from their exact start to their end, and cover their time', () => {
    fc.assert(
      fc.property(scenarioArb({ emergencies: 3 }), (scenario) => {
        const { plays, takeovers } = worldOf(scenario);
        for (const p of plays) {
          if (p.cue.reason !== 'emergency' && overlaps(takeovers, p.start, p.end)) {
            fail('something else plays during an emergency', [p]);
          }
        }
        for (const [a, b] of takeovers) {
          let cursor = a;
          for (const p of plays) {
            if (p.end <= a || p.start >= b) continue;
            if (p.start > cursor) fail(`an emergency leaves ${iso(cursor)} empty`);
            cursor = Math.max(cursor, p.end);
          }
          if (cursor < b) fail(`an emergency leaves ${iso(cursor)} empty`);
        }
      }),
      RUNS,
    );
  });

  it('the screen is never black while filler exists', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const { input, plays, loops, grid, fillerEntries } = worldOf(scenario);
        // clips too: one that fits nowhere plays for what is left of the loop
        const playable = fillerEntries.filter((f) => input.creatives.has(f.creativeId));
        const covered = merge(
          playable.flatMap((f) => {
            const c = input.creatives.get(f.creativeId)!;
            return wholeLoops([[c.validFrom ?? -Infinity, c.validUntil ?? Infinity]], grid);
          }),
        );
        let i = 0;
        for (const [a, b] of meet(loops, covered)) {
          for (let loop = a; loop < b; loop += grid) {
            let cursor = loop;
            while (i < plays.length && plays[i].end <= loop) i++;
            for (let j = i; j < plays.length && plays[j].start < loop + grid; j++) {
              if (plays[j].start > cursor) fail(`nothing plays from ${iso(cursor)} though filler exists`);
              cursor = Math.max(cursor, plays[j].end);
            }
            if (cursor < loop + grid) fail(`nothing plays from ${iso(cursor)} though filler exists`);
          }
        }
      }),
      RUNS,
    );
  });

  it('donations deliver their share each clock hour, or record the shortfall, and keep their daily cap', () => {
    fc.assert(
      fc.property(scenarioArb({ donations: 3 }), (scenario) => {
        const world = worldOf(scenario);
        const { input, plan, plays, grid } = world;
        const slot = input.policy.slotSeconds * 1000;
        const perLoop = input.policy.loopSeconds / input.policy.slotSeconds;
        const loopsPerHour = 3600 / input.policy.loopSeconds;
        for (const d of input.donations) {
          const mine = plays.filter((p) => p.cue.donationId === d.id);
          if (d.maxPlaysPerDay !== null) {
            const byDay = new Map<string, number>();
            for (const p of mine) {
              if (resumed(p, world.takeovers)) continue;
              const day = DateTime.fromMillis(p.start, { zone: input.screen.timezone }).toISODate()!;
              byDay.set(day, (byDay.get(day) ?? 0) + 1);
            }
            for (const [day, n] of byDay)
              if (n > d.maxPlaysPerDay) fail(`${n} donated plays on ${day}, capped at ${d.maxPlaysPerDay}`);
            continue;
          }
          if (!input.screen.organisationPath.startsWith(d.donorPath) || !matches(input.screen, d.targeting)) {
            if (mine.length > 0) fail(`donation ${d.id} plays on a screen it does not cover`, mine);
            continue;
          }
          const expected =
            d.amount.kind === 'secondsPerLoop'
              ? Math.min(perLoop, d.amount.seconds / input.policy.slotSeconds) * loopsPerHour
              : d.amount.slots;
          const delivered = countByHour(mine, (p) => Math.round((p.end - p.start) / slot));
          // Donated slots are given in runs the carriers' creatives fit (a 61 s clip takes three
          // 30 s slots), so an hour is within one run of its share: one slot when every creative
          // that could carry it takes one slot. The run is the longest such creative's, whatever played.
          let run = 1;
          for (const c of input.campaigns) {
            if (d.campaignId !== null ? c.id !== d.campaignId : !c.acceptsDonations) continue;
            for (const cc of c.creatives) {
              const creative = input.creatives.get(cc.creativeId);
              if (!creative) continue;
              const seconds =
                creative.kind === 'image'
                  ? (cc.durationSeconds ?? input.policy.slotSeconds)
                  : (creative.durationSeconds ?? 0);
              const slots = Math.max(1, Math.ceil(seconds / input.policy.slotSeconds - 1e-9));
              if (slots <= perLoop) run = Math.max(run, slots);
            }
          }
          const short = plan.shortfalls.filter((s) => s.donationId === d.id);
          for (const hour of fullHours(world.donationTimes(d))) {
            if (overlaps(world.takeovers, hour, hour + HOUR)) continue;
            const got = delivered.get(hour) ?? 0;
            if (got > expected + run) fail(`donation ${d.id} gave ${got} slots in ${iso(hour)}, not ${expected}`);
            if (got < expected - run && !short.some((s) => s.start < hour + HOUR && s.end > hour)) {
              fail(
                `donation ${d.id} gave ${got} slots in ${iso(hour)}, not ${expected}, and no shortfall says so`,
                mine,
              );
            }
          }
        }
        // shortfalls: per donation in time order, inside the plan, in whole slots
        for (const s of plan.shortfalls) {
          if (s.start < input.from || s.end > input.to || s.end <= s.start || s.seconds <= 0) fail('a bad shortfall');
          if (s.seconds % input.policy.slotSeconds !== 0) fail('a shortfall in part of a slot');
          if (s.seconds * 1000 > ((s.end - s.start) / grid) * input.policy.loopSeconds * 1000)
            fail('a shortfall longer than its time');
        }
      }),
      RUNS,
    );
  });

  it('a donation with an eligible one-slot image throughout an hour delivers in full', () => {
    const donated = donatedArb(false);
    fc.assert(
      fc.property(donated, (scenario) => {
        const world = worldOf(scenario);
        const { input, plays } = world;
        const d = input.donations[0];
        const slotSeconds = input.policy.slotSeconds;
        // emergency-class campaigns of the screen come first: leave those hours out
        const urgent = merge(
          input.campaigns
            .filter(
              (c) =>
                c.priority === 'emergency' &&
                input.screen.organisationPath.startsWith(c.ownerPath) &&
                matches(input.screen, c.targeting),
            )
            .flatMap((c) => world.campaignTimes(c)),
        );
        // a carrier kept apart by a minimum gap cannot fill every donated slot
        const carriers = input.campaigns.filter(
          (c) =>
            !c.minGapSeconds &&
            (d.campaignId === null ? c.acceptsDonations && matches(input.screen, c.targeting) : c.id === d.campaignId),
        );
        const eligible = merge(
          carriers.flatMap((c) =>
            c.creatives
              .filter((cc) => {
                const creative = input.creatives.get(cc.creativeId);
                return creative?.kind === 'image' && (cc.durationSeconds ?? slotSeconds) <= slotSeconds;
              })
              .flatMap((cc) => {
                const creative = input.creatives.get(cc.creativeId)!;
                return meet(
                  world.campaignTimes(c),
                  merge([[creative.validFrom ?? -Infinity, creative.validUntil ?? Infinity]]),
                );
              }),
          ),
        );
        const perLoop = input.policy.loopSeconds / slotSeconds;
        const expected =
          d.amount.kind === 'secondsPerLoop'
            ? Math.min(perLoop, d.amount.seconds / slotSeconds) * (3600 / input.policy.loopSeconds)
            : d.amount.slots;
        const delivered = countByHour(
          plays.filter((p) => p.cue.donationId === d.id),
          (p) => Math.round((p.end - p.start) / (slotSeconds * 1000)),
        );
        for (const hour of fullHours(meet(world.donationTimes(d), eligible))) {
          if (overlaps(world.takeovers, hour, hour + HOUR) || overlaps(urgent, hour, hour + HOUR)) continue;
          const got = delivered.get(hour) ?? 0;
          if (Math.abs(got - expected) > 1) fail(`donation gave ${got} slots in ${iso(hour)}, not ${expected}`);
        }
      }),
      RUNS,
    );
  });

  it('a capped donation never passes its daily cap, counted in the screen’s local days', () => {
    // by the plan that lists its plays, and by the one that leaves its periods and caps to its
    // readers (what the server sends)
    let reached = 0;
    let reachedDeferred = 0;
    fc.assert(
      fc.property(donatedArb(true), (scenario) => {
        const { input, plays, takeovers } = worldOf(scenario);
        const deferred = expandPlan(planScreen(input, new PlanCache({ deferFillings: true })), input.from, input.to);
        const d = input.donations[0];
        const daysOf = (list: readonly Play[]) => {
          const byDay = new Map<string, number>();
          for (const p of list) {
            if (p.cue.donationId !== d.id || resumed(p, takeovers)) continue;
            const day = DateTime.fromMillis(p.start, { zone: input.screen.timezone }).toISODate()!;
            byDay.set(day, (byDay.get(day) ?? 0) + 1);
          }
          return byDay;
        };
        for (const [day, n] of daysOf(plays)) {
          if (n > d.maxPlaysPerDay!) fail(`${n} donated plays on ${day}, capped at ${d.maxPlaysPerDay}`);
          if (n === d.maxPlaysPerDay) reached++;
        }
        for (const [day, n] of daysOf(deferred)) {
          if (n > d.maxPlaysPerDay!)
            fail(`${n} donated plays on ${day} (counted by readers), capped at ${d.maxPlaysPerDay}`);
          if (n === d.maxPlaysPerDay) reachedDeferred++;
        }
      }),
      RUNS,
    );
    // the generator does reach caps
    expect(reached).toBeGreaterThan(0);
    expect(reachedDeferred).toBeGreaterThan(0);
  });

  it('frequencies are met within one play per full clock hour where airtime is ample', () => {
    // ample: the screen's own campaigns, at most two with a frequency, each at most one play in two
    // loops, of one-slot posters; nothing but them claims airtime first (no donations, no
    // emergency-class campaign without a frequency)
    const ample = scenarioArb({ campaigns: 3, donations: 0 }).map(({ input, base }): Scenario => {
      const halfHour = 1800 / input.policy.loopSeconds;
      let frequent = 0;
      const campaigns = input.campaigns.map((c): ScheduleCampaign => {
        const keep = c.frequency !== null && frequent++ < 2;
        const rate = c.frequency === null ? 0 : hourly(c.frequency);
        return {
          ...c,
          ownerPath: '/org/',
          targeting: NONE,
          minGapSeconds: null,
          priority: !keep && c.priority === 'emergency' ? 'campaign' : c.priority,
          frequency: !keep ? null : rate <= halfHour ? c.frequency : { kind: 'perHour', plays: halfHour },
          creatives: keep ? c.creatives.map((cc) => ({ ...cc, durationSeconds: null })) : c.creatives,
        };
      });
      const posters = new Map(
        [...input.creatives].map(([id, c]) => [id, { ...c, kind: 'image' as const, durationSeconds: null }]),
      );
      return { input: { ...input, campaigns, creatives: posters }, base };
    });
    fc.assert(
      fc.property(ample, (scenario) => {
        const world = worldOf(scenario);
        const { input, plays } = world;
        for (const c of input.campaigns) {
          if (c.frequency === null) continue;
          // a campaign-class campaign without frequency takes the airtime a filler-class one would have
          if (c.priority === 'filler' && input.campaigns.some((o) => o.priority === 'campaign' && o.frequency === null))
            continue;
          const rate = hourly(c.frequency);
          const playable = merge(
            c.creatives.flatMap((cc) => {
              const creative = input.creatives.get(cc.creativeId);
              return creative ? [[creative.validFrom ?? -Infinity, creative.validUntil ?? Infinity] as const] : [];
            }),
          );
          const counts = countByHour(plays.filter((p) => p.cue.campaignId === c.id && p.cue.reason === 'campaign'));
          for (const hour of fullHours(meet(world.campaignTimes(c), playable))) {
            if (overlaps(world.takeovers, hour, hour + HOUR)) continue;
            const got = counts.get(hour) ?? 0;
            if (Math.abs(got - rate) > 1 + 1e-9) {
              fail(
                `campaign ${c.id} played ${got} times in ${iso(hour)}, asked ${rate}`,
                plays.filter((p) => p.cue.campaignId === c.id),
              );
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('an emergency-class frequency gets its full count when campaign-class ones ask for more than there is', () => {
    const scarce = fc.record({
      policy: fc.constantFrom<LoopPolicy>(
        { loopSeconds: 60, slotSeconds: 30 },
        { loopSeconds: 60, slotSeconds: 20 },
        { loopSeconds: 120, slotSeconds: 30 },
        { loopSeconds: 300, slotSeconds: 30 },
      ),
      urgent: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 2 }),
      normal: fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 3 }),
      zone: fc.constantFrom(...ZONES),
      base: fc.constantFrom(...BASES),
    });
    fc.assert(
      fc.property(scarce, ({ policy, urgent, normal, zone, base }) => {
        const capacity = 3600 / policy.slotSeconds;
        fc.pre(urgent.reduce((a, b) => a + b, 0) <= capacity);
        const campaign = (id: string, priority: Priority, plays: number): ScheduleCampaign => ({
          id,
          ownerPath: '/org/',
          priority,
          flightStart: 0,
          flightEnd: base + 10 * DAY,
          dayparts: [],
          targeting: NONE,
          creatives: [{ creativeId: `${id}-poster`, weight: 1, durationSeconds: null }],
          frequency: { kind: 'perHour', plays },
          minGapSeconds: null,
          acceptsDonations: false,
        });
        const campaigns = [
          ...urgent.map((n, i) => campaign(`u${i}`, 'emergency', n)),
          ...normal.map((n, i) => campaign(`n${i}`, 'campaign', n)),
        ];
        const input: ScheduleInput = {
          screen: {
            id: 's',
            kind: 'web',
            tags: [],
            localityPath: '/',
            organisationPath: '/org/',
            venue: null,
            groupIds: [],
            timezone: zone,
            operatingHours: null,
          },
          policy,
          campaigns,
          donations: [],
          emergencies: [],
          fillers: [],
          creatives: new Map(
            campaigns.map((c) => [
              `${c.id}-poster`,
              { id: `${c.id}-poster`, kind: 'image', durationSeconds: null, validFrom: null, validUntil: null },
            ]),
          ),
          from: base,
          to: base + DAY,
        };
        const plays = expandPlan(planScreen(input), input.from, input.to);
        const counts = (id: string) => countByHour(plays.filter((p) => p.cue.campaignId === id));
        const urgentTotal = urgent.reduce((a, b) => a + b, 0);
        const normalTotal = normal.reduce((a, b) => a + b, 0);
        for (let hour = base; hour < base + DAY; hour += HOUR) {
          urgent.forEach((n, i) => {
            if (counts(`u${i}`).get(hour) !== n) fail(`u${i} played ${counts(`u${i}`).get(hour)} times, asked ${n}`);
          });
          const others = normal.reduce((sum, _, i) => sum + (counts(`n${i}`).get(hour) ?? 0), 0);
          if (others !== Math.min(normalTotal, capacity - urgentTotal)) {
            fail(`campaign class played ${others} times in ${iso(hour)}, room for ${capacity - urgentTotal}`);
          }
        }
      }),
      { numRuns: Math.ceil((RUNS.numRuns * 2) / 3) },
    );
  });

  it('the same creative is never back to back within a loop when it need not be', () => {
    fc.assert(
      fc.property(scenarioArb({ emergencies: 0 }), (scenario) => {
        const { plays, grid } = worldOf(scenario);
        let i = 0;
        while (i < plays.length) {
          const loop = Math.floor(plays[i].start / grid);
          let j = i;
          while (j < plays.length && Math.floor(plays[j].start / grid) === loop) j++;
          const inLoop = plays.slice(i, j);
          i = j;
          const counts = new Map<string, number>();
          for (const p of inLoop) counts.set(p.cue.creativeId!, (counts.get(p.cue.creativeId!) ?? 0) + 1);
          if (counts.size < 2 || Math.max(...counts.values()) * 2 > inLoop.length) continue;
          for (let k = 1; k < inLoop.length; k++) {
            if (inLoop[k].cue.creativeId === inLoop[k - 1].cue.creativeId) {
              fail(`the same creative twice in a row in the loop at ${iso(loop * grid)}`, inLoop);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('keeps a campaign’s plays its minimum gap apart, in its own airtime and donated airtime alike', () => {
    // every campaign kept apart, so donated airtime and its carriers meet gaps often
    const gapped = fc.tuple(scenarioArb({}), fc.constantFrom(60, 300, 900)).map(([{ input, base }, gap]): Scenario => ({
      input: { ...input, campaigns: input.campaigns.map((c) => ({ ...c, minGapSeconds: c.minGapSeconds ?? gap })) },
      base,
    }));
    fc.assert(
      fc.property(gapped, (scenario) => {
        const { input, plan, plays } = worldOf(scenario);
        // within a stretch of one pattern: where what is active changes, the plan starts a new one
        const segmentOf = (at: number) => plan.segments.findIndex((s) => s.start <= at && at < s.end);
        for (const c of input.campaigns) {
          if (!c.minGapSeconds) continue;
          const mine = plays.filter((p) => p.cue.campaignId === c.id && !p.cut);
          for (let k = 1; k < mine.length; k++) {
            const [a, b] = [mine[k - 1], mine[k]];
            if (segmentOf(a.start) !== segmentOf(b.start)) continue;
            if (b.start - a.start < c.minGapSeconds * 1000) {
              fail(`campaign ${c.id} played ${(b.start - a.start) / 1000} s apart, kept ${c.minGapSeconds} s`, [a, b]);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('is deterministic, and expanding part of a plan gives the same plays as the whole', () => {
    fc.assert(
      fc.property(
        scenarioArb(),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 200 }),
        (scenario, a, b) => {
          const world = worldOf(scenario);
          expect(planScreen(scenario.input)).toEqual(world.plan);
          const { from, to } = scenario.input;
          const start = from + ((to - from) * a) / 1000;
          const end = Math.min(to, start + b * 7 * MINUTE + 1234);
          const part = expandPlan(world.plan, start, end);
          expect(part).toEqual(world.plays.filter((p) => p.end > start && p.start < end));
          const at = Math.floor((start + end) / 2);
          expect(playAt(world.plan, at)).toEqual(world.plays.find((p) => p.start <= at && p.end > at) ?? null);
        },
      ),
      RUNS,
    );
  });

  it('leaves periods to their filling with the same plays, shortfalls and caps as filling them', () => {
    fc.assert(
      fc.property(fc.oneof(scenarioArb({ minDonations: 1 }), donatedArb(true), donatedArb(false)), (scenario) => {
        const { input } = scenario;
        const filled = planScreen(input);
        const deferred = planScreen(input, new PlanCache({ deferFillings: true }));
        expect(deferred.patterns.every((p) => 'fill' in p || p.periodSeconds === 0 || p.plays.length > 0)).toBe(true);
        // shortfalls are the filling's: the same over the plan, but where an emergency takes over
        // (a plan that lists its plays records them through it)
        const { from, to } = input;
        expect(deferred.shortfalls).toEqual([]);
        if (!filled.cues.some((cue) => cue.reason === 'emergency')) {
          const bySeconds = (seconds: Map<string, number>) =>
            Object.fromEntries([...seconds].map(([id, s]) => [id, Math.round(s * 1000) / 1000]));
          expect(bySeconds(shortfallSeconds(deferred, from, to))).toEqual(
            bySeconds(shortfallSeconds(filled, from, to)),
          );
        }
        // the plans' tables may number the cues apart: plays are the same by what they show and why.
        // Where a deferred plan's readers count daily caps, loops an emergency hides do not count
        // (the plan that lists its plays counts them): the same until the first takeover
        const reference = expandPlan(filled, from, to);
        const until =
          deferred.days === undefined ? to : (reference.find((p) => p.cue.reason === 'emergency')?.start ?? to);
        const alike = (p: Play | null) => p && { start: p.start, end: p.end, cue: p.cue, cut: p.cut };
        expect(expandPlan(deferred, from, until).map(alike)).toEqual(
          reference.filter((p) => p.start < until).map(alike),
        );
        const at = Math.floor((from + until) / 2);
        expect(alike(playAt(deferred, at))).toEqual(alike(playAt(filled, at)));
      }),
      RUNS,
    );
  });
});
