import type { Interval } from './intervals.js';

/**
 * Things that are on or off over time (a campaign's times, a creative's validity), swept through
 * the cuts where any of them changes. A plan asks "what is active here?" at hundreds of cuts, and
 * most answers repeat: the sweep switches only the flags that change at each cut, and keeps a
 * hash of the flags that are on, so cuts with the same answer are found without building it.
 */
export class Flags {
  private readonly lists: (readonly Interval[])[] = [];
  /** By flag: 1 while it is on. Valid after cuts(). */
  on: Uint8Array = new Uint8Array(0);
  private cutTimes: number[] = [];
  /** The flags each cut switches: switches[starts[i] … starts[i + 1]) for cut i. */
  private starts = new Int32Array(1);
  private switches = new Int32Array(0);
  private next = 0;
  private high = 0;
  private low = 0;
  /** The flags switched since last asked: switched[0 … switchedCount), kept between cuts (a plan has hundreds). */
  private switched = new Int32Array(64);
  private switchedCount = 0;

  /** A flag on during these intervals (sorted, disjoint, not touching: each end switches it). */
  add(intervals: readonly Interval[]): number {
    return this.lists.push(intervals) - 1;
  }

  /** Every instant where a flag switches, with `extra` instants, sorted, once each; all flags off. */
  cuts(extra: readonly number[]): number[] {
    let count = extra.length;
    for (const list of this.lists) count += list.length * 2;
    const times = new Float64Array(count);
    let at = 0;
    for (const t of extra) times[at++] = t;
    for (const list of this.lists) {
      for (let i = 0; i < list.length; i++) {
        times[at++] = list[i][0];
        times[at++] = list[i][1];
      }
    }
    // the cut of each flag's instants, in the order they were written after the extra ones
    const where = new Int32Array(count - extra.length);
    const cuts = onSteps(times, extra.length, where) ?? sorted(times, extra.length, where);

    const starts = new Int32Array(cuts.length + 1);
    for (let w = 0; w < where.length; w++) starts[where[w] + 1]++;
    for (let i = 0; i < cuts.length; i++) starts[i + 1] += starts[i];
    const switches = new Int32Array(starts[cuts.length]);
    const filled = starts.slice(0, cuts.length);
    let w = 0;
    for (let flag = 0; flag < this.lists.length; flag++) {
      for (let k = 0; k < this.lists[flag].length * 2; k++) switches[filled[where[w++]]++] = flag;
    }

    this.cutTimes = cuts;
    this.starts = starts;
    this.switches = switches;
    this.on = new Uint8Array(this.lists.length);
    this.next = 0;
    this.high = 0;
    this.low = 0;
    this.switchedCount = 0;
    return cuts;
  }

  /** Switches the flags of every cut up to the one at `index` (cuts are visited in order). */
  advanceTo(index: number): void {
    for (; this.next <= index && this.next < this.cutTimes.length; this.next++) {
      for (let k = this.starts[this.next]; k < this.starts[this.next + 1]; k++) this.toggle(this.switches[k]);
    }
  }

  /** Switches a flag by hand (one added with no intervals, say). */
  toggle(flag: number): void {
    this.on[flag] ^= 1;
    if (this.switchedCount === this.switched.length) {
      const grown = new Int32Array(this.switched.length * 2);
      grown.set(this.switched);
      this.switched = grown;
    }
    this.switched[this.switchedCount++] = flag;
    // two words per flag, read in place: a tuple per switch was garbage at every cut of every plan
    if (randoms.length <= flag * 2 + 1) growRandoms(flag);
    this.high ^= randoms[flag * 2];
    this.low ^= randoms[flag * 2 + 1];
  }

  /**
   * How many flags were switched since cuts() or the last call: they are `switchedFlags[0 … count)`,
   * in order (one switched twice is there twice), until the next switch writes over them. A count,
   * not a view: a view per cut of every plan was garbage.
   */
  takeSwitched(): number {
    const count = this.switchedCount;
    this.switchedCount = 0;
    return count;
  }

  get switchedFlags(): Int32Array {
    return this.switched;
  }

  /**
   * A 53-bit hash of which flags are on: equal sets, equal hashes; two different sets share one
   * with a chance of about 2^-53, far below anything else that can go wrong on a server.
   */
  hash(): number {
    return (this.high >>> 0) * 2 ** 21 + (this.low >>> 11);
  }
}

/** Fixed random words per flag number, from a seeded generator: the same hashes on every run. */
const randoms: number[] = [];
let seed = 0x9e3779b9;
function growRandoms(flag: number): void {
  while (randoms.length <= flag * 2 + 1) {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    randoms.push((t ^ (t >>> 14)) >>> 0);
  }
}

/** Marks by step, and each marked step's cut, kept between calls (a network's plans each ask). */
let marks = new Uint8Array(0);
let ordinals = new Int32Array(0);
/** Beyond this many steps from the first instant to the last, sorting is cheaper than going through them. */
const MAX_STEPS = 1 << 18;

/**
 * The cuts of these instants when they fall on a common step (a plan's do: every time is rounded
 * to whole loops) and the steps between the first and the last are few: marked by step and read
 * in order, without sorting. Writes each instant's cut, from `first` on, into `where`; null when
 * the instants are not so.
 */
function onSteps(times: Float64Array, first: number, where: Int32Array): number[] | null {
  if (times.length === 0) return [];
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isSafeInteger(t)) return null;
    if (t < low) low = t;
    if (t > high) high = t;
  }
  // in whole numbers of 32 bits, so finding the step is integer arithmetic (a plan's window is 15 days of milliseconds)
  if (high - low > 0x7fffffff) return null;
  let step = 0;
  for (let i = 0; i < times.length && step !== 1; i++) {
    const offset = (times[i] - low) | 0;
    if (step === 0) step = offset;
    else if (offset % step !== 0) step = gcd(step, offset);
  }
  if (step === 0) step = 1;
  const steps = (high - low) / step + 1;
  if (steps > MAX_STEPS) return null;
  if (marks.length < steps) {
    marks = new Uint8Array(steps * 2);
    ordinals = new Int32Array(steps * 2);
  }
  for (let i = 0; i < times.length; i++) marks[(times[i] - low) / step] = 1;
  const cuts: number[] = [];
  for (let k = 0; k < steps; k++) {
    if (marks[k] === 0) continue;
    marks[k] = 0;
    ordinals[k] = cuts.push(low + k * step) - 1;
  }
  for (let i = first; i < times.length; i++) where[i - first] = ordinals[(times[i] - low) / step];
  return cuts;
}

/** The cuts of any instants: sorted, and each found by halving. Writes as onSteps does. */
function sorted(times: Float64Array, first: number, where: Int32Array): number[] {
  const order = times.slice().sort();
  const cuts: number[] = [];
  for (let i = 0; i < order.length; i++) if (i === 0 || order[i] !== order[i - 1]) cuts.push(order[i]);
  for (let i = first; i < times.length; i++) {
    const t = times[i];
    let lo = 0;
    let hi = cuts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    where[i - first] = lo;
  }
  return cuts;
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const rest = (a % b) | 0;
    a = b;
    b = rest;
  }
  return a;
}
