import type { PlaylistItem, RenditionRef } from '@loa/protocol';
import { cachedFile } from './media-cache.js';

/** Why an item could not be shown: it is skipped and reported, never shown half. */
export type NotShown = 'not_cached' | 'unplayable';

/**
 * One item on a layer of its own: built out of sight, shown only once its first frame is decoded.
 * Files come whole from the verified media cache (as object URLs), so a half-downloaded file is
 * never on screen; where the Cache API does not exist (plain http) they come from the network.
 */
export class Layer {
  readonly element: HTMLDivElement;
  readonly media: HTMLImageElement | HTMLVideoElement | HTMLAudioElement;
  /** Resolves true once the first frame can be shown; false when it never can (see `notShown`). */
  readonly ready: Promise<boolean>;
  notShown: NotShown | null = null;
  private objectUrl: string | null = null;

  constructor(
    /** The play it is for; a poster that stays up for the next play takes that play's key. */
    public key: string,
    readonly item: PlaylistItem,
    readonly rendition: RenditionRef,
    parent: HTMLElement,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'layer';
    this.element.dataset.creativeId = item.creativeId;
    if (item.kind === 'image') {
      const img = document.createElement('img');
      img.alt = item.title;
      this.media = img;
    } else {
      const media = document.createElement(item.kind === 'audio' ? 'audio' : 'video');
      media.muted = true;
      media.preload = 'auto';
      media.setAttribute('playsinline', '');
      this.media = media;
      if (item.kind === 'audio') this.element.appendChild(audioCard(item.title));
    }
    this.media.dataset.creativeId = item.creativeId;
    this.media.dataset.src = rendition.url;
    this.element.appendChild(this.media);
    parent.appendChild(this.element);
    this.ready = this.load();
  }

  private async load(): Promise<boolean> {
    const file = await cachedFile(this.rendition.url);
    if (file === null) {
      this.notShown = 'not_cached';
      return false;
    }
    const src = file === 'network' ? this.rendition.url : (this.objectUrl = URL.createObjectURL(file));
    const media = this.media;
    try {
      if (media instanceof HTMLImageElement) {
        media.src = src;
        await media.decode();
      } else {
        await new Promise<void>((resolve, reject) => {
          media.addEventListener('loadeddata', () => resolve(), { once: true });
          media.addEventListener('error', () => reject(new Error(media.error?.message ?? 'media error')), {
            once: true,
          });
          media.src = src;
          media.load();
        });
      }
      return true;
    } catch {
      this.notShown = 'unplayable';
      return false;
    }
  }

  /** Starts a clip `fromSeconds` in (a reload mid-play joins where the plan is): sound where the browser allows it. */
  start(fromSeconds: number): void {
    const media = this.media;
    if (media instanceof HTMLImageElement) return;
    if (fromSeconds > 0.25) media.currentTime = fromSeconds;
    media.muted = false;
    media.play().catch(() => {
      // autoplay with sound refused (no kiosk flag, no gesture yet): play muted rather than not at all
      media.muted = true;
      return media.play().catch(() => undefined);
    });
  }

  dispose(): void {
    if (!(this.media instanceof HTMLImageElement)) this.media.pause();
    this.media.removeAttribute('src');
    this.element.remove();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
  }
}

function audioCard(title: string): HTMLElement {
  const card = document.createElement('div');
  card.className = 'audio-card';
  card.textContent = `🔊 ${title}`;
  return card;
}

/**
 * The main zone's two layers: what is on screen, and the next item being made ready behind it.
 * A switch brings the ready layer to the front and only then drops the old one, so there is no
 * frame between two items with nothing on it.
 */
export class Stage {
  front: Layer | null = null;
  back: Layer | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly fadeMs: () => number,
  ) {}

  /** The layer for this play: the one prepared for it, or a new one behind the front. */
  prepare(key: string, item: PlaylistItem, rendition: RenditionRef): Layer {
    if (this.back?.key === key) return this.back;
    if (this.front?.key === key) return this.front;
    this.back?.dispose();
    this.back = new Layer(key, item, rendition, this.root);
    return this.back;
  }

  /** Brings a ready layer to the front. */
  show(layer: Layer): void {
    if (layer === this.front) return;
    const old = this.front;
    this.front = layer;
    if (this.back === layer) this.back = null;
    layer.element.classList.add('front');
    this.root.dataset.creativeId = layer.item.creativeId;
    const fade = this.fadeMs();
    layer.element.style.transition = fade > 0 ? `opacity ${fade}ms linear` : '';
    layer.element.style.opacity = '1';
    if (!old) return;
    old.element.classList.remove('front');
    // the old layer goes once the new one has been painted over it (and has faded in)
    window.setTimeout(() => {
      if (this.front !== old && this.back !== old) old.dispose();
    }, fade + 100);
  }

  /** Empties the zone (the screen's hours are over, or it was revoked). */
  clear(): void {
    this.front?.dispose();
    this.back?.dispose();
    this.front = null;
    this.back = null;
    delete this.root.dataset.creativeId;
  }
}
