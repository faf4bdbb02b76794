import { loopSums } from './loop-sums.js';

describe('loopSums (the sums of a shared per-loop list)', () => {
  it('reads a missing list as no plays, and works each shared list out once', () => {
    expect(loopSums(undefined, 30).between(0, 1000)).toBe(0);
    const perLoop = [1, 0, 2];
    expect(loopSums(perLoop, 3)).toBe(loopSums(perLoop, 3));
    expect(loopSums(perLoop, 3).between(2, 7)).toBe(2 + 1 + 0 + 2 + 1);
  });
});
