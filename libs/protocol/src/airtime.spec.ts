import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Rotation, spread } from './airtime.js';

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
