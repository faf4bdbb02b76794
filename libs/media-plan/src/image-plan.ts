import { fitWithin, type Size } from './geometry.js';
import type { ScreenProfile } from './screen-profiles.js';

/** How a poster meets a screen of another shape: letterboxed on a colour, or filling and cropped. */
export type ImageFit = 'contain' | 'cover';

export interface ImageRenditionPlan {
  /** The profiles this one file serves: profiles of the same shape share a rendition when sizes coincide. */
  readonly profiles: readonly string[];
  /** The output canvas: the profile's shape, never more pixels than the source can fill. */
  readonly width: number;
  readonly height: number;
  readonly fit: ImageFit;
  readonly background: string;
}

/**
 * One rendition per screen profile, at the profile's aspect. The canvas shrinks when the
 * source is smaller than the screen, so a small poster is not blown up into a huge file of
 * interpolated pixels; the player scales the last step.
 */
export function planImageRenditions(
  source: Size,
  profiles: readonly ScreenProfile[],
  fit: ImageFit,
  background: string,
): ImageRenditionPlan[] {
  const bySize = new Map<string, { width: number; height: number; profiles: string[] }>();
  for (const profile of profiles) {
    const canvas = canvasFor(source, profile, fit);
    const id = `${canvas.width}x${canvas.height}`;
    const entry = bySize.get(id) ?? { ...canvas, profiles: [] };
    entry.profiles.push(profile.key);
    bySize.set(id, entry);
  }
  return [...bySize.values()].map((entry) => ({ ...entry, fit, background }));
}

function canvasFor(source: Size, box: Size, fit: ImageFit): Size {
  // contain: the image fits inside the box; cover: the box fits inside the image.
  const imageScale =
    fit === 'contain'
      ? Math.min(box.width / source.width, box.height / source.height)
      : Math.max(box.width / source.width, box.height / source.height);
  const shrink = imageScale > 1 ? 1 / imageScale : 1;
  return { width: Math.max(1, Math.round(box.width * shrink)), height: Math.max(1, Math.round(box.height * shrink)) };
}

/** The thumbnail the console shows in lists: the whole image, at most 320×320. */
export function thumbnailSize(source: Size): Size {
  return fitWithin(source, { width: 320, height: 320 });
}
