import type { Size } from './geometry.js';

/** A frame rate as the exact fraction containers use (30000/1001 is not 29.97). */
export interface Rational {
  readonly num: number;
  readonly den: number;
}

export interface VideoStream {
  readonly codec: string;
  readonly profile: string | null;
  readonly pixelFormat: string | null;
  /** Coded size, before rotation. */
  readonly width: number;
  readonly height: number;
  /** Clockwise degrees the player must turn the picture: 0, 90, 180 or 270. */
  readonly rotation: number;
  readonly frameRate: Rational | null;
  /** The nominal and average rates agree: the stream is constant frame rate. */
  readonly constantFrameRate: boolean;
}

export interface AudioStream {
  readonly codec: string;
  readonly channels: number | null;
  readonly sampleRate: number | null;
}

export interface MediaProbe {
  /** ffprobe's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm". */
  readonly container: string;
  readonly durationSeconds: number | null;
  readonly bitRate: number | null;
  readonly video: VideoStream | null;
  readonly audio: AudioStream | null;
}

type Json = Record<string, unknown>;
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

export function parseRational(value: unknown): Rational | null {
  const match = typeof value === 'string' ? /^(\d+)\/(\d+)$/.exec(value) : null;
  if (!match) return null;
  const r = { num: Number(match[1]), den: Number(match[2]) };
  return r.num > 0 && r.den > 0 ? r : null;
}

export const rateOf = (r: Rational): number => r.num / r.den;

function rotationOf(stream: Json): number {
  // older ffmpeg: tags.rotate; newer: a display matrix in side_data_list
  const tag = num((stream.tags as Json | undefined)?.rotate);
  const sideData = Array.isArray(stream.side_data_list) ? (stream.side_data_list as Json[]) : [];
  const matrix = sideData.map((d) => num(d.rotation)).find((r) => r !== null);
  // the display matrix counts anticlockwise; the rotate tag clockwise
  const degrees = tag ?? (matrix === undefined || matrix === null ? 0 : -matrix);
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

/** Reads `ffprobe -print_format json -show_format -show_streams` output. */
export function parseProbe(json: unknown): MediaProbe {
  const root = (json ?? {}) as Json;
  const format = (root.format ?? {}) as Json;
  const streams = Array.isArray(root.streams) ? (root.streams as Json[]) : [];
  // attached pictures (cover art in an MP3) are not video
  const video = streams.find(
    (s) => s.codec_type === 'video' && (s.disposition as Json | undefined)?.attached_pic !== 1,
  );
  const audio = streams.find((s) => s.codec_type === 'audio');
  const nominal = video ? parseRational(video.r_frame_rate) : null;
  const average = video ? parseRational(video.avg_frame_rate) : null;
  return {
    container: text(format.format_name) ?? 'unknown',
    durationSeconds:
      num(format.duration) ?? (video ? num(video.duration) : null) ?? (audio ? num(audio.duration) : null),
    bitRate: num(format.bit_rate),
    video: video
      ? {
          codec: text(video.codec_name) ?? 'unknown',
          profile: text(video.profile),
          pixelFormat: text(video.pix_fmt),
          width: num(video.width) ?? 0,
          height: num(video.height) ?? 0,
          rotation: rotationOf(video),
          frameRate: nominal ?? average,
          constantFrameRate: nominal !== null && average !== null && Math.abs(rateOf(nominal) - rateOf(average)) < 0.01,
        }
      : null,
    audio: audio
      ? {
          codec: text(audio.codec_name) ?? 'unknown',
          channels: num(audio.channels),
          sampleRate: num(audio.sample_rate),
        }
      : null,
  };
}

/** The picture as people see it, after the container's rotation. */
export function displayedSize(video: VideoStream): Size {
  const quarterTurn = video.rotation === 90 || video.rotation === 270;
  return quarterTurn ? { width: video.height, height: video.width } : { width: video.width, height: video.height };
}
