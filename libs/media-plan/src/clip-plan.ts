import { even, fitWithin, type Size } from './geometry.js';
import { displayedSize, type MediaProbe, type Rational, rateOf } from './probe.js';
import type { ScreenProfile } from './screen-profiles.js';

export const MAX_FRAME_RATE = 30;
const PLAYABLE_H264_PROFILES = ['High', 'Main', 'Constrained Baseline', 'Baseline'];

export interface ClipRenditionPlan {
  readonly profiles: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly frameRate: Rational;
  /** The source already plays everywhere at this size: copy its streams, do not re-encode. */
  readonly action: 'remux' | 'transcode';
}

/**
 * Above 30 fps, divide by the smallest whole number that brings the rate to 30 or below,
 * so frames are dropped evenly: 50 → 25, 60 → 30, 59.94 → 29.97, 120 → 30.
 */
export function targetFrameRate(source: Rational | null): Rational {
  if (!source) return { num: MAX_FRAME_RATE, den: 1 };
  const divisor = Math.ceil(rateOf(source) / MAX_FRAME_RATE - 1e-9);
  return divisor <= 1 ? source : reduce({ num: source.num, den: source.den * divisor });
}

function reduce(r: Rational): Rational {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(r.num, r.den);
  return { num: r.num / g, den: r.den / g };
}

/** Why the source cannot simply be copied into an MP4 every player plays, or null if it can. */
export function remuxBlocker(probe: MediaProbe): string | null {
  const video = probe.video;
  if (!video) return 'no video stream';
  if (!/\b(mov|mp4)\b/.test(probe.container)) return `container ${probe.container}`;
  if (video.codec !== 'h264') return `video codec ${video.codec}`;
  if (!video.profile || !PLAYABLE_H264_PROFILES.includes(video.profile)) return `H.264 profile ${video.profile ?? '?'}`;
  if (video.pixelFormat !== 'yuv420p') return `pixel format ${video.pixelFormat ?? '?'}`;
  if (!video.constantFrameRate) return 'variable frame rate';
  if (!video.frameRate || rateOf(video.frameRate) > MAX_FRAME_RATE + 0.01) return 'frame rate above 30';
  if (video.rotation !== 0) return 'rotated picture';
  if (probe.audio && probe.audio.codec !== 'aac') return `audio codec ${probe.audio.codec}`;
  return null;
}

/**
 * One MP4 per distinct size the profiles need: the source fitted in each profile's box,
 * never above the source, even sides. Where that is the source's own size and the source
 * complies, the rendition is a remux.
 */
export function planClipRenditions(probe: MediaProbe, profiles: readonly ScreenProfile[]): ClipRenditionPlan[] {
  if (!probe.video) throw new Error('planClipRenditions needs a video stream');
  const source = displayedSize(probe.video);
  const frameRate = targetFrameRate(probe.video.frameRate);
  const compliant = remuxBlocker(probe) === null;
  const bySize = new Map<string, { width: number; height: number; profiles: string[] }>();
  for (const profile of profiles) {
    const fitted = fitWithin(source, profile);
    const size = { width: even(fitted.width), height: even(fitted.height) };
    const id = `${size.width}x${size.height}`;
    const entry = bySize.get(id) ?? { ...size, profiles: [] };
    entry.profiles.push(profile.key);
    bySize.set(id, entry);
  }
  return [...bySize.values()].map((entry) => ({
    ...entry,
    frameRate,
    action: compliant && entry.width === source.width && entry.height === source.height ? 'remux' : 'transcode',
  }));
}

/** The still shown before a clip starts and in lists: the picture's own shape, at most 1920 on a side. */
export function posterFrameSize(source: Size): Size {
  const fitted = fitWithin(source, { width: 1920, height: 1920 });
  return { width: even(fitted.width), height: even(fitted.height) };
}

/** Where the poster frame is taken: past fade-ins, well inside short clips. */
export function posterFrameTime(durationSeconds: number | null): number {
  if (!durationSeconds || durationSeconds <= 0.5) return 0;
  return Math.min(durationSeconds * 0.25, 5);
}
