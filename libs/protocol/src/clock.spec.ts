import { describe, expect, it } from '@jest/globals';
import { ClockEstimate } from './clock.js';

/** An exchange with a server whose clock is `offset` ahead: out in `up` ms, answered after `busy` ms, back in `down` ms. */
const exchange = (at: number, offset: number, up: number, busy: number, down: number) => ({
  sentAt: at,
  serverTime: at + up + busy + offset,
  receivedAt: at + up + busy + down,
});

describe('ClockEstimate', () => {
  it('takes half the round trip as the way back', () => {
    const clock = new ClockEstimate();
    expect(clock.add(exchange(1_000, 5_000, 40, 0, 40))).toBe(5_000);
  });

  it('keeps the quickest of the latest exchanges: a late answer from a busy server does not move the clock', () => {
    const clock = new ClockEstimate();
    clock.add(exchange(0, 5_000, 20, 0, 20));
    // planning a network, the server answered four seconds late: half of that is not an offset
    expect(clock.add(exchange(30_000, 5_000, 20, 4_000, 20))).toBe(5_000);
    expect(clock.offset).toBe(5_000);
  });

  it('follows the clock when the quick exchange is no longer among the latest', () => {
    const clock = new ClockEstimate();
    clock.add(exchange(0, 5_000, 10, 0, 10));
    // the player's clock was set: the server is now 2 s further ahead, and every later answer says so
    for (let i = 1; i <= 8; i++) clock.add(exchange(i * 30_000, 7_000, 20, 0, 20));
    expect(clock.offset).toBe(7_000);
  });

  it('starts from the offset it was given, and ignores an exchange that went back in time', () => {
    const clock = new ClockEstimate(1_234);
    expect(clock.offset).toBe(1_234);
    expect(clock.add({ sentAt: 10, receivedAt: 5, serverTime: 100 })).toBe(1_234);
    expect(clock.add({ sentAt: 10, receivedAt: 20, serverTime: Number.NaN })).toBe(1_234);
  });
});
