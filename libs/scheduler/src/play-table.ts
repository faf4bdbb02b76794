import type { PatternPlay } from '@loa/protocol';

const EMPTY = -1;
/** Offsets and lengths packed into one key must stay below these (seconds). */
const OFFSET_LIMIT = 2 ** 17;
const LENGTH_LIMIT = 2 ** 12;
/** Cue numbers are per filled period (a few dozen); past this the key would lose precision. */
const CUE_LIMIT = 2 ** 23;

/**
 * One tuple per distinct [offset, length, cue]: filled periods hold tens of millions of plays over
 * a network, but a few hundred thousand distinct ones. An open-addressing table over one typed
 * list of packed keys, with the tuple at the same place in a list beside it: a map per cue cost a
 * cache miss or two for every play (3.5 s of a 10,000-screen plan), and a list of tuple numbers
 * between the two one more (1 s).
 */
export class PlayTable {
  private keys = new Float64Array(1 << 12).fill(EMPTY);
  private tuples: (PatternPlay | undefined)[] = new Array<PatternPlay | undefined>(1 << 12);
  private count = 0;

  get size(): number {
    return this.count;
  }

  play(offset: number, length: number, cue: number): PatternPlay {
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      !Number.isInteger(cue) ||
      offset < 0 ||
      offset >= OFFSET_LIMIT ||
      length <= 0 ||
      length >= LENGTH_LIMIT ||
      cue < 0 ||
      cue >= CUE_LIMIT
    ) {
      return [offset, length, cue];
    }
    const low = offset * LENGTH_LIMIT + length;
    const key = cue * OFFSET_LIMIT * LENGTH_LIMIT + low;
    const mask = this.keys.length - 1;
    let at = firstSlot(low, cue, mask);
    for (;;) {
      const found = this.keys[at];
      if (found === key) return this.tuples[at]!;
      if (found === EMPTY) break;
      at = (at + 1) & mask;
    }
    const tuple: PatternPlay = [offset, length, cue];
    this.keys[at] = key;
    this.tuples[at] = tuple;
    if (++this.count * 2 > this.keys.length) this.grow();
    return tuple;
  }

  private grow(): void {
    const size = this.keys.length * 2;
    const tuples = this.tuples;
    this.keys = new Float64Array(size).fill(EMPTY);
    this.tuples = new Array<PatternPlay | undefined>(size);
    const mask = size - 1;
    for (const tuple of tuples) {
      if (!tuple) continue;
      const [offset, length, cue] = tuple;
      const low = offset * LENGTH_LIMIT + length;
      let at = firstSlot(low, cue, mask);
      while (this.keys[at] !== EMPTY) at = (at + 1) & mask;
      this.keys[at] = cue * OFFSET_LIMIT * LENGTH_LIMIT + low;
      this.tuples[at] = tuple;
    }
  }
}

/**
 * Where a play's search starts: in the part of the table for its offset (runs of 16 s of offsets
 * below 4096 share it out, as an hour's periods use up to 3600 seconds; wider runs than a second,
 * as offsets are mostly whole slots), at a place hashed from the rest. A filling interns its plays
 * in offset order, so it walks the table from one end to the other instead of jumping about it:
 * the cache misses of a 10,000-screen plan's interning went from 2.0 to 1.7 s in a profile.
 */
function firstSlot(low: number, cue: number, mask: number): number {
  const offset = Math.floor(low / LENGTH_LIMIT);
  const part = Math.max(1, (mask + 1) / PARTS);
  let hash = Math.imul(low ^ Math.imul(cue, 0x9e3779b1), 0x85ebca6b);
  hash ^= hash >>> 16;
  return (Math.floor(offset / PART_SECONDS) * part + (hash & (part - 1))) & mask;
}

/** The table is shared out among runs of this many seconds of offset, PARTS of them in all (see firstSlot). */
const PART_SECONDS = 16;
const PARTS = 4096 / PART_SECONDS;
