import { Clock } from '../../apps/server/src/clock/clock.js';

/** Real time plus whatever the test moved it forward by. */
export class FakeClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
