import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  type ActiveCampaign,
  activeCampaignOf,
  type ActiveSet,
  type CueCatalog,
  fillAirtime,
  fillDonations,
  Rotation,
  spread,
} from './airtime.js';
import type { PlanCue } from './plan.js';

describe('Rotation.nextWithin', () => {
  it('picks the same items whether or not the caller says the largest size', () => {
    const items = fc.array(
      fc.record({ weight: fc.integer({ min: 1, max: 9 }), size: fc.integer({ min: 1, max: 4 }) }),
      {
        minLength: 1,
        maxLength: 12,
      },
    );
    fc.assert(
      fc.property(items, fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 60 }), (list, rooms) => {
        const sizes = list.map((item) => item.size);
        const largest = Math.max(...sizes);
        const told = new Rotation(list, (item) => item.weight);
        const untold = new Rotation(list, (item) => item.weight);
        for (const room of rooms) expect(told.nextWithin(room, sizes, largest)).toBe(untold.nextWithin(room, sizes));
      }),
    );
  });

  it('picks as nextWhere does with the same test of size', () => {
    const items = fc.array(
      fc.record({
        weight: fc.integer({ min: 1, max: 9 }),
        size: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(Infinity)),
      }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(items, fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 60 }), (list, rooms) => {
        const sizes = list.map((item) => item.size);
        const within = new Rotation(list, (item) => item.weight);
        const where = new Rotation(list, (item) => item.weight);
        for (const room of rooms) {
          const index = within.nextWithin(room, sizes);
          expect(index < 0 ? null : list[index]).toBe(where.nextWhere((item) => item.size <= room));
        }
      }),
    );
  });

  it('picks after a restart as a new rotation does', () => {
    const items = ['a', 'b', 'c'];
    const weightOf = (item: string) => (item === 'a' ? 3 : 1);
    const sizes = [1, 2, 1];
    const rooms = [1, 2, 1, 1, 2, 2, 1];
    const used = new Rotation(items, weightOf);
    rooms.forEach((room) => used.nextWithin(room, sizes));
    used.restart();
    const fresh = new Rotation(items, weightOf);
    expect(rooms.map((room) => used.nextWithin(room, sizes))).toEqual(
      rooms.map((room) => fresh.nextWithin(room, sizes)),
    );
  });

  it('shares picks by weight, evenly interleaved, where everything fits', () => {
    const rotation = new Rotation(['a', 'b', 'c'], (item) => (item === 'a' ? 2 : 1));
    const picks = Array.from({ length: 8 }, () => rotation.nextWithin(5, [1, 1, 1], 1));
    expect(picks).toEqual([0, 1, 2, 0, 0, 1, 2, 0]);
  });
});

/** Whether these creatives can follow `last` with none twice in a row (none: never in the way). */
function arrangeable(ids: readonly (string | null)[], last: string | null): boolean {
  if (ids.length === 0) return true;
  return ids.some(
    (id, i) => (id === null || id !== last) && arrangeable([...ids.slice(0, i), ...ids.slice(i + 1)], id),
  );
}

/** spread as its comment says it, by search: each place takes the first play after which the rest can still be spread. */
function spreadBySearch(ids: readonly (string | null)[], previous: string | null): number[] {
  let last = arrangeable(ids, previous) ? previous : null;
  const left = ids.map((_, i) => i);
  const order: number[] = [];
  while (left.length > 0) {
    const fits = (i: number) => ids[i] === null || ids[i] !== last;
    const rest = (i: number) => left.filter((j) => j !== i).map((j) => ids[j]);
    let pick = left.find((i) => fits(i) && arrangeable(rest(i), ids[i]));
    // no order avoids a repeat: the first that differs, if any
    pick ??= left.find(fits) ?? left[0];
    left.splice(left.indexOf(pick), 1);
    order.push(pick);
    last = ids[pick];
  }
  return order;
}

describe('spread', () => {
  it('orders a loop as a search for the first play after which the rest can still be spread would', () => {
    const creative = fc.constantFrom<string | null>('a', 'b', 'c', null);
    fc.assert(
      fc.property(fc.array(creative, { maxLength: 8 }), creative, (ids, previous) => {
        const plays = ids.map((creativeId, index) => ({ creativeId, index }));
        const order = spread(plays, previous).map((p) => p.index);
        expect(order).toEqual(spreadBySearch(ids, previous));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads only the first `count` plays of a longer list, and orders them alike', () => {
    const creative = fc.constantFrom<string | null>('a', 'b', 'c', null);
    fc.assert(
      fc.property(fc.array(creative, { maxLength: 8 }), fc.array(creative), creative, (ids, tail, previous) => {
        // the tail stands for what a kept list still holds from an earlier filling
        const plays = [...ids, ...tail].map((creativeId, index) => ({ creativeId, index }));
        const order = spread(plays, previous, ids.length)
          .slice(0, ids.length)
          .map((p) => p.index);
        expect(order).toEqual(spreadBySearch(ids, previous));
      }),
      { numRuns: 2000 },
    );
  });
});

/** A catalog as a plan cache keeps one: one object per cue content, numbered as first asked. */
function catalogOf(): CueCatalog {
  const cues = new Map<string, PlanCue>();
  const numbers = new Map<PlanCue, number>();
  return {
    canonical: (cue) => {
      const key = JSON.stringify(cue);
      let found = cues.get(key);
      if (!found) cues.set(key, (found = cue));
      return found;
    },
    numberOf: (cue) => {
      let number = numbers.get(cue);
      if (number === undefined) numbers.set(cue, (number = numbers.size));
      return number;
    },
  };
}

describe('fillDonations', () => {
  // campaigns several donations carry, some with long creatives or a minimum gap, so what one
  // donation's plays leave behind can change what the next one gets
  const campaign = fc.record({
    slots: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
    weight: fc.integer({ min: 1, max: 3 }),
    gap: fc.constantFrom(null, 0, 90, 300, 1200),
    emergency: fc.boolean(),
    frequency: fc.constantFrom(null, 4, 12),
  });
  const donation = fc.record({
    amount: fc.oneof(
      fc.record({ kind: fc.constant('secondsPerLoop' as const), seconds: fc.constantFrom(10, 20, 30, 45) }),
      fc.record({ kind: fc.constant('slotsPerHour' as const), slots: fc.integer({ min: 1, max: 40 }) }),
    ),
    cap: fc.constantFrom(null, null, 3, 40),
    carriers: fc.array(fc.nat({ max: 7 }), { maxLength: 5 }),
  });

  it("counts what fillAirtime places: every shortfall and every capped donation's plays, per loop", () => {
    fc.assert(
      fc.property(
        fc.array(campaign, { minLength: 1, maxLength: 8 }),
        fc.array(donation, { minLength: 1, maxLength: 5 }),
        fc.constantFrom({ loopSeconds: 120, slotSeconds: 10 }, { loopSeconds: 60, slotSeconds: 15 }),
        fc.array(fc.nat({ max: 7 }), { maxLength: 2 }),
        (campaigns, donations, policy, own) => {
          const forms: ActiveCampaign[] = campaigns.map((c, i) =>
            activeCampaignOf(
              {
                id: `c${i}`,
                priority: c.emergency ? 'emergency' : 'campaign',
                frequency: c.frequency === null ? null : { kind: 'perHour', plays: c.frequency },
                minGapSeconds: c.gap,
              },
              c.slots.map((slots, k) => ({ creativeId: `c${i}-${k}`, kind: 'image', weight: c.weight, slots })),
            ),
          );
          const active: ActiveSet = {
            own: [...new Set(own.filter((i) => i < forms.length))].map((i) => forms[i]),
            donations: donations.map((d, k) => ({
              donation: { id: `d${k}`, amount: d.amount, maxPlaysPerDay: d.cap },
              fillers: [...new Set(d.carriers.filter((i) => i < forms.length))]
                .sort((a, b) => a - b)
                .map((i) => forms[i]),
            })),
            filler: [],
          };
          const catalog = catalogOf();
          const placed = fillAirtime(policy, active, catalog);
          const counted = fillDonations(policy, active, catalog);
          expect(counted.periodSeconds).toBe(placed.periodSeconds);
          expect(new Map(counted.shortfall)).toEqual(new Map(placed.shortfall));
          const capped = (airtime: typeof counted) =>
            new Map([...airtime.donated].filter(([id]) => donations[Number(id.slice(1))].cap !== null));
          expect(capped(counted)).toEqual(capped(placed));
        },
      ),
      { numRuns: 500 },
    );
  });
});
