import { describe, expect, it } from '@jest/globals';
import { PlayTable } from './play-table.js';

describe('PlayTable', () => {
  it('hands out one tuple per distinct play, through many growths of the table', () => {
    const table = new PlayTable();
    const first = new Map<string, readonly [number, number, number]>();
    // more distinct plays than a network's filled periods hold per cue, over several cues
    for (let round = 0; round < 2; round++) {
      for (let cue = 0; cue < 40; cue++) {
        for (let offset = 0; offset < 3600; offset += 10) {
          const length = 10 * (1 + ((offset + cue) % 3));
          const tuple = table.play(offset, length, cue);
          expect(tuple).toEqual([offset, length, cue]);
          const key = `${offset}|${length}|${cue}`;
          if (round === 0) first.set(key, tuple);
          else expect(tuple).toBe(first.get(key));
        }
      }
    }
    expect(table.size).toBe(40 * 360);
  });

  it('tells apart plays whose parts would meet in a packed key, and passes odd ones through unshared', () => {
    const table = new PlayTable();
    const a = table.play(1, 4095, 0);
    const b = table.play(2, 1, 0);
    const c = table.play(1, 4095, 1);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(table.play(1, 4095, 0)).toBe(a);
    // beyond what a key holds, or not whole seconds: a tuple of its own every time
    for (const [offset, length] of [
      [2 ** 17, 10],
      [5, 4096],
      [2.5, 10],
      [-10, 10],
    ]) {
      const once = table.play(offset, length, 3);
      expect(once).toEqual([offset, length, 3]);
      expect(table.play(offset, length, 3)).not.toBe(once);
    }
    expect(table.size).toBe(3);
  });
});
