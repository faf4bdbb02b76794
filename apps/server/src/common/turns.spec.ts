import { describe, expect, it } from '@jest/globals';
import { EventLoopTurns } from './turns.js';

describe('EventLoopTurns', () => {
  it('lets the event loop run once a slice has lasted its length, and starts a new slice', async () => {
    // a clock that moves only when the test says: a busy machine (a collector's pause, other
    // suites on the same cores) must not end a slice early, as a real clock read here once did
    let clock = 1_000;
    const turns = new EventLoopTurns(10, () => clock);
    const ran: string[] = [];
    setImmediate(() => ran.push('other work'));
    clock += 9;
    await turns.turn();
    // inside the slice: nothing else ran
    expect(ran).toEqual([]);
    clock += 6;
    await turns.turn();
    expect(ran).toEqual(['other work']);
    // a new slice started at that turn
    setImmediate(() => ran.push('more work'));
    clock += 9;
    await turns.turn();
    expect(ran).toEqual(['other work']);
    clock += 1;
    await turns.turn();
    expect(ran).toEqual(['other work', 'more work']);
  });

  it('reads the real clock by default', async () => {
    const turns = new EventLoopTurns(0);
    const ran: string[] = [];
    setImmediate(() => ran.push('other work'));
    // a slice of 0 ms has always lasted its length
    await turns.turn();
    expect(ran).toEqual(['other work']);
  });
});
