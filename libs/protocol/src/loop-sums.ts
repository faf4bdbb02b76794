/**
 * Sums of a per-loop count over runs of loops numbered from the epoch (loop n is loop n % loops of
 * its period, whose periods start at whole multiples of it): daily caps are counted over hundreds
 * of loops at once (a plan of a capped donation's screens covers every loop of 15 days, and going
 * loop by loop was a third of planning). Counts are whole numbers, so the sums are exact.
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
    if (this.between(first, first + loops) <= budget) return loops;
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
    const whole = Math.floor(n / this.loopsPerPeriod);
    return whole * this.prefix[this.loopsPerPeriod] + this.prefix[n - whole * this.loopsPerPeriod];
  }
}
