import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { parseProbe, rateOf } from '@loa/media-plan';
import { startSeededApp, type World } from './support/fixtures.js';
import { download, ffmpeg, ffprobe, settled, upload } from './support/media.js';
import type { TestApp } from './support/test-app.js';

/** Every accepted format, made here with real encoders, in to H.264/AAC (or WebP/JPEG) out. */
interface Format {
  readonly file: string;
  readonly make: (path: string) => Promise<unknown>;
  readonly kind: 'image' | 'video' | 'audio';
  readonly size?: [number, number];
  readonly codec?: string;
}

const video =
  (size: string, seconds: number, ...encode: string[]) =>
  (path: string) =>
    ffmpeg('-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25:duration=${seconds}`, ...encode, path);
const tone =
  (...encode: string[]) =>
  (path: string) =>
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=660:duration=2', ...encode, path);

const FORMATS: Format[] = [
  {
    file: 'hevc.mov',
    make: video('320x180', 2, '-c:v', 'libx265', '-pix_fmt', 'yuv420p', '-x265-params', 'log-level=error'),
    kind: 'video',
    size: [320, 180],
    codec: 'hevc',
  },
  {
    file: 'vp8.webm',
    make: video('320x180', 2, '-c:v', 'libvpx', '-b:v', '200k'),
    kind: 'video',
    size: [320, 180],
    codec: 'vp8',
  },
  {
    file: 'av1.webm',
    make: video('160x90', 1, '-c:v', 'libaom-av1', '-strict', 'experimental', '-cpu-used', '8', '-b:v', '100k'),
    kind: 'video',
    size: [160, 90],
    codec: 'av1',
  },
  {
    file: 'h264.mkv',
    make: video('320x180', 2, '-c:v', 'libx264', '-pix_fmt', 'yuv420p'),
    kind: 'video',
    size: [320, 180],
    codec: 'h264',
  },
  {
    file: 'phone-rotated.mp4',
    // as a phone writes it: the picture stored landscape, with a display rotation in the container
    make: async (path) => {
      await video('320x180', 2, '-c:v', 'libx264', '-pix_fmt', 'yuv420p')(`${path}.src.mp4`);
      await ffmpeg('-i', `${path}.src.mp4`, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', path);
    },
    kind: 'video',
    size: [180, 320],
    codec: 'h264',
  },
  {
    file: 'fast-60fps.mp4',
    make: (path) =>
      ffmpeg(
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=320x180:rate=60:duration=2',
        '-c:v',
        'libx264',
        '-pix_fmt',
        'yuv420p',
        path,
      ),
    kind: 'video',
    size: [320, 180],
    codec: 'h264',
  },
  { file: 'tone.wav', make: tone('-c:a', 'pcm_s16le'), kind: 'audio', codec: 'pcm_s16le' },
  { file: 'tone.ogg', make: tone('-c:a', 'libvorbis'), kind: 'audio', codec: 'vorbis' },
  { file: 'tone.aac', make: tone('-c:a', 'aac', '-f', 'adts'), kind: 'audio', codec: 'aac' },
  {
    file: 'poster.gif',
    make: (path) =>
      sharp({ create: { width: 240, height: 120, channels: 3, background: '#0a7' } })
        .gif()
        .toFile(path),
    kind: 'image',
    size: [240, 120],
  },
  {
    file: 'poster.avif',
    make: (path) =>
      sharp({ create: { width: 240, height: 120, channels: 3, background: '#a70' } })
        .avif()
        .toFile(path),
    kind: 'image',
    size: [240, 120],
  },
];

describe('media library: every accepted format in, players’ formats out', () => {
  let t: TestApp;
  let w: World;
  let dir: string;

  beforeAll(async () => {
    ({ t, w } = await startSeededApp('sqlite'));
    dir = mkdtempSync(join(tmpdir(), 'loa-formats-'));
    for (const format of FORMATS) await format.make(join(dir, format.file));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(FORMATS)('takes $file', async (format) => {
    const res = await upload(t, w.commsA.token, readFileSync(join(dir, format.file)), {}, format.file);
    expect(res.status).toBe(202);
    const creative = await settled(t, w.commsA.token, res.body.id);
    expect({ status: creative.status, failure: creative.failure, kind: creative.kind }).toEqual({
      status: 'ready',
      failure: null,
      kind: format.kind,
    });
    if (format.size) expect([creative.width, creative.height]).toEqual(format.size);
    if (format.kind === 'video') {
      expect(creative.videoCodec).toBe(format.codec);
      const display = creative.renditions.filter((r) => r.purpose === 'display');
      expect(display.length).toBeGreaterThan(0);
      for (const rendition of display) {
        expect([rendition.format, rendition.videoCodec]).toEqual(['mp4', 'h264']);
        // rotation applied: the picture's shape as displayed
        expect(Math.sign(rendition.width! - rendition.height!)).toBe(Math.sign(format.size![0] - format.size![1]));
        const path = join(dir, `out-${rendition.sha256}.mp4`);
        writeFileSync(path, await download(t, rendition.url));
        const probe = parseProbe(await ffprobe(path));
        expect(rateOf(probe.video!.frameRate!)).toBeLessThanOrEqual(30);
        expect(probe.video!.rotation).toBe(0);
      }
    }
    if (format.kind === 'audio') {
      expect(creative.audioCodec).toBe(format.codec);
      expect(creative.renditions.map((r) => r.audioCodec).sort()).toEqual(['aac', 'mp3']);
    }
    if (format.kind === 'image') {
      expect(creative.renditions.filter((r) => r.purpose === 'display').length).toBeGreaterThan(0);
    }
  });
});
