/**
 * Sums of a per-loop count over runs of loops numbered from the epoch (loop n is loop n % loops of
 * its period): a plan for the screens of a capped donation asks about every loop of 14 days, and
 * going loop by loop was a third of planning with every filled period kept. Counts are whole
 * numbers, so the sums are exact.
 */
export class LoopSums {
  /** prefix[i]: the count of the period's loops before loop i. */
  private readonly prefix: Float64Array;

  constructor(
    perLoop: readonly number[] | undefined,
    readonly loopsPerPeriod: number,
  ) {
    this.prefix = new Float64Array(loopsPerPeriod + 1);
    for (let i = 0; i < loopsPerPeriod; i++) this.prefix[i + 1] = this.prefix[i] + (perLoop?.[i] ?? 0);
  }

  /** The count over loops first to last (not counted). */
  between(first: number, last: number): number {
    return this.upTo(last) - this.upTo(first);
  }

  /** How many of the loops from first on keep the count within budget: the first one that passes it, or loops. */
  firstOver(first: number, loops: number, budget: number): number {
    // counts are never negative, so the running count only grows: the loop is found by halving
    let low = 0;
    let high = loops;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.between(first, first + middle + 1) > budget) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** The count of the loops from the epoch to loop n (not counted). */
  private upTo(n: number): number {
    return (
      Math.floor(n / this.loopsPerPeriod) * this.prefix[this.loopsPerPeriod] + this.prefix[n % this.loopsPerPeriod]
    );
  }
}

/** Per-loop lists are shared by content (PlanCache.loopCounts), so the sums of each are worked out once. */
const sumsOfList = new WeakMap<readonly number[], LoopSums>();
const noCounts = new Map<number, LoopSums>();
export function loopSums(perLoop: readonly number[] | undefined, loopsPerPeriod: number): LoopSums {
  const known = perLoop ? sumsOfList.get(perLoop) : noCounts.get(loopsPerPeriod);
  if (known?.loopsPerPeriod === loopsPerPeriod) return known;
  const sums = new LoopSums(perLoop, loopsPerPeriod);
  if (perLoop) sumsOfList.set(perLoop, sums);
  else noCounts.set(loopsPerPeriod, sums);
  return sums;
}
