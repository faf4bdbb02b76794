/**
 * Lists of numbers kept once per content, found by a hash of their content: an open-addressed
 * table of their places. A network's plans keep a hundred thousand such lists, and a Map from
 * hash to the lists with it (a list of lists per hash) made finding or adding one a good part of
 * naming a plan's periods.
 */
export class ListTable<T extends ArrayLike<number>> {
  /**
   * By hash, then the next free place, two words each: a list's place plus one (0: empty) and its
   * hash, side by side, so a probe reads one line of memory until the hash matches (the table of a
   * network's plans is far bigger than the processor's caches).
   */
  private table: Int32Array;
  private readonly lists: T[] = [];

  constructor(capacity = 64) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.table = new Int32Array(size * 2);
  }

  get size(): number {
    return this.lists.length;
  }

  /** The list kept with the same numbers as `numbers`, whose hash is `hash`, if any. */
  find(numbers: ArrayLike<number>, hash: number): T | undefined {
    const { table } = this;
    const mask = (table.length >> 1) - 1;
    const word = hash | 0;
    for (let at = word & mask; ; at = (at + 1) & mask) {
      const slot = table[at * 2];
      if (slot === 0) return undefined;
      if (table[at * 2 + 1] === word) {
        const list = this.lists[slot - 1];
        if (sameIds(list, numbers)) return list;
      }
    }
  }

  /** Keeps a list not kept yet (find gave nothing), under its hash. */
  add(list: T, hash: number): void {
    if ((this.lists.length + 1) * 2 > this.table.length >> 1) this.grow();
    this.lists.push(list);
    this.place(this.table, this.lists.length, hash | 0);
  }

  private place(table: Int32Array, slot: number, word: number): void {
    const mask = (table.length >> 1) - 1;
    let at = word & mask;
    while (table[at * 2] !== 0) at = (at + 1) & mask;
    table[at * 2] = slot;
    table[at * 2 + 1] = word;
  }

  private grow(): void {
    const before = this.table;
    const table = new Int32Array(before.length * 2);
    for (let at = 0; at < before.length; at += 2) if (before[at] !== 0) this.place(table, before[at], before[at + 1]);
    this.table = table;
  }
}

/** Whether two lists hold the same numbers (or the same objects) in the same order. */
export function sameIds<T>(a: ArrayLike<T>, b: ArrayLike<T>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
