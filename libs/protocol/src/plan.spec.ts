import { describe, expect, it } from '@jest/globals';
import {
  campaignsOnAir,
  expandPlan,
  type Play,
  planCampaignIds,
  planCreativeIds,
  type PlanCue,
  type SchedulePlan,
} from './plan.js';

const cue = (campaignId: string | null, reason: PlanCue['reason'] = campaignId ? 'campaign' : 'filler'): PlanCue => ({
  creativeId: '00000000-0000-4000-8000-000000000001',
  message: null,
  reason,
  campaignId,
  donationId: null,
  emergencyId: null,
  entryId: null,
});

const HOUR = 3_600_000;
/** An emergency's message, as a plan laid over another names it. */
const emergencyCue: PlanCue = {
  creativeId: null,
  message: { text: 'Cảnh báo' },
  reason: 'emergency',
  campaignId: null,
  donationId: null,
  emergencyId: 'e1',
  entryId: null,
};
const plan: SchedulePlan = {
  from: 0,
  to: 3 * HOUR,
  loopSeconds: 60,
  slotSeconds: 10,
  cues: [cue('bluezone'), cue(null), cue('khai-bao-y-te'), cue('bluezone', 'donation')],
  patterns: [
    {
      periodSeconds: 60,
      plays: [
        [0, 10, 1],
        [10, 10, 2],
        [20, 10, 0],
        [30, 30, 1],
      ],
    },
    // a shared pattern numbers its cues through its cueMap
    { periodSeconds: 60, plays: [[0, 60, 0]], cueMap: [3] },
    { periodSeconds: 60, plays: [[0, 60, 1]] },
  ],
  segments: [
    { start: 0, end: HOUR, anchor: 0, pattern: 0 },
    { start: HOUR, end: 2 * HOUR, anchor: HOUR, pattern: 1 },
    { start: 2 * HOUR, end: 3 * HOUR, anchor: 2 * HOUR, pattern: 2 },
  ],
  shortfalls: [],
};

describe('campaignsOnAir', () => {
  it('names the campaigns with plays in the stretch of plan the instant falls in, in the order they first play', () => {
    // at 0:00:05 filler is playing, but both campaigns are on air in this stretch
    expect(campaignsOnAir(plan, 5_000)).toEqual(['khai-bao-y-te', 'bluezone']);
    expect(campaignsOnAir(plan, HOUR + 5_000)).toEqual(['bluezone']);
  });

  it('names none where only filler plays, or outside the plan', () => {
    expect(campaignsOnAir(plan, 2 * HOUR)).toEqual([]);
    expect(campaignsOnAir(plan, 3 * HOUR)).toEqual([]);
    expect(campaignsOnAir(plan, -1)).toEqual([]);
  });
});

describe('a plan that leaves periods to their filling', () => {
  const image = (creativeId: string) => ({ creativeId, kind: 'image' as const, weight: 1, slots: 1 });
  const base: SchedulePlan = {
    from: 0,
    to: 2 * HOUR,
    loopSeconds: 60,
    slotSeconds: 10,
    // the filler's cue only: the rest are made by the filling
    cues: [
      {
        creativeId: 'poster-default',
        message: null,
        reason: 'filler',
        campaignId: null,
        donationId: null,
        emergencyId: null,
        entryId: 'f1',
      },
    ],
    forms: [
      {
        campaign: {
          id: 'bluezone',
          priority: 'campaign',
          frequency: { kind: 'every', minutes: 15 },
          minGapSeconds: null,
        },
        candidates: [image('bluezone-poster')],
      },
      {
        campaign: { id: 'khai-bao-y-te', priority: 'campaign', frequency: null, minGapSeconds: null },
        candidates: [image('khai-bao-a'), image('khai-bao-b')],
      },
    ],
    fillers: [{ entryId: 'f1', candidate: image('poster-default') }],
    lists: [[0], [1]],
    donations: [{ id: 'xe-khach', amount: { kind: 'secondsPerLoop', seconds: 10 }, maxPlaysPerDay: null }],
    patterns: [
      {
        periodSeconds: 3600,
        // the first campaign in the screen's own airtime; 10 s of every minute donated, carried by the second
        fill: { own: 0, donations: [[0, 1]], filler: [0] },
      },
    ],
    segments: [{ start: 0, end: 2 * HOUR, anchor: 0, pattern: 0 }],
    shortfalls: [],
  };

  it('fills each period where it is expanded: every slot taken, frequencies and donated shares kept', () => {
    const plays = expandPlan(base, 0, HOUR);
    expect(plays).toHaveLength(360);
    plays.forEach((p, i) => expect(p.start).toBe(i * 10_000));
    const count = (reason: string, campaignId: string | null) =>
      plays.filter((p) => p.cue.reason === reason && p.cue.campaignId === campaignId).length;
    expect(count('campaign', 'bluezone')).toBe(4);
    expect(count('donation', 'khai-bao-y-te')).toBe(60);
    expect(plays.find((p) => p.cue.reason === 'donation')!.cue.donationId).toBe('xe-khach');
    // what is left is default content: a fill campaign is class campaign, so it takes the rest first
    expect(count('campaign', 'khai-bao-y-te') + count('filler', null)).toBe(296);
    // the second hour repeats the first
    const second = expandPlan(base, HOUR, 2 * HOUR);
    expect(second.map((p) => [p.start - HOUR, p.cue])).toEqual(plays.map((p) => [p.start, p.cue]));
  });

  it('reads a fill as protocol 2 wrote it, its lists and donations written out, and plays it alike', () => {
    // what a player updated to protocol 3 may still hold, or be sent by a server not yet recomposed
    const { lists: _lists, donations: _donations, ...rest } = base;
    const older = {
      ...rest,
      patterns: [
        {
          periodSeconds: 3600,
          fill: {
            own: [0],
            donations: [{ donation: base.donations![0], carriers: [1] }],
            filler: [0],
          },
        },
      ],
    } as unknown as SchedulePlan;
    const strip = (p: Play) => ({ start: p.start, end: p.end, cue: p.cue, cut: p.cut });
    expect(expandPlan(older, 0, 2 * HOUR).map(strip)).toEqual(expandPlan(base, 0, 2 * HOUR).map(strip));
  });

  it('names the creatives and campaigns its fillings may play', () => {
    expect(planCreativeIds(base).sort()).toEqual(['bluezone-poster', 'khai-bao-a', 'khai-bao-b', 'poster-default']);
    expect(planCampaignIds(base)).toEqual(['bluezone', 'khai-bao-y-te']);
    expect(campaignsOnAir(base, 5_000).sort()).toEqual(['bluezone', 'khai-bao-y-te']);
  });

  it('numbers the cues of a plan laid over another apart, and resumes the play under way after a takeover', () => {
    // an emergency from 0:10:05 to 0:20:05: the loop resumes in the middle of a play
    const takeover = 10 * 60_000 + 5_000;
    const over: SchedulePlan = {
      ...base,
      cues: [...base.cues, emergencyCue],
      patterns: [...base.patterns, { periodSeconds: 600, plays: [[0, 600, 1]] }],
      segments: [
        { start: 0, end: takeover, anchor: 0, pattern: 0 },
        { start: takeover, end: takeover + 600_000, anchor: takeover, pattern: 1 },
        { start: takeover + 600_000, end: 2 * HOUR, anchor: 0, pattern: 0 },
      ],
    };
    // the plan under it is filled first: its fillings' cues are numbered after its own
    const plain = expandPlan(base, 0, HOUR);
    const laid = expandPlan(over, 0, HOUR);
    const resumeAt = takeover + 600_000;
    expect(laid.find((p) => p.start === takeover)!.cue).toEqual(emergencyCue);
    const resumed = laid.find((p) => p.start === resumeAt)!;
    const underWay = plain.find((p) => p.start < resumeAt && p.end > resumeAt)!;
    expect(resumed).toMatchObject({ end: underWay.end, cue: underWay.cue, cut: true });
    // everything outside the takeover is what the plan under it plays
    const outside = (p: Play) => p.end < takeover || p.start > resumeAt;
    const strip = (p: Play) => ({ start: p.start, end: p.end, cue: p.cue, cut: p.cut });
    expect(laid.filter(outside).map(strip)).toEqual(plain.filter(outside).map(strip));
  });
});

describe('daily caps, counted by the plan’s readers', () => {
  const image = (creativeId: string) => ({ creativeId, kind: 'image' as const, weight: 1, slots: 1 });
  // a local day that began two hours before the window, and the next one starting at 03:00 (UTC);
  // 10 s of every minute donated, at most 150 plays a day: 120 before the window, so 30 in it
  const capped: SchedulePlan = {
    from: 2 * HOUR,
    to: 4 * HOUR,
    loopSeconds: 60,
    slotSeconds: 10,
    cues: [],
    forms: [
      {
        campaign: { id: 'bluezone', priority: 'campaign', frequency: null, minGapSeconds: null },
        candidates: [image('bluezone-poster')],
      },
      {
        campaign: { id: 'khai-bao-y-te', priority: 'campaign', frequency: null, minGapSeconds: null },
        candidates: [image('khai-bao-a')],
      },
    ],
    lists: [[0], [1]],
    donations: [{ id: 'xe-khach', amount: { kind: 'secondsPerLoop', seconds: 10 }, maxPlaysPerDay: 150 }],
    patterns: [{ periodSeconds: 3600, fill: { own: 0, donations: [[0, 1]], filler: [] } }],
    segments: [{ start: 0, end: 4 * HOUR, anchor: 0, pattern: 0 }],
    shortfalls: [],
    days: [0, 3 * HOUR],
  };
  const donated = (plays: readonly Play[]) => plays.filter((p) => p.cue.reason === 'donation');

  it('counts from the start of each day, before the window too, and stops a donation at its cap', () => {
    const plays = expandPlan(capped, 0, 4 * HOUR);
    // played from the window's start only
    expect(plays[0].start).toBe(2 * HOUR);
    const firstDay = donated(plays.filter((p) => p.start < 3 * HOUR));
    expect(firstDay).toHaveLength(30);
    expect(Math.max(...firstDay.map((p) => p.start))).toBeLessThan(2.5 * HOUR);
    // its slots go back to the screen's own campaign: every slot still taken
    expect(plays.filter((p) => p.start >= 2.5 * HOUR && p.start < 3 * HOUR)).toHaveLength(180);
    expect(donated(plays.filter((p) => p.start >= 2.5 * HOUR && p.start < 3 * HOUR))).toEqual([]);
    // a new day: the count starts again
    expect(donated(plays.filter((p) => p.start >= 3 * HOUR))).toHaveLength(60);
    // the same through JSON, at any instant, and the campaigns on air follow
    const sent = JSON.parse(JSON.stringify(capped)) as SchedulePlan;
    expect(expandPlan(sent, 2 * HOUR, 4 * HOUR)).toEqual(expandPlan(capped, 2 * HOUR, 4 * HOUR));
    expect(campaignsOnAir(capped, 2.75 * HOUR)).toEqual(['bluezone']);
    expect(campaignsOnAir(capped, 2.25 * HOUR).sort()).toEqual(['bluezone', 'khai-bao-y-te']);
  });

  it('does not count the loops an emergency hides, and counts a loop it cuts into once', () => {
    // 02:10:30 to 02:20:30: ten loops hidden whole or in part; the first (02:10) and the last (02:20) are cut into
    const [start, end] = [2 * HOUR + 10.5 * 60_000, 2 * HOUR + 20.5 * 60_000];
    const over: SchedulePlan = {
      ...capped,
      cues: [emergencyCue],
      patterns: [...capped.patterns, { periodSeconds: 600, plays: [[0, 600, 0]] }],
      segments: [
        { start: 0, end: start, anchor: 0, pattern: 0 },
        { start, end, anchor: start, pattern: 1 },
        { start: end, end: 4 * HOUR, anchor: 0, pattern: 0 },
      ],
    };
    const firstDay = donated(expandPlan(over, 2 * HOUR, 3 * HOUR));
    // 02:10 and 02:20 count whole (they played in part; the donated play of one of them was hidden),
    // 02:11 to 02:19 do not: the cap comes nine loops later
    expect(firstDay).toHaveLength(30 - 1);
    expect(Math.max(...firstDay.map((p) => p.start))).toBeGreaterThanOrEqual(2 * HOUR + 38 * 60_000);
    expect(Math.max(...firstDay.map((p) => p.start))).toBeLessThan(2 * HOUR + 39 * 60_000);
  });

  it('plays a plan without days as it is: its server stopped the caps itself', () => {
    const { days: _days, ...older } = capped;
    expect(donated(expandPlan(older, 2 * HOUR, 4 * HOUR))).toHaveLength(120);
  });
});
