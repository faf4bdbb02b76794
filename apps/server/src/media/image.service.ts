import sharp from 'sharp';
import type { ImageFit, Size } from '@loa/media-plan';

export interface ImageHeader {
  readonly format: string;
  /** As stored, before EXIF orientation. */
  readonly width: number;
  readonly height: number;
  /** As people see it, after EXIF orientation. */
  readonly displayedWidth: number;
  readonly displayedHeight: number;
  readonly colourSpace: string | null;
  readonly pages: number;
  /** Transparent pixels must be laid on the creative's background colour. */
  readonly hasAlpha: boolean;
}

export interface ImageTarget extends Size {
  readonly fit: ImageFit | 'inside';
  readonly background: string;
  /** Lay transparency on the background; skipped for opaque sources, where it would only cost time. */
  readonly flatten?: boolean;
}

export type ImageFormat = 'webp' | 'jpeg';

export interface RenderedImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
}

const QUALITY: Record<ImageFormat, number> = { webp: 82, jpeg: 85 };

/**
 * The one class that talks to sharp. Every output is oriented from EXIF, converted to sRGB
 * (CMYK and wide-gamut in, sRGB out) and stripped of metadata (sharp keeps none unless asked).
 */
export class ImageService {
  constructor(private readonly maxPixels: number) {
    // one libvips thread per image: parallelism comes from the job queue, which is bounded
    sharp.concurrency(1);
    sharp.cache(false);
  }

  /** Reads only the header: nothing is decoded, so a pixel bomb costs nothing here. */
  async header(input: string | Buffer): Promise<ImageHeader> {
    const meta = await sharp(input, { limitInputPixels: false }).metadata();
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    const quarterTurn = (meta.orientation ?? 1) >= 5;
    return {
      format: meta.format ?? 'unknown',
      width,
      height,
      displayedWidth: quarterTurn ? height : width,
      displayedHeight: quarterTurn ? width : height,
      colourSpace: meta.space ?? null,
      pages: meta.pages ?? 1,
      hasAlpha: meta.hasAlpha ?? false,
    };
  }

  /** Decodes fully, so truncated or corrupt data shows up before anything is stored. */
  async verify(input: string): Promise<void> {
    await sharp(input, { limitInputPixels: this.maxPixels }).stats();
  }

  async render(input: string | Buffer, target: ImageTarget, format: ImageFormat, quality?: number): Promise<RenderedImage> {
    let pipeline = sharp(input, { limitInputPixels: this.maxPixels })
      .rotate()
      .resize(target.width, target.height, {
        fit: target.fit,
        background: target.background,
        position: 'centre',
      });
    if (target.flatten ?? true) pipeline = pipeline.flatten({ background: target.background });
    pipeline = pipeline.toColourspace('srgb');
    const encoded =
      format === 'webp'
        ? pipeline.webp({ quality: quality ?? QUALITY.webp })
        : pipeline.jpeg({ quality: quality ?? QUALITY.jpeg, progressive: true, mozjpeg: false });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, format };
  }
}
