import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { DEFAULT_SCREEN_PROFILES, parseProbe, rateOf } from '@loa/media-plan';
import { describeEachEngine } from './support/engines.js';
import { startSeededApp, type World } from './support/fixtures.js';
import {
  type CreativeBody,
  download,
  FFMPEG,
  ffprobe,
  fixture,
  FIXTURE_NAMES,
  mediaFiles,
  settled,
  upload,
} from './support/media.js';
import type { TestApp } from './support/test-app.js';

interface Expected {
  kind: 'image' | 'video' | 'audio';
  width: number | null;
  height: number | null;
  duration: number | null;
  videoCodec?: string | null;
  audioCodec?: string | null;
}

const EXPECTED: Record<string, Expected> = {
  'announcement-5s.mp3': {
    kind: 'audio',
    width: null,
    height: null,
    duration: 5.04,
    audioCodec: 'mp3',
    videoCodec: null,
  },
  'clip-1080p-6s.mp4': { kind: 'video', width: 1920, height: 1080, duration: 6, videoCodec: 'h264', audioCodec: 'aac' },
  'clip-portrait-4s.webm': {
    kind: 'video',
    width: 1080,
    height: 1920,
    duration: 4,
    videoCodec: 'vp9',
    audioCodec: null,
  },
  'led-768x384.webp': { kind: 'image', width: 768, height: 384, duration: null },
  'poster-4k-3840x2160.jpg': { kind: 'image', width: 3840, height: 2160, duration: null },
  'poster-landscape-1920x1080.jpg': { kind: 'image', width: 1920, height: 1080, duration: null },
  'poster-portrait-1080x1920.png': { kind: 'image', width: 1080, height: 1920, duration: null },
};

const PROFILES = new Map(DEFAULT_SCREEN_PROFILES.map((p) => [p.key, p]));

async function integratedLoudness(path: string): Promise<number> {
  const { stderr } = await promisify(execFile)(FFMPEG, [
    '-hide_banner',
    '-nostats',
    '-i',
    path,
    '-af',
    'ebur128',
    '-f',
    'null',
    '-',
  ]);
  const match = /Integrated loudness:\s+I:\s+(-?[\d.]+) LUFS/.exec(stderr);
  if (!match) throw new Error('no loudness in ffmpeg output');
  return Number(match[1]);
}

describeEachEngine('media library: real files to renditions', (engine) => {
  let t: TestApp;
  let w: World;
  const ready = new Map<string, CreativeBody>();

  beforeAll(async () => {
    ({ t, w } = await startSeededApp(engine));
    const accepted = await Promise.all(
      FIXTURE_NAMES.map(async (name) => {
        const res = await upload(t, w.commsA.token, fixture(name), { tags: 'bluezone, covid-19' });
        expect(res.status).toBe(202);
        expect(res.body).toMatchObject({ status: 'processing' });
        return [name, (res.body as { id: string }).id] as const;
      }),
    );
    for (const [name, id] of accepted) ready.set(name, await settled(t, w.commsA.token, id));
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('brings every shared fixture to ready with the right kind, size, duration and codecs', () => {
    expect([...ready.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [name, creative] of ready) {
      const expected = EXPECTED[name];
      expect({ name, status: creative.status, failure: creative.failure }).toEqual({
        name,
        status: 'ready',
        failure: null,
      });
      expect(creative.kind).toBe(expected.kind);
      expect([creative.width, creative.height]).toEqual([expected.width, expected.height]);
      if (expected.duration === null) expect(creative.durationSeconds).toBeNull();
      else expect(creative.durationSeconds).toBeCloseTo(expected.duration, 1);
      if (expected.videoCodec !== undefined) expect(creative.videoCodec).toBe(expected.videoCodec);
      if (expected.audioCodec !== undefined) expect(creative.audioCodec).toBe(expected.audioCodec);
      expect(creative.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(creative.review).toBe('draft');
      if (expected.kind !== 'audio') expect(creative.thumbnailUrl).toMatch(/^\/media\/[0-9a-f]{64}$/);
    }
  });

  it('makes image renditions for every screen profile, as WebP and JPEG, that open with sharp at the promised size', async () => {
    for (const [name, creative] of ready) {
      if (creative.kind !== 'image') continue;
      for (const format of ['webp', 'jpeg']) {
        const display = creative.renditions.filter((r) => r.purpose === 'display' && r.format === format);
        // every profile served exactly once
        expect(display.flatMap((r) => r.profiles).sort()).toEqual([...PROFILES.keys()].sort());
        for (const rendition of display) {
          const meta = await sharp(await download(t, rendition.url)).metadata();
          expect({ name, format: meta.format, width: meta.width, height: meta.height }).toEqual({
            name,
            format,
            width: rendition.width,
            height: rendition.height,
          });
          expect(meta.exif).toBeUndefined();
          for (const key of rendition.profiles) {
            const profile = PROFILES.get(key)!;
            // the profile's shape, never larger than the profile
            expect(rendition.width!).toBeLessThanOrEqual(profile.width);
            expect(Math.abs(rendition.width! / rendition.height! - profile.width / profile.height)).toBeLessThan(0.01);
          }
        }
      }
      const thumbnail = creative.renditions.find((r) => r.purpose === 'thumbnail')!;
      const thumb = await sharp(await download(t, thumbnail.url)).metadata();
      expect(thumb.format).toBe('webp');
      expect(Math.max(thumb.width, thumb.height)).toBeLessThanOrEqual(320);
    }
  });

  it('makes H.264 High yuv420p MP4 clips with faststart at ≤ 30 fps, sized per profile and never above the source', async () => {
    for (const name of ['clip-1080p-6s.mp4', 'clip-portrait-4s.webm']) {
      const creative = ready.get(name)!;
      const display = creative.renditions.filter((r) => r.purpose === 'display');
      expect(display.flatMap((r) => r.profiles).sort()).toEqual([...PROFILES.keys()].sort());
      for (const rendition of display) {
        const bytes = await download(t, rendition.url);
        // +faststart: the index (moov) comes before the media data (mdat)
        expect(bytes.indexOf('moov')).toBeGreaterThan(0);
        expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
        const path = join(t.dir, `check-${rendition.sha256}.mp4`);
        writeFileSync(path, bytes);
        const probe = parseProbe(await ffprobe(path));
        expect(probe.container).toContain('mp4');
        expect(probe.video).toMatchObject({
          codec: 'h264',
          profile: 'High',
          pixelFormat: 'yuv420p',
          constantFrameRate: true,
        });
        expect(rateOf(probe.video!.frameRate!)).toBeLessThanOrEqual(30);
        expect([probe.video!.width, probe.video!.height]).toEqual([rendition.width, rendition.height]);
        expect(rendition.width!).toBeLessThanOrEqual(creative.width!);
        expect(Math.abs(rendition.width! / rendition.height! - creative.width! / creative.height!)).toBeLessThan(0.02);
        for (const key of rendition.profiles) {
          const profile = PROFILES.get(key)!;
          expect(rendition.width!).toBeLessThanOrEqual(profile.width);
          expect(rendition.height!).toBeLessThanOrEqual(profile.height);
        }
        expect(probe.durationSeconds!).toBeCloseTo(creative.durationSeconds!, 1);
        expect(probe.audio?.codec ?? null).toBe(creative.audioCodec ? 'aac' : null);
      }
      const poster = creative.renditions.find((r) => r.purpose === 'poster')!;
      const meta = await sharp(await download(t, poster.url)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', creative.width, creative.height]);
    }
  });

  it('remuxes a compliant H.264 source at its own size instead of re-encoding it, and re-encodes VP9', () => {
    const mp4 = ready.get('clip-1080p-6s.mp4')!;
    const full = mp4.renditions.find((r) => r.purpose === 'display' && r.width === 1920)!;
    expect(full.profiles).toEqual(['transit-1920x1080', 'uhd-3840x2160']);
    const webm = ready.get('clip-portrait-4s.webm')!;
    expect(webm.renditions.filter((r) => r.purpose === 'display').every((r) => r.videoCodec === 'h264')).toBe(true);
  });

  it('normalises announcements to EBU R128 loudness in AAC and MP3', async () => {
    const creative = ready.get('announcement-5s.mp3')!;
    const audio = creative.renditions.filter((r) => r.purpose === 'audio');
    expect(audio.map((r) => [r.format, r.mimeType, r.audioCodec]).sort()).toEqual([
      ['m4a', 'audio/mp4', 'aac'],
      ['mp3', 'audio/mpeg', 'mp3'],
    ]);
    for (const rendition of audio) {
      const path = join(t.dir, `check-${rendition.sha256}.${rendition.format}`);
      writeFileSync(path, await download(t, rendition.url));
      expect(rendition.durationSeconds!).toBeCloseTo(5, 0);
      // loudnorm on a 5 s clip lands within a couple of LU of the −23 target
      expect(Math.abs((await integratedLoudness(path)) + 23)).toBeLessThan(2.5);
    }
  });

  it('orients from EXIF, turns CMYK into sRGB, strips metadata and lays transparency on the background', async () => {
    const sideways = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#2a6' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const cmyk = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#d22' } })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const transparent = await sharp({
      create: { width: 200, height: 200, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const [a, b, c] = await Promise.all([
      upload(t, w.commsA.token, sideways, {}, 'xoay.jpg'),
      upload(t, w.commsA.token, cmyk, {}, 'cmyk.jpg'),
      upload(t, w.commsA.token, transparent, { background: '#ff0000' }, 'trong-suot.png'),
    ]);
    const turned = await settled(t, w.commsA.token, a.body.id);
    expect([turned.width, turned.height]).toEqual([200, 400]);
    const portrait = turned.renditions.find((r) => r.profiles.includes('elevator-1080x1920') && r.format === 'jpeg')!;
    const portraitMeta = await sharp(await download(t, portrait.url)).metadata();
    expect(portraitMeta.orientation).toBeUndefined();
    expect(portraitMeta.exif).toBeUndefined();
    // the picture itself is turned: a 200×400 source needs a portrait canvas only 400 high
    expect([portrait.width, portrait.height]).toEqual([225, 400]);

    const converted = await settled(t, w.commsA.token, b.body.id);
    for (const rendition of converted.renditions) {
      const meta = await sharp(await download(t, rendition.url)).metadata();
      expect([rendition.format, meta.space, meta.icc]).toEqual([rendition.format, 'srgb', undefined]);
    }

    const laid = await settled(t, w.commsA.token, c.body.id);
    const jpeg = laid.renditions.find((r) => r.format === 'jpeg' && r.profiles.includes('led-768x384'))!;
    const { data } = await sharp(await download(t, jpeg.url))
      .raw()
      .toBuffer({ resolveWithObject: true });
    // the transparent middle and the letterbox both show the creative's background, red
    const middle = ((jpeg.height! >> 1) * jpeg.width! + (jpeg.width! >> 1)) * 3;
    expect(data[middle]).toBeGreaterThan(230);
    expect(data[middle + 2]).toBeLessThan(30);
    expect(data[0]).toBeGreaterThan(230);
  });

  it('serves files with their type, a strong ETag, immutable caching and byte ranges', async () => {
    const clip = ready.get('clip-1080p-6s.mp4')!;
    const rendition = clip.renditions.find((r) => r.purpose === 'display' && r.width === 1080)!;
    const whole = await t.http().get(rendition.url);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers.etag).toBe(`"${rendition.sha256}"`);
    expect(whole.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(Number(whole.headers['content-length'])).toBe(rendition.byteSize);
    const bytes = await download(t, rendition.url);

    const part = await t.http().get(rendition.url).set('Range', 'bytes=100-1123').buffer(true);
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1123/${rendition.byteSize}`);
    expect(Number(part.headers['content-length'])).toBe(1024);

    const tail = await t.http().get(rendition.url).set('Range', 'bytes=-500');
    expect(tail.status).toBe(206);
    expect(tail.headers['content-range']).toBe(
      `bytes ${rendition.byteSize - 500}-${rendition.byteSize - 1}/${rendition.byteSize}`,
    );

    const resumed = await t
      .http()
      .get(rendition.url)
      .set('Range', `bytes=${rendition.byteSize - 10}-`);
    expect(resumed.status).toBe(206);
    expect(Number(resumed.headers['content-length'])).toBe(10);

    const beyond = await t.http().get(rendition.url).set('Range', `bytes=${rendition.byteSize}-`);
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${rendition.byteSize}`);

    const cached = await t.http().get(rendition.url).set('If-None-Match', `"${rendition.sha256}"`);
    expect(cached.status).toBe(304);
    const staleIfRange = await t.http().get(rendition.url).set('Range', 'bytes=0-9').set('If-Range', '"other"');
    expect(staleIfRange.status).toBe(200);

    const head = await t.http().head(rendition.url);
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(rendition.byteSize);
    expect(bytes.length).toBe(rendition.byteSize);

    const image = ready.get('poster-landscape-1920x1080.jpg')!.renditions.find((r) => r.format === 'webp')!;
    expect((await t.http().get(image.url)).headers['content-type']).toBe('image/webp');

    expect((await t.http().get(`/media/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await t.http().get('/media/not-a-hash')).status).toBe(404);
  });

  it('stores the same bytes once, and deletes them only with the last creative that uses them', async () => {
    const before = mediaFiles(t);
    const first = ready.get('poster-landscape-1920x1080.jpg')!;
    const again = await upload(t, w.commsA.token, fixture('poster-landscape-1920x1080.jpg'), { title: 'Bản sao' });
    expect(again.status).toBe(202);
    const second = await settled(t, w.commsA.token, (again.body as { id: string }).id);
    expect(second.status).toBe('ready');
    expect(second.sha256).toBe(first.sha256);
    // same source, same settings: the very same renditions, stored once
    expect(second.renditions.map((r) => r.sha256).sort()).toEqual(first.renditions.map((r) => r.sha256).sort());
    expect(mediaFiles(t)).toEqual(before);

    expect((await t.http().delete(`/api/creatives/${second.id}`).auth(w.commsA.token, { type: 'bearer' })).status).toBe(
      204,
    );
    expect(mediaFiles(t)).toEqual(before);
    expect((await t.http().get(first.originalUrl!)).status).toBe(200);

    expect((await t.http().delete(`/api/creatives/${first.id}`).auth(w.commsA.token, { type: 'bearer' })).status).toBe(
      204,
    );
    const after = mediaFiles(t);
    for (const sha of [first.sha256!, ...first.renditions.map((r) => r.sha256)]) {
      expect(after.some((path) => path.endsWith(sha))).toBe(false);
    }
    expect((await t.http().get(first.originalUrl!)).status).toBe(404);
  });
});

describe('media library: health names ffmpeg', () => {
  it('reports which ffmpeg and ffprobe are used', async () => {
    const { startTestApp } = await import('./support/test-app.js');
    const t = await startTestApp('sqlite');
    try {
      const res = await t.http().get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body.info.ffmpeg).toMatchObject({
        status: 'up',
        source: expect.any(String),
        version: expect.any(String),
      });
      expect(res.body.info.ffmpeg.ffprobe.path).toMatch(/ffprobe/);
    } finally {
      await t.close();
    }
  });
});
