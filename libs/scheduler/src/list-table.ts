/**
 * Lists of numbers kept once per content, found by a hash of their content: an open-addressed
 * table of their places. A network's plans keep a hundred thousand such lists, and a Map from
 * hash to the lists with it (a list of lists per hash) made finding or adding one a good part of
 * naming a plan's periods.
 */
export class ListTable<T extends ArrayLike<number>> {
  /** By hash, then the next free place: a list's place plus one (0: empty). */
  private slots: Int32Array;
  private readonly hashes: number[] = [];
  private readonly lists: T[] = [];

  constructor(capacity = 64) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
  }

  get size(): number {
    return this.lists.length;
  }

  /** The list kept with the same numbers as `numbers`, whose hash is `hash`, if any. */
  find(numbers: ArrayLike<number>, hash: number): T | undefined {
    const { slots } = this;
    const mask = slots.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = slots[at];
      if (slot === 0) return undefined;
      const list = this.lists[slot - 1];
      if (this.hashes[slot - 1] === hash && sameIds(list, numbers)) return list;
    }
  }

  /** Keeps a list not kept yet (find gave nothing), under its hash. */
  add(list: T, hash: number): void {
    if ((this.lists.length + 1) * 2 > this.slots.length) this.grow();
    this.lists.push(list);
    this.hashes.push(hash);
    this.place(this.lists.length, hash);
  }

  private place(slot: number, hash: number): void {
    const mask = this.slots.length - 1;
    let at = hash & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = slot;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let i = 0; i < this.lists.length; i++) this.place(i + 1, this.hashes[i]);
  }
}

/** Whether two lists hold the same numbers in the same order. */
export function sameIds(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
