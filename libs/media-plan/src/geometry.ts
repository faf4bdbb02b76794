export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Video encoders want even sides (4:2:0 chroma); never below 2. */
export function even(n: number): number {
  return Math.max(2, 2 * Math.round(n / 2));
}

/**
 * The largest size with the source's aspect that fits in the box, never above the source:
 * a 1280×720 clip for a 3840×2160 screen stays 1280×720 (the player scales it up).
 */
export function fitWithin(source: Size, box: Size): Size {
  const scale = Math.min(1, box.width / source.width, box.height / source.height);
  return { width: Math.round(source.width * scale), height: Math.round(source.height * scale) };
}

/** Swaps sides for a quarter-turn rotation (EXIF orientation 5–8, or a container rotate of ±90°). */
export function displayed(size: Size, quarterTurn: boolean): Size {
  return quarterTurn ? { width: size.height, height: size.width } : size;
}
