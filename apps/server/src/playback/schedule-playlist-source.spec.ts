import { describe, expect, it } from '@jest/globals';
import type { SchedulePlan } from '@loa/protocol';
import type { Clock } from '../clock/clock.js';
import { SLICE_MS } from '../common/turns.js';
import type { ScreenForPlan, ScreenPlanRows } from '../screens/screen-rows.js';
import { SchedulePlaylistSource } from './schedule-playlist-source.js';
import { planWindowAt, type ScheduleInputs, type ScheduleWorld } from './schedule-world.js';

const plan: SchedulePlan = {
  from: 0,
  to: 0,
  loopSeconds: 120,
  slotSeconds: 10,
  cues: [],
  patterns: [],
  segments: [],
  shortfalls: [],
};

describe('SchedulePlaylistSource.plan', () => {
  it('gives the event loop its turns while it plans many screens', async () => {
    const events: string[] = [];
    // each screen's plan holds the thread longer than a slice, as a cold plan of a big network does
    const world = {
      planFor: (screen: ScreenForPlan) => {
        const until = performance.now() + SLICE_MS + 5;
        while (performance.now() < until);
        events.push(`planned ${screen.id}`);
        return plan;
      },
    } as unknown as ScheduleWorld;
    const inputs = { load: () => Promise.resolve(world) } as unknown as ScheduleInputs;
    const source = new SchedulePlaylistSource({} as ScreenPlanRows, {} as Clock, inputs);
    const screens = ['a', 'b', 'c'].map((id) => ({ id }) as ScreenForPlan);
    const heartbeat = setInterval(() => events.push('heartbeat'), 0);
    try {
      const plans = await source.plan(screens, planWindowAt(new Date('2020-08-20T03:00:00Z')));
      expect([...plans.keys()]).toEqual(['a', 'b', 'c']);
    } finally {
      clearInterval(heartbeat);
    }
    const planned = events.filter((e) => e.startsWith('planned'));
    expect(planned).toEqual(['planned a', 'planned b', 'planned c']);
    // timers ran between the screens, not only once everything was planned
    expect(events.slice(0, events.indexOf('planned c'))).toContain('heartbeat');
  });
});
