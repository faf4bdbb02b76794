import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Rotation } from './airtime.js';

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

  it('shares picks by weight, evenly interleaved, where everything fits', () => {
    const rotation = new Rotation(['a', 'b', 'c'], (item) => (item === 'a' ? 2 : 1));
    const picks = Array.from({ length: 8 }, () => rotation.nextWithin(5, [1, 1, 1], 1));
    expect(picks).toEqual([0, 1, 2, 0, 0, 1, 2, 0]);
  });
});
