import { describe, expect, it } from '@jest/globals';
import { MemoryThrottleStore } from './login-throttle.js';

describe('MemoryThrottleStore', () => {
  it('counts hits per key within a window and starts afresh when the window ends', async () => {
    const store = new MemoryThrottleStore();
    const t0 = 1_000_000;
    expect(await store.hit('login:1.2.3.4', 60_000, t0)).toEqual({ count: 1, resetAt: t0 + 60_000 });
    expect(await store.hit('login:1.2.3.4', 60_000, t0 + 10_000)).toEqual({ count: 2, resetAt: t0 + 60_000 });
    expect((await store.hit('login:5.6.7.8', 60_000, t0 + 10_000)).count).toBe(1);
    expect(await store.hit('login:1.2.3.4', 60_000, t0 + 60_000)).toEqual({ count: 1, resetAt: t0 + 120_000 });
  });

  it('forgets ended windows once it holds many keys, so memory stays bounded', async () => {
    const store = new MemoryThrottleStore();
    for (let i = 0; i <= 10_001; i++) await store.hit(`k${i}`, 1_000, 0);
    await store.hit('fresh', 1_000, 5_000);
    const windows = (store as unknown as { windows: Map<string, unknown> }).windows;
    expect(windows.size).toBe(1);
  });

  it('peeks at a window without counting', async () => {
    const store = new MemoryThrottleStore();
    expect(await store.peek('claim:u1', 0)).toEqual({ count: 0, resetAt: 0 });
    await store.hit('claim:u1', 60_000, 0);
    expect(await store.peek('claim:u1', 1_000)).toEqual({ count: 1, resetAt: 60_000 });
    expect(await store.peek('claim:u1', 1_000)).toEqual({ count: 1, resetAt: 60_000 });
    expect((await store.peek('claim:u1', 60_000)).count).toBe(0);
  });
});
