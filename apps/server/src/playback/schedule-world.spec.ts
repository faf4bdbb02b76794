import { describe, expect, it } from '@jest/globals';
import { KeptPlans, type ScheduleCreative, type ScheduleEmergency } from '@loa/scheduler';
import { type ScreenForPlan, screenForPlan } from '../screens/screen-rows.js';
import { planWindowAt, ScheduleWorld } from './schedule-world.js';

const window = planWindowAt(new Date('2020-08-20T03:00:00Z'));
const screen = (id: string, organisationPath = '/p/d/'): ScreenForPlan =>
  screenForPlan({
    id,
    kind: 'transit',
    tags: [],
    layout: null,
    localityPath: '/p/d/',
    organisationPath,
    venue: null,
    profileKey: 'transit-1920x1080',
    timezone: 'Asia/Ho_Chi_Minh',
    operatingHours: null,
  });
const creatives = new Map<string, ScheduleCreative>([
  ['poster', { id: 'poster', kind: 'image', durationSeconds: null, validFrom: null, validUntil: null }],
]);
const fillers = [
  {
    id: 'e1',
    creativeId: 'poster',
    durationSeconds: null,
    position: 0,
    target: { kind: 'organisation' as const, organisationPath: '/p/' },
  },
];
const emergency: ScheduleEmergency = {
  id: 'flood',
  scopePath: '/p/',
  localityPaths: [],
  groupIds: [],
  creativeId: null,
  message: { text: 'Lũ quét: tránh xa suối' },
  durationSeconds: null,
  start: window.from + 3_600_000,
  end: null,
  cancelledAt: null,
};
const world = (kept: KeptPlans, emergencies: ScheduleEmergency[] = [], companies: string[] = []) =>
  new ScheduleWorld(
    window,
    { campaigns: [], donations: [], emergencies, fillers, creatives },
    [],
    new Map(),
    new Set(companies),
    kept,
  );

describe('ScheduleWorld', () => {
  it('plans screens alike once, and keeps the plans while only emergencies change', () => {
    const kept = new KeptPlans();
    const bases = kept.bases;
    const calm = world(kept);
    const a = calm.planFor(screen('a'));
    expect(calm.planFor(screen('b'))).toBe(a);
    expect(bases.size).toBe(1);
    // an emergency lays over the kept plan: nothing is planned again
    const alarmed = world(kept, [emergency]);
    const b = alarmed.planFor(screen('b'));
    expect(bases.size).toBe(1);
    expect(b).not.toBe(a);
    expect(b.segments.length).toBeGreaterThan(a.segments.length);
    expect(b.patterns.slice(0, a.patterns.length)).toEqual(a.patterns);
  });

  it('answers which screens a change reaches once per signature, afresh for each set of ids asked about', () => {
    const w = world(new KeptPlans(), [emergency]);
    const inScope = screen('a');
    const alike = screen('b');
    const { signature: _, ...fields } = screen('c', '/q/');
    const elsewhere = screenForPlan({ ...fields, localityPath: '/q/' });
    const flood = new Set(['flood']);
    expect([inScope, alike, elsewhere].map((s) => w.touches(s, flood))).toEqual([true, true, false]);
    // another change: the answers above are not taken for it, even for the same screens
    const other = new Set(['campaign-elsewhere']);
    expect([inScope, alike, elsewhere].map((s) => w.touches(s, other))).toEqual([false, false, false]);
    expect(w.touches(alike, new Set(['flood']))).toBe(true);
  });

  it('reads the company whose network a screen belongs to from its owner path', () => {
    const w = world(new KeptPlans(), [], ['c']);
    expect(w.screenOf(screen('x', '/p/d/c/branch/')).networkPath).toBe('/p/d/c/');
    expect(w.screenOf(screen('y', '/p/d/')).networkPath).toBeNull();
  });
});
