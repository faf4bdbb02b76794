import { describe, expect, it } from '@jest/globals';
import { EventLoopTurns } from './turns.js';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('EventLoopTurns', () => {
  it('lets the event loop run once a slice has lasted its length, and starts a new slice', async () => {
    const turns = new EventLoopTurns(10);
    const ran: string[] = [];
    setImmediate(() => ran.push('other work'));
    await turns.turn();
    // inside the slice: nothing else ran
    expect(ran).toEqual([]);
    busy(15);
    await turns.turn();
    expect(ran).toEqual(['other work']);
    setImmediate(() => ran.push('more work'));
    await turns.turn();
    expect(ran).toEqual(['other work']);
  });
});
