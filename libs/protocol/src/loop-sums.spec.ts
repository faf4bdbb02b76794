import fc from 'fast-check';
import { LoopSums } from './loop-sums.js';

/** Loop by loop, as planning counted before: loop n is loop n % loops of its period. */
const countOver = (perLoop: readonly number[], first: number, last: number) => {
  let count = 0;
  for (let n = first; n < last; n++) count += perLoop[n % perLoop.length] ?? 0;
  return count;
};

const perLoopArb = fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 40 });
// loops numbered from the epoch, as a 120 s loop is in 2020
const firstArb = fc.integer({ min: 13_300_000, max: 13_400_000 });

describe('LoopSums (per-loop counts over runs of loops)', () => {
  it('counts a run of loops as going loop by loop does, across whole periods and their parts', () => {
    fc.assert(
      fc.property(perLoopArb, firstArb, fc.nat({ max: 500 }), (perLoop, first, loops) => {
        const sums = new LoopSums(perLoop, perLoop.length);
        expect(sums.between(first, first + loops)).toBe(countOver(perLoop, first, first + loops));
      }),
    );
  });

  it('finds the first loop that takes the count past a budget, as going loop by loop does', () => {
    fc.assert(
      fc.property(
        perLoopArb,
        firstArb,
        fc.nat({ max: 500 }),
        fc.integer({ min: -3, max: 300 }),
        (perLoop, first, loops, budget) => {
          let expected = 0;
          let count = 0;
          for (; expected < loops; expected++) {
            count += perLoop[(first + expected) % perLoop.length];
            if (count > budget) break;
          }
          expect(new LoopSums(perLoop, perLoop.length).firstOver(first, loops, budget)).toBe(expected);
        },
      ),
    );
  });

  it('reads a missing list as no plays', () => {
    expect(new LoopSums(undefined, 30).between(0, 1000)).toBe(0);
  });
});
