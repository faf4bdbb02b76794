import { describe, expect, it } from '@jest/globals';
import { ClockEstimate } from './clock.js';

/**
 * An exchange at monotonic time `at`, with a wall clock `wall` ms ahead of the monotonic one and a
 * server clock `offset` ms ahead of the wall clock: out in `up` ms, answered after `busy` ms, back in `down` ms.
 */
const exchange = (at: number, wall: number, offset: number, up: number, busy: number, down: number) => ({
  sentAt: at,
  serverTime: at + wall + offset + up + busy,
  receivedAt: at + up + busy + down,
  wallAt: at + wall + up + busy + down,
});
const WALL = 1_780_000_000_000;

describe('ClockEstimate', () => {
  it('takes half the round trip as the way back', () => {
    const clock = new ClockEstimate();
    expect(clock.add(exchange(1_000, WALL, 5_000, 40, 0, 40))).toBe(5_000);
  });

  it('keeps the quickest of the latest exchanges: a late answer from a busy server does not move the clock', () => {
    const clock = new ClockEstimate();
    clock.add(exchange(0, WALL, 5_000, 20, 0, 20));
    // planning a network, the server answered four seconds late: half of that is not an offset
    expect(clock.add(exchange(30_000, WALL, 5_000, 20, 4_000, 20))).toBe(5_000);
    expect(clock.offset).toBe(5_000);
  });

  it('lets the quickest exchange go once it is no longer among the latest eight', () => {
    const clock = new ClockEstimate();
    clock.add(exchange(0, WALL, 5_000, 10, 0, 10));
    // the server's clock was set 2 s forward, and every later answer says so
    for (let i = 1; i < 8; i++) clock.add(exchange(i * 30_000, WALL, 7_000, 20, 0, 20));
    expect(clock.offset).toBe(5_000);
    clock.add(exchange(8 * 30_000, WALL, 7_000, 20, 0, 20));
    expect(clock.offset).toBe(7_000);
  });

  it('forgets the exchanges from before the player’s wall clock was set', () => {
    const clock = new ClockEstimate();
    clock.add(exchange(0, WALL, 5_000, 10, 0, 10));
    // the device's clock is corrected by an hour: the server is now an hour less ahead of it
    expect(clock.add(exchange(30_000, WALL + 3_600_000, 5_000 - 3_600_000, 20, 0, 20))).toBe(5_000 - 3_600_000);
  });

  it('measures the round trip on the monotonic clock, whatever the wall clock did meanwhile', () => {
    const clock = new ClockEstimate();
    clock.add(exchange(0, WALL, 5_000, 200, 0, 200));
    // the wall clock stepped back 150 ms during this exchange: its round trip is still 400 ms
    const stepped = { ...exchange(30_000, WALL, 5_000, 200, 0, 200) };
    expect(clock.add({ ...stepped, wallAt: stepped.wallAt - 150, serverTime: stepped.serverTime })).toBeCloseTo(5_150);
  });

  it('starts from the offset it was given, and ignores an exchange that makes no sense', () => {
    const clock = new ClockEstimate(1_234);
    expect(clock.offset).toBe(1_234);
    expect(clock.add({ sentAt: 10, receivedAt: 5, wallAt: WALL, serverTime: WALL })).toBe(1_234);
    expect(clock.add({ sentAt: 10, receivedAt: 20, wallAt: WALL, serverTime: Number.NaN })).toBe(1_234);
  });
});
