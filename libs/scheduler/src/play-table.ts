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
 * list of packed keys: a map per cue cost a cache miss or two for every play (3.5 s of a
 * 10,000-screen plan), where these keys and slots stay within a few megabytes.
 */
export class PlayTable {
  private keys = new Float64Array(1 << 12).fill(EMPTY);
  private slots = new Int32Array(1 << 12);
  private readonly tuples: PatternPlay[] = [];

  get size(): number {
    return this.tuples.length;
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
      if (found === key) return this.tuples[this.slots[at]];
      if (found === EMPTY) break;
      at = (at + 1) & mask;
    }
    const tuple: PatternPlay = [offset, length, cue];
    this.keys[at] = key;
    this.slots[at] = this.tuples.push(tuple) - 1;
    if (this.tuples.length * 2 > this.keys.length) this.grow();
    return tuple;
  }

  private grow(): void {
    const size = this.keys.length * 2;
    this.keys = new Float64Array(size).fill(EMPTY);
    this.slots = new Int32Array(size);
    const mask = size - 1;
    this.tuples.forEach(([offset, length, cue], index) => {
      const low = offset * LENGTH_LIMIT + length;
      let at = firstSlot(low, cue, mask);
      while (this.keys[at] !== EMPTY) at = (at + 1) & mask;
      this.keys[at] = cue * OFFSET_LIMIT * LENGTH_LIMIT + low;
      this.slots[at] = index;
    });
  }
}

function firstSlot(low: number, cue: number, mask: number): number {
  let hash = Math.imul(low ^ Math.imul(cue, 0x9e3779b1), 0x85ebca6b);
  hash ^= hash >>> 16;
  return hash & mask;
}
