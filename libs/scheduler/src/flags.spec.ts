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

  it('gives the same cuts and switches whether its instants share a step or not', () => {
    // a plan's instants fall on whole loops, and are marked by step; any others are sorted
    const instants = fc.oneof(
      fc.tuple(fc.integer({ min: -5, max: 5 }), fc.constantFrom(1, 7, 60_000, 120_000)).map(([k, step]) => ({
        start: 1_597_017_600_000 + k * step,
        step,
      })),
      fc.constant({ start: 0.5, step: 0.25 }),
      fc.constant({ start: 0, step: 2 ** 40 }),
    );
    const lists = fc.array(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 20 })), { maxLength: 5 }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(instants, lists, ({ start, step }, raw) => {
        const at = (n: number) => start + n * step;
        const intervals = raw.map((list) => normalise(list.map(([a, n]) => [at(a), at(a + n)] as Interval)));
        const flags = new Flags();
        intervals.forEach((list) => flags.add(list));
        const extra = [at(0), at(200)];
        const cuts = flags.cuts(extra);
        const all = [...extra, ...intervals.flat(2)];
        expect(cuts).toEqual([...new Set(all)].sort((a, b) => a - b));
        // each flag on exactly within its intervals
        cuts.forEach((t, i) => {
          flags.advanceTo(i);
          intervals.forEach((list, flag) => expect(flags.on[flag]).toBe(contains(list, t) ? 1 : 0));
        });
      }),
    );
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
