import { DateTime } from 'luxon';
import { minutesOf } from '@loa/screens';
import type { OperatingWindow } from '@loa/protocol';
import type { Instant } from './model.js';

/** [start, end) in UTC ms. Lists are kept sorted and disjoint. */
export type Interval = readonly [start: Instant, end: Instant];

const DAY = 86_400_000;

/**
 * When windows of local wall-clock time (weekdays × HH:MM ranges) fall in [from, to), as UTC
 * intervals. Each day is built through the zone (luxon), so days of 23 or 25 hours come out
 * right: a window starting in a skipped hour starts when the clock resumes.
 */
export function localWindows(
  windows: readonly OperatingWindow[],
  zone: string,
  from: Instant,
  to: Instant,
): Interval[] {
  const out: Interval[] = [];
  // a day before: a window past midnight may have started the evening before `from`
  let day = DateTime.fromMillis(from - DAY, { zone }).startOf('day');
  const last = DateTime.fromMillis(to, { zone }).startOf('day');
  while (day <= last) {
    for (const window of windows) {
      if (!(window.days as readonly number[]).includes(day.weekday)) continue;
      const startMinute = minutesOf(window.from);
      const endMinute = minutesOf(window.to);
      const start = at(day, startMinute);
      const end = endMinute > startMinute ? at(day, endMinute) : at(day.plus({ days: 1 }).startOf('day'), endMinute);
      if (end > from && start < to) out.push([Math.max(start, from), Math.min(end, to)]);
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  return normalise(out);
}

/** When the wall clock of `day`'s zone first reads `minute` (after midnight) on that day. */
function at(day: DateTime, minute: number): Instant {
  if (minute >= 1440) return day.plus({ days: 1 }).startOf('day').toMillis();
  const hour = Math.floor(minute / 60);
  const time = day.set({ hour, minute: minute % 60, second: 0, millisecond: 0 });
  if (time.hour === hour && time.minute === minute % 60) return time.toMillis();
  // A time the clock skips (spring forward): luxon reads it with the offset before the change,
  // which lands as far past the change as the time was into the gap. The window starts when the
  // clock resumes: the first minute whose wall-clock reading is at or past the one asked for.
  const wanted = Date.UTC(day.year, day.month - 1, day.day, hour, minute % 60);
  const wallClock = (minutes: number) =>
    minutes * 60_000 + DateTime.fromMillis(minutes * 60_000, { zone: day.zone }).offset * 60_000;
  let lo = Math.floor(time.toMillis() / 60_000) - 180;
  let hi = Math.floor(time.toMillis() / 60_000);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClock(mid) >= wanted) hi = mid;
    else lo = mid + 1;
  }
  return hi * 60_000;
}

/** Local midnights in (from, to), UTC ms. */
export function localMidnights(zone: string, from: Instant, to: Instant): Instant[] {
  const out: Instant[] = [];
  let day = DateTime.fromMillis(from, { zone }).startOf('day').plus({ days: 1 }).startOf('day');
  while (day.toMillis() < to) {
    out.push(day.toMillis());
    day = day.plus({ days: 1 }).startOf('day');
  }
  return out;
}

/** Sorted, merged, empty ones dropped. */
export function normalise(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [Instant, Instant][] = [];
  for (const [a, b] of sorted) {
    const previous = out[out.length - 1];
    if (previous && a <= previous[1]) previous[1] = Math.max(previous[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i][0], b[j][0]);
    const end = Math.min(a[i][1], b[j][1]);
    if (end > start) out.push([start, end]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** `a` without `b`. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [start, end] of a) {
    let cursor = start;
    for (const [bs, be] of b) {
      if (be <= cursor || bs >= end) continue;
      if (bs > cursor) out.push([cursor, bs]);
      cursor = Math.max(cursor, be);
    }
    if (cursor < end) out.push([cursor, end]);
  }
  return out;
}

/** Each interval shrunk to the whole grid steps inside it: nothing may run outside its window. */
export function roundInward(intervals: readonly Interval[], step: number): Interval[] {
  const out: Interval[] = [];
  for (const [a, b] of intervals) {
    const start = Math.ceil(a / step) * step;
    const end = Math.floor(b / step) * step;
    if (end > start) out.push([start, end]);
  }
  return normalise(out);
}

export function contains(intervals: readonly Interval[], at: Instant): boolean {
  // lists are short (a few per day over two weeks): binary search keeps ten thousand lookups cheap
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = intervals[mid];
    if (at < a) hi = mid - 1;
    else if (at >= b) lo = mid + 1;
    else return true;
  }
  return false;
}
