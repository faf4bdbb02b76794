import { describe, expect, it } from '@jest/globals';
import { campaignsOnAir, type PlanCue, type SchedulePlan } from './plan.js';

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
