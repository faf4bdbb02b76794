/**
 * What a kind of screen plays best. Profiles are data: these are the defaults a new
 * installation starts with, and administrators add their own (an LED wall of 1152×576, say).
 */
export interface ScreenProfile {
  /** Stable identifier, used in rendition names and URLs: lower-case letters, digits, dashes. */
  readonly key: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_SCREEN_PROFILES: readonly ScreenProfile[] = [
  { key: 'led-768x384', name: 'LED ngoài trời 768×384', width: 768, height: 384 },
  { key: 'led-1920x960', name: 'LED ngoài trời 1920×960', width: 1920, height: 960 },
  { key: 'elevator-1080x1920', name: 'Màn hình thang máy (dọc) 1080×1920', width: 1080, height: 1920 },
  { key: 'transit-1920x1080', name: 'Màn hình bến xe, sân bay 1920×1080', width: 1920, height: 1080 },
  { key: 'uhd-3840x2160', name: 'Màn hình 4K 3840×2160', width: 3840, height: 2160 },
];

const PROFILE_KEY = /^[a-z0-9][a-z0-9-]{0,47}$/;
/** Larger than any screen sold today, and small enough that a rendition always fits in memory. */
export const MAX_PROFILE_SIDE = 7680;

/** Why a profile cannot be used, or null when it can. */
export function profileProblem(profile: ScreenProfile): string | null {
  if (!PROFILE_KEY.test(profile.key)) return 'key must be lower-case letters, digits and dashes';
  for (const side of [profile.width, profile.height]) {
    if (!Number.isInteger(side) || side < 16 || side > MAX_PROFILE_SIDE) {
      return `width and height must be whole numbers from 16 to ${MAX_PROFILE_SIDE}`;
    }
  }
  return null;
}
