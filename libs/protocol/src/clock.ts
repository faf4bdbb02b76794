/**
 * One exchange with the server. `sentAt` and `receivedAt` come from a monotonic clock (the
 * browser's performance.now()), so the round trip is true even if the wall clock is set
 * meanwhile; `wallAt` is the player's wall clock (Date.now()) when the answer came.
 */
export interface ClockSample {
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly wallAt: number;
  /** The server's time in the answer. */
  readonly serverTime: number;
}

/** How many of the latest exchanges the estimate looks at: with 30 s heartbeats, about four minutes. */
const KEPT_SAMPLES = 8;
/** A change this large between the wall clock and the monotonic one: the wall clock was set, or the device slept. */
const CLOCK_STEP_MS = 1000;

/**
 * The offset of the server's clock from the player's wall clock, NTP's way: of the latest
 * exchanges, the one with the shortest round trip gives it, since the server's time is known best
 * where the least time went by around it. A busy server answers a hello or heartbeat late (it may
 * be planning a network), and taking every answer as it comes would move the screen's clock by
 * half that delay. Exchanges from before the player's wall clock was set (or the device slept)
 * are forgotten: their offsets are off by the step.
 */
export class ClockEstimate {
  private samples: ClockSample[] = [];

  constructor(private offsetMs = 0) {}

  /** Server time minus the player's wall clock, in milliseconds. */
  get offset(): number {
    return this.offsetMs;
  }

  /** Takes one exchange into account; answers the offset now estimated. */
  add(sample: ClockSample): number {
    const roundTrip = sample.receivedAt - sample.sentAt;
    if (!(roundTrip >= 0) || !Number.isFinite(sample.serverTime) || !Number.isFinite(sample.wallAt)) {
      return this.offsetMs;
    }
    const skew = sample.wallAt - sample.receivedAt;
    this.samples = this.samples.filter((s) => Math.abs(s.wallAt - s.receivedAt - skew) < CLOCK_STEP_MS);
    this.samples.push(sample);
    if (this.samples.length > KEPT_SAMPLES) this.samples.shift();
    let best = this.samples[0];
    for (const s of this.samples) if (s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
    // the answer left the server about half a round trip before it came; the wall clock then is
    // read through the monotonic one as the newest sample relates them (wall clocks drift)
    const halfTrip = (best.receivedAt - best.sentAt) / 2;
    this.offsetMs = best.serverTime + halfTrip - (best.receivedAt + skew);
    return this.offsetMs;
  }
}
