import type { Size } from './geometry.js';
import type { Rational } from './probe.js';

/**
 * Every ffmpeg and ffprobe command line Loa runs, built here and nowhere else, so tests can
 * assert them exactly and the benchmark can run the bare tool with the very same arguments.
 */

const COMMON = ['-hide_banner', '-nostdin', '-y'];
/** Machine-readable progress on stdout (out_time_us=…), so long jobs report how far they are. */
const PROGRESS = ['-progress', 'pipe:1', '-nostats'];

export function probeArgs(input: string): string[] {
  return ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input];
}

/** A clip's first picture stream and, if there is one, its first sound stream. */
const clipInput = (input: string) => [...COMMON, ...PROGRESS, '-i', input, '-map', '0:v:0', '-map', '0:a:0?'];
/** No metadata carried over; an MP4 with its index first, for progressive playback. */
const mp4Output = (output: string) => ['-map_metadata', '-1', '-movflags', '+faststart', '-f', 'mp4', output];

/** H.264 High, yuv420p, constant frame rate, AAC stereo, MP4 with the index first for progressive playback. */
export function transcodeClipArgs(input: string, output: string, size: Size, frameRate: Rational): string[] {
  return [
    ...clipInput(input),
    '-vf',
    `scale=${size.width}:${size.height}:flags=lanczos,format=yuv420p`,
    '-r',
    `${frameRate.num}/${frameRate.den}`,
    '-c:v',
    'libx264',
    '-profile:v',
    'high',
    '-preset',
    'veryfast',
    '-crf',
    '21',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-ac',
    '2',
    ...mp4Output(output),
  ];
}

/** The streams as they are, into an MP4 with the index first. */
export function remuxClipArgs(input: string, output: string): string[] {
  return [...clipInput(input), '-c', 'copy', ...mp4Output(output)];
}

/** One frame, seeking on the input (fast: it jumps to the nearest keyframe before decoding). */
export function posterFrameArgs(input: string, output: string, atSeconds: number, size: Size): string[] {
  return [
    ...COMMON,
    '-ss',
    atSeconds.toFixed(3),
    '-i',
    input,
    '-frames:v',
    '1',
    '-vf',
    `scale=${size.width}:${size.height}:flags=lanczos`,
    '-q:v',
    '2',
    '-f',
    'image2',
    output,
  ];
}

export type AudioFormat = 'aac' | 'mp3';

/** EBU R128 programme loudness: −23 LUFS, true peak ≤ −1 dBTP. */
export const EBU_R128 = { integratedLufs: -23, truePeakDb: -1, loudnessRange: 7 } as const;

/** Loudness-normalised stereo at 48 kHz, for loudspeakers and audio-only players. */
export function normaliseAudioArgs(input: string, output: string, format: AudioFormat): string[] {
  const { integratedLufs, truePeakDb, loudnessRange } = EBU_R128;
  const codec =
    format === 'aac'
      ? ['-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', '-f', 'mp4']
      : ['-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3'];
  return [
    ...COMMON,
    ...PROGRESS,
    '-i',
    input,
    '-map',
    '0:a:0',
    '-vn',
    '-af',
    `loudnorm=I=${integratedLufs}:TP=${truePeakDb}:LRA=${loudnessRange}`,
    '-ar',
    '48000',
    '-ac',
    '2',
    '-map_metadata',
    '-1',
    ...codec,
    output,
  ];
}

/** Seconds of output written so far, from one block of `-progress` output; null if absent. */
export function progressSeconds(block: string): number | null {
  const match = /out_time_us=(\d+)/.exec(block) ?? /out_time_ms=(\d+)/.exec(block);
  return match ? Number(match[1]) / 1_000_000 : null;
}
