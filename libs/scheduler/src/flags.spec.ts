import fc from 'fast-check';
import { Flags } from './flags.js';
import { contains, type Interval, normalise } from './intervals.js';

describe('Flags (what is on, swept through the cuts)', () => {
  it('gives every switching instant once, in order, with the extra ones', () => {
    const flags = new Flags();
    flags.add([
      [10, 20],
      [30, 40],
    ]);
    flags.add([[20, 50]]);
    expect(flags.cuts([0, 60, 30])).toEqual([0, 10, 20, 30, 40, 50, 60]);
  });

  it('knows at each cut which flags are on, and equal sets hash alike', () => {
    const lists = fc.array(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 20 })), { maxLength: 5 }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(lists, (raw) => {
        const intervals = raw.map((list) => normalise(list.map(([a, n]) => [a, a + n] as Interval)));
        const flags = new Flags();
        intervals.forEach((list) => flags.add(list));
        const cuts = flags.cuts([0, 200]);
        const seen = new Map<string, number>();
        cuts.forEach((at, i) => {
          flags.advanceTo(i);
          const expected = intervals.map((list) => (contains(list, at) ? 1 : 0)).join('');
          expect([...flags.on].join('')).toBe(expected);
          const hash = flags.hash();
          if (seen.has(expected)) expect(hash).toBe(seen.get(expected));
          else {
            // a different set of flags on: a different hash
            expect([...seen.values()]).not.toContain(hash);
            seen.set(expected, hash);
          }
        });
      }),
    );
  });

  it('switches a flag by hand, and back to the same hash', () => {
    const flags = new Flags();
    flags.add([[0, 10]]);
    const manual = flags.add([]);
    flags.cuts([]);
    flags.advanceTo(0);
    const before = flags.hash();
    flags.toggle(manual);
    expect(flags.on[manual]).toBe(1);
    expect(flags.hash()).not.toBe(before);
    flags.toggle(manual);
    expect(flags.hash()).toBe(before);
  });

  it('tells which flags switched since it was last asked', () => {
    const flags = new Flags();
    flags.add([[0, 10]]);
    flags.add([[5, 10]]);
    const manual = flags.add([]);
    flags.cuts([]);
    const taken = () => [...flags.switchedFlags.subarray(0, flags.takeSwitched())];
    expect(taken()).toEqual([]);
    flags.advanceTo(0);
    flags.toggle(manual);
    expect(taken()).toEqual([0, manual]);
    expect(taken()).toEqual([]);
    flags.advanceTo(2);
    expect(taken().sort()).toEqual([0, 1, 1]);
  });
});
