import {
  type CampaignZones,
  campaignsOnAir,
  DEFAULT_SCREEN_LAYOUT,
  type Play,
  type PlaylistDocument,
  type ScreenLayout,
} from '@loa/protocol';

/** Ticker speed, in screen heights per second: about 110 px/s on a 1080-line screen. */
const TICKER_SPEED = 0.1;
const TICKER_SEPARATOR = '   •   ';

/**
 * The zones around the main one, as the playlist document describes them: a ticker with the texts
 * of the campaigns on air, a QR corner with the link of the campaign playing (or of one on air),
 * and a clock in the screen's time zone. An emergency has the screen to itself: ticker and QR go.
 */
export class Zones {
  private tickerShown = '';
  private tickerAnimation: Animation | null = null;
  private qrShown = '';
  private clockShown = '';
  private clockFormat: Intl.DateTimeFormat | null = null;
  private clockZone = '';

  constructor(
    private readonly ticker: HTMLElement,
    private readonly qr: HTMLElement,
    private readonly clock: HTMLElement,
  ) {}

  update(document: PlaylistDocument | null, play: Play | null, now: number): void {
    // documents kept from before zones existed have no layout
    const layout: ScreenLayout = document?.layout ?? DEFAULT_SCREEN_LAYOUT;
    const emergency = play?.cue.reason === 'emergency';
    const zones = new Map<string, CampaignZones>((document?.campaigns ?? []).map((c) => [c.campaignId, c]));
    const onAir = document && !emergency ? campaignsOnAir(document.plan, now) : [];

    const text = layout.ticker
      ? onAir
          .map((id) => zones.get(id)?.ticker)
          .filter((t): t is string => !!t)
          .join(TICKER_SEPARATOR)
      : '';
    this.showTicker(text);

    const playing = play?.cue.campaignId ? zones.get(play.cue.campaignId)?.qr : undefined;
    const qr = layout.qr && !emergency ? (playing ?? onAir.map((id) => zones.get(id)?.qr).find((q) => !!q)) : undefined;
    this.showQr(qr ? qr : null);

    this.showClock(layout.clock && document ? document.timezone : null, now);
  }

  private showTicker(text: string): void {
    document.body.classList.toggle('with-ticker', text !== '');
    if (text === this.tickerShown) return;
    this.tickerShown = text;
    this.tickerAnimation?.cancel();
    this.tickerAnimation = null;
    const line = this.ticker.firstElementChild as HTMLElement;
    line.textContent = text;
    if (text === '') return;
    // one pass: in from the right edge, out past the left one; transforms only, so it stays smooth
    const from = this.ticker.clientWidth;
    const to = -line.scrollWidth;
    const pixelsPerSecond = Math.max(40, window.innerHeight * TICKER_SPEED);
    if (typeof line.animate !== 'function') return;
    this.tickerAnimation = line.animate(
      [{ transform: `translateX(${from}px)` }, { transform: `translateX(${to}px)` }],
      { duration: ((from - to) / pixelsPerSecond) * 1000, iterations: Infinity, easing: 'linear' },
    );
  }

  private showQr(qr: CampaignZones['qr']): void {
    const key = qr ? `${qr.url}|${qr.caption ?? ''}` : '';
    if (key === this.qrShown) return;
    this.qrShown = key;
    this.qr.style.display = qr ? 'block' : 'none';
    if (!qr) return;
    (this.qr.querySelector('.code') as HTMLElement).innerHTML = qr.svg;
    (this.qr.querySelector('.caption') as HTMLElement).textContent = qr.caption ?? '';
  }

  private showClock(timezone: string | null, now: number): void {
    if (timezone === null) {
      this.clock.style.display = 'none';
      this.clockShown = '';
      return;
    }
    if (timezone !== this.clockZone || !this.clockFormat) {
      this.clockZone = timezone;
      try {
        this.clockFormat = new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: timezone });
      } catch {
        // a zone this browser does not know: its own
        this.clockFormat = new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit' });
      }
    }
    const time = this.clockFormat.format(new Date(now));
    if (time !== this.clockShown) this.clock.textContent = this.clockShown = time;
    this.clock.style.display = 'block';
  }
}
