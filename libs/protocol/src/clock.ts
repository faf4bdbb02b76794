/** One exchange with the server: when the player asked, when the answer came, and the server's time in it. */
export interface ClockSample {
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly serverTime: number;
}

/** How many of the latest exchanges the estimate looks at: with 30 s heartbeats, the last four minutes. */
const KEPT_SAMPLES = 8;

/**
 * The offset of the server's clock from the player's, NTP's way: of the latest exchanges, the one
 * with the shortest round trip gives it, since the server's time is known best where the least
 * time went by around it. A busy server answers a hello or heartbeat late (it may be planning a
 * network), and taking every answer as it comes would move the screen's clock by half that delay.
 */
export class ClockEstimate {
  private readonly samples: ClockSample[] = [];

  constructor(private offsetMs = 0) {}

  /** Server time minus player time, in milliseconds. */
  get offset(): number {
    return this.offsetMs;
  }

  /** Takes one exchange into account; answers the offset now estimated. */
  add(sample: ClockSample): number {
    const roundTrip = sample.receivedAt - sample.sentAt;
    if (!(roundTrip >= 0) || !Number.isFinite(sample.serverTime)) return this.offsetMs;
    this.samples.push(sample);
    if (this.samples.length > KEPT_SAMPLES) this.samples.shift();
    let best = this.samples[0];
    for (const s of this.samples) if (s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
    // the answer left the server about half a round trip before it came
    this.offsetMs = best.serverTime + (best.receivedAt - best.sentAt) / 2 - best.receivedAt;
    return this.offsetMs;
  }
}
