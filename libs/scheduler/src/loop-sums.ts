import { LoopSums } from '@loa/protocol';

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
