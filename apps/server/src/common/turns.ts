import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * How long work over many screens may hold the event loop at a stretch. Planning a network of
 * ten thousand screens from nothing takes tens of seconds here; in one piece it would stall every
 * heartbeat, acknowledgement and request for that long, and socket.io would drop the players.
 */
export const SLICE_MS = 20;

/**
 * Cuts long synchronous work into slices: the loop awaits `turn()` between items, which lets
 * the event loop run (sockets, timers, requests) once the slice has lasted `sliceMs`, and
 * otherwise costs a resolved promise.
 */
export class EventLoopTurns {
  private sliceStarted: number;

  /** `now` reads the clock in milliseconds (tests give one that moves only when told). */
  constructor(
    private readonly sliceMs = SLICE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.sliceStarted = now();
  }

  async turn(): Promise<void> {
    if (this.now() - this.sliceStarted < this.sliceMs) return;
    await nextTurn();
    this.sliceStarted = this.now();
  }
}
