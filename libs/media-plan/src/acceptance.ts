import type { MediaProbe } from './probe.js';

/**
 * What Loa accepts, decided from the bytes (magic numbers, image headers, ffprobe), never
 * from a file name. Each refusal carries a reason the server turns into a sentence.
 */

export type CreativeKind = 'image' | 'video' | 'audio';

export type Refusal =
  | { readonly reason: 'empty' }
  | { readonly reason: 'not_media' }
  | { readonly reason: 'svg' }
  | { readonly reason: 'format_not_accepted'; readonly format: string }
  | { readonly reason: 'unreadable' }
  | { readonly reason: 'too_large'; readonly kind: CreativeKind; readonly limitBytes: number }
  | { readonly reason: 'pixel_cap'; readonly width: number; readonly height: number; readonly capPixels: number }
  | { readonly reason: 'dimensions'; readonly width: number; readonly height: number }
  | { readonly reason: 'no_video_stream' }
  | { readonly reason: 'no_audio_stream' }
  | { readonly reason: 'video_codec'; readonly codec: string }
  | { readonly reason: 'audio_codec'; readonly codec: string }
  | { readonly reason: 'duration'; readonly seconds: number | null; readonly min: number; readonly max: number };

export interface Accepted {
  readonly kind: CreativeKind;
  /** The container or image format as detected, e.g. "jpeg", "mp4", "webm", "mp3". */
  readonly format: string;
  readonly mime: string;
}

/** Magic-number detection as `file-type` reports it. */
export interface DetectedType {
  readonly ext: string;
  readonly mime: string;
}

const IMAGE_FORMATS: Record<string, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
};
const VIDEO_FORMATS: Record<string, string> = {
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
  'video/x-matroska': 'mkv',
  'video/matroska': 'mkv',
  'video/x-m4v': 'mp4',
};
const AUDIO_FORMATS: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/aac': 'aac',
  'audio/x-m4a': 'm4a',
  'audio/mp4': 'm4a',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/ogg': 'ogg',
  'audio/opus': 'ogg',
};

export const ACCEPTED_VIDEO_CODECS = ['h264', 'hevc', 'vp8', 'vp9', 'av1'] as const;
/** Audio inside clips and audio files: everything ffmpeg decodes that the accepted containers carry. */
export const ACCEPTED_AUDIO_CODECS = ['aac', 'mp3', 'vorbis', 'opus', 'flac', 'ac3', 'eac3', 'alac'] as const;

/** A clip or announcement shorter than this cannot be shown or heard as content. */
export const MIN_DURATION_SECONDS = 0.5;

const SVG_START = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+svg[^>]*>\s*)?<svg[\s>]/i;

function looksLikeSvg(head: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 4096)).replace(/^\uFEFF/, '');
  return SVG_START.test(text) || (/^\s*<\?xml/i.test(text) && /<svg[\s>]/i.test(text));
}

/** The kind and format of an upload from its first bytes, or why it is refused. */
export function classifyUpload(detected: DetectedType | undefined, head: Uint8Array): Accepted | Refusal {
  if (head.length === 0) return { reason: 'empty' };
  if (!detected) return looksLikeSvg(head) ? { reason: 'svg' } : { reason: 'not_media' };
  const { mime, ext } = detected;
  if (IMAGE_FORMATS[mime]) return { kind: 'image', format: IMAGE_FORMATS[mime], mime };
  if (VIDEO_FORMATS[mime]) return { kind: 'video', format: VIDEO_FORMATS[mime], mime };
  if (AUDIO_FORMATS[mime]) return { kind: 'audio', format: AUDIO_FORMATS[mime], mime };
  if (mime === 'application/xml' && looksLikeSvg(head)) return { reason: 'svg' };
  if (mime.startsWith('image/') || mime.startsWith('video/') || mime.startsWith('audio/')) {
    return { reason: 'format_not_accepted', format: ext.toUpperCase() };
  }
  return { reason: 'not_media' };
}

export function isRefusal(value: Accepted | Refusal): value is Refusal {
  return 'reason' in value;
}

export interface MediaLimits {
  readonly maxImageBytes: number;
  readonly maxClipBytes: number;
  readonly maxAudioBytes: number;
  /** Decoded pixels an image may have, checked from its header before decoding. */
  readonly maxImagePixels: number;
  readonly maxDurationSeconds: number;
}

export function byteLimitOf(kind: CreativeKind, limits: MediaLimits): number {
  return kind === 'image' ? limits.maxImageBytes : kind === 'video' ? limits.maxClipBytes : limits.maxAudioBytes;
}

export function checkSize(kind: CreativeKind, byteSize: number, limits: MediaLimits): Refusal | null {
  if (byteSize === 0) return { reason: 'empty' };
  const limitBytes = byteLimitOf(kind, limits);
  return byteSize > limitBytes ? { reason: 'too_large', kind, limitBytes } : null;
}

/** Largest side Loa handles for a picture or a clip (8K). */
export const MAX_MEDIA_SIDE = 8192;

/** An image from its header alone: the pixel cap protects the decoder from pixel bombs. */
export function checkImageHeader(header: { width: number; height: number }, limits: MediaLimits): Refusal | null {
  const { width, height } = header;
  if (!(width > 0 && height > 0)) return { reason: 'unreadable' };
  if (width * height > limits.maxImagePixels) {
    return { reason: 'pixel_cap', width, height, capPixels: limits.maxImagePixels };
  }
  return null;
}

/** A clip or an announcement from ffprobe's account of it. */
export function checkProbe(kind: 'video' | 'audio', probe: MediaProbe, limits: MediaLimits): Refusal | null {
  if (kind === 'video') {
    const video = probe.video;
    if (!video) return { reason: 'no_video_stream' };
    if (!(ACCEPTED_VIDEO_CODECS as readonly string[]).includes(video.codec)) {
      return { reason: 'video_codec', codec: video.codec };
    }
    if (!(video.width > 0 && video.height > 0) || video.width > MAX_MEDIA_SIDE || video.height > MAX_MEDIA_SIDE) {
      return { reason: 'dimensions', width: video.width, height: video.height };
    }
  } else if (!probe.audio) {
    return { reason: 'no_audio_stream' };
  }
  if (probe.audio && !isAcceptedAudioCodec(probe.audio.codec)) {
    return { reason: 'audio_codec', codec: probe.audio.codec };
  }
  const seconds = probe.durationSeconds;
  if (seconds === null || seconds < MIN_DURATION_SECONDS || seconds > limits.maxDurationSeconds) {
    return { reason: 'duration', seconds, min: MIN_DURATION_SECONDS, max: limits.maxDurationSeconds };
  }
  return null;
}

function isAcceptedAudioCodec(codec: string): boolean {
  return (ACCEPTED_AUDIO_CODECS as readonly string[]).includes(codec) || codec.startsWith('pcm_');
}
