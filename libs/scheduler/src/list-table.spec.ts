import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ListTable } from './list-table.js';

describe('ListTable', () => {
  it('finds each list kept by its content, as a map of contents would, while it grows', () => {
    // few hash values, so lists of different content often share one
    const entry = fc.record({
      list: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
      hash: fc.nat({ max: 7 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 200 }), (entries) => {
        const table = new ListTable<number[]>(1);
        const byContent = new Map<string, number[]>();
        for (const { list, hash } of entries) {
          // the same content always comes with the same hash, as hashOfIds gives it
          const key = list.join(',');
          const h = byContent.has(key) ? hashOf(key, entries) : hash;
          const found = table.find(list, h);
          expect(found).toBe(byContent.get(key));
          if (!found) {
            table.add(list, h);
            byContent.set(key, list);
          }
        }
        expect(table.size).toBe(byContent.size);
      }),
    );
  });
});

/** The hash a content first came with. */
function hashOf(key: string, entries: readonly { list: number[]; hash: number }[]): number {
  return entries.find((e) => e.list.join(',') === key)!.hash;
}
