/**
 * Interval arithmetic for the scheduler's tests, written apart from intervals.ts on purpose: the
 * properties check the engine against this simpler, slower reference. Test-only (not built).
 */
export type Interval = readonly [number, number];

export function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function meet(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [s, e] of a)
    for (const [t, f] of b) if (Math.min(e, f) > Math.max(s, t)) out.push([Math.max(s, t), Math.min(e, f)]);
  return merge(out);
}

export function wholeLoops(intervals: readonly Interval[], grid: number): Interval[] {
  return merge(
    intervals
      .map(([a, b]) => [Math.ceil(a / grid) * grid, Math.floor(b / grid) * grid] as const)
      .filter(([a, b]) => b > a),
  );
}

/** Whether [s, e) lies inside one of the (merged) intervals. */
export function within(intervals: readonly Interval[], s: number, e: number): boolean {
  return intervals.some(([a, b]) => a <= s && e <= b);
}

export function overlaps(intervals: readonly Interval[], s: number, e: number): boolean {
  return intervals.some(([a, b]) => a < e && s < b);
}
