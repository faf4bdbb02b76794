import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { describeEachEngine } from './support/engines.js';
import { startSeededApp, type World } from './support/fixtures.js';
import { ffmpeg, fixture, mediaFiles, mediaFilesOnceReleased, settled, upload } from './support/media.js';
import type { TestApp } from './support/test-app.js';

/** A real PNG whose header claims 30000×30000 pixels: decoding it would need 3.6 GB. */
async function pixelBomb(): Promise<Buffer> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } })
    .png()
    .toBuffer();
  const ihdr = png.indexOf('IHDR');
  png.writeUInt32BE(30000, ihdr + 4);
  png.writeUInt32BE(30000, ihdr + 8);
  png.writeUInt32BE(crc32(png.subarray(ihdr, ihdr + 17)), ihdr + 17);
  return png;
}

interface BadInput {
  readonly name: string;
  readonly file: () => Promise<Buffer> | Buffer;
  readonly status: number;
  readonly reason: string;
  readonly message: RegExp;
}

describeEachEngine('media library: bad input is refused and leaves nothing behind', (engine) => {
  let t: TestApp;
  let w: World;
  let dir: string;

  beforeAll(async () => {
    ({ t, w } = await startSeededApp(engine, {}, { UPLOAD_MAX_IMAGE_BYTES: '1MB', MEDIA_MAX_DURATION: '10s' }));
    dir = mkdtempSync(join(tmpdir(), 'loa-bad-'));
    await ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=2',
      '-c:a',
      'aac',
      '-f',
      'mp4',
      join(dir, 'audio-only.mp4'),
    );
    await ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x90:rate=25:duration=0.2',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      join(dir, 'blip.mp4'),
    );
    await ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x90:rate=10:duration=12',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      join(dir, 'long.mp4'),
    );
    await ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=25:duration=2',
      '-c:v',
      'mpeg4',
      join(dir, 'mpeg4.mp4'),
    );
    // index at the end, as cameras write it: cut short, the index is lost
    await ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=25:duration=3',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      join(dir, 'camera.mp4'),
    );
    await ffmpeg(
      '-i',
      fixture('clip-1080p-6s.mp4'),
      '-c',
      'copy',
      '-movflags',
      '+faststart',
      join(dir, 'faststart.mp4'),
    );
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: BadInput[] = [
    {
      name: 'a program renamed .mp4',
      file: () => readFileSync('/bin/ls'),
      status: 415,
      reason: 'not_media',
      message: /not an image, video or audio file/,
    },
    {
      name: 'text renamed .jpg',
      file: () => Buffer.from('Cài đặt Bluezone!\n'.repeat(50)),
      status: 415,
      reason: 'not_media',
      message: /not an image/,
    },
    {
      name: 'an HTML page renamed .png',
      file: () => Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
      status: 415,
      reason: 'not_media',
      message: /not an image/,
    },
    {
      name: 'an SVG with a script',
      file: () =>
        Buffer.from(
          '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>fetch("//evil")</script><rect width="10" height="10"/></svg>',
        ),
      status: 415,
      reason: 'svg',
      message: /SVG files are not accepted/,
    },
    {
      name: 'a PDF',
      file: () => Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'),
      status: 415,
      reason: 'not_media',
      message: /not an image/,
    },
    {
      name: 'a ZIP renamed .mp4',
      file: () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), Buffer.alloc(200, 1)]),
      status: 415,
      reason: 'not_media',
      message: /not an image/,
    },
    {
      name: 'a TIFF',
      file: () =>
        sharp({ create: { width: 16, height: 16, channels: 3, background: '#fff' } })
          .tiff()
          .toBuffer(),
      status: 415,
      reason: 'format_not_accepted',
      message: /TIF files are not accepted/,
    },
    { name: 'zero bytes', file: () => Buffer.alloc(0), status: 422, reason: 'empty', message: /empty/ },
    {
      name: 'a pixel bomb',
      file: pixelBomb,
      status: 422,
      reason: 'pixel_cap',
      message: /30000×30000 pixels, more than the 100 megapixels/,
    },
    {
      name: 'an image over the size limit',
      file: () =>
        sharp(Buffer.from(Array.from({ length: 1200 * 1200 * 3 }, (_, i) => (i * 7919) % 251)), {
          raw: { width: 1200, height: 1200, channels: 3 },
        })
          .jpeg({ quality: 100 })
          .toBuffer(),
      status: 413,
      reason: 'too_large',
      message: /image files may be at most 1 MB/,
    },
    {
      name: 'a clip with no video',
      file: () => readFileSync(join(dir, 'audio-only.mp4')),
      status: 422,
      reason: 'no_video_stream',
      message: /no picture/,
    },
    {
      name: 'a clip too short to show',
      file: () => readFileSync(join(dir, 'blip.mp4')),
      status: 422,
      reason: 'duration',
      message: /out of range/,
    },
    {
      name: 'a clip longer than allowed',
      file: () => readFileSync(join(dir, 'long.mp4')),
      status: 422,
      reason: 'duration',
      message: /\(12 s\) is out of range: from 0.5 s to 10 s/,
    },
    {
      name: 'a clip in MPEG-4 Part 2',
      file: () => readFileSync(join(dir, 'mpeg4.mp4')),
      status: 422,
      reason: 'video_codec',
      message: /encoded as mpeg4/,
    },
    {
      name: 'a camera clip cut short (index lost)',
      file: () => {
        const bytes = readFileSync(join(dir, 'camera.mp4'));
        return bytes.subarray(0, Math.floor(bytes.length / 2));
      },
      status: 422,
      reason: 'unreadable',
      message: /damaged or incomplete/,
    },
  ];

  it.each(cases)('refuses $name with $status and a clear reason, keeping no file', async (bad) => {
    const res = await upload(t, w.commsA.token, await bad.file(), {}, `file-${bad.reason}.mp4`);
    expect([res.status, res.body.details?.reason]).toEqual([bad.status, bad.reason]);
    expect(res.body.message).toMatch(bad.message);
    expect(mediaFiles(t)).toEqual([]);
    const list = await t.http().get('/api/creatives').auth(w.commsA.token, { type: 'bearer' });
    expect(list.body.total).toBe(0);
  });

  it('says it in Vietnamese too', async () => {
    const res = await upload(t, w.commsA.token, Buffer.from('không phải ảnh'), {}, 'anh.jpg').set(
      'Accept-Language',
      'vi',
    );
    expect(res.status).toBe(415);
    expect(res.body.message).toMatch(/không phải ảnh, video hay âm thanh/);
  });

  it('refuses a request without a file, or not multipart at all', async () => {
    const noFile = await t.http().post('/api/creatives').auth(w.commsA.token, { type: 'bearer' }).field('title', 'x');
    expect(noFile.status).toBe(400);
    expect(noFile.body.message).toMatch(/no file/);
    const json = await t.http().post('/api/creatives').auth(w.commsA.token, { type: 'bearer' }).send({ title: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.message).toMatch(/multipart/);
    const badFields = await upload(t, w.commsA.token, fixture('led-768x384.webp'), { fit: 'stretch', colour: 'red' });
    expect(badFields.status).toBe(400);
    expect(badFields.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['colour', 'fit']);
    expect(mediaFiles(t)).toEqual([]);
  });

  it('keeps nothing of a multipart upload whose connection drops halfway', async () => {
    const clip = readFileSync(fixture('clip-1080p-6s.mp4'));
    const boundary = 'loa-boundary-2020';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    await new Promise<void>((resolve) => {
      const request = http.request(new URL('/api/creatives', t.url), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${w.commsA.token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + clip.length + 100),
        },
      });
      request.on('error', () => resolve());
      request.write(Buffer.concat([head, clip.subarray(0, 1024 * 1024)]), () =>
        setTimeout(() => {
          request.destroy();
          resolve();
        }, 300),
      );
    });
    expect(await mediaFilesOnceReleased(t)).toEqual([]);
    // the server runs in this process: no descriptor still holds the deleted scratch file
    const open = readdirSync('/proc/self/fd').map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    });
    expect(open.filter((target) => target.includes(join(t.dir, 'media')))).toEqual([]);
    const list = await t.http().get('/api/creatives?kind=video').auth(w.commsA.token, { type: 'bearer' });
    expect(list.body.total).toBe(0);
  });

  it('refuses a clip cut short after its index, once processing finds frames missing, and deletes it', async () => {
    const whole = readFileSync(join(dir, 'faststart.mp4'));
    const res = await upload(t, w.commsA.token, whole.subarray(0, Math.floor(whole.length * 0.6)), {}, 'cut.mp4');
    expect(res.status).toBe(202);
    const failed = await settled(t, w.commsA.token, res.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure?.message).toMatch(/damaged or incomplete|Processing failed/);
    expect(failed.sha256).toBeNull();
    expect(failed.renditions).toEqual([]);
    expect(await mediaFilesOnceReleased(t)).toEqual([]);
  });

  it('refuses a JPEG whose header is fine but whose picture is garbage, once decoding fails, and deletes it', async () => {
    const jpeg = readFileSync(fixture('poster-landscape-1920x1080.jpg'));
    const corrupt = Buffer.concat([jpeg.subarray(0, 2000), Buffer.alloc(jpeg.length - 2000, 0x55)]);
    const res = await upload(t, w.commsA.token, corrupt, {}, 'poster.jpg');
    expect(res.status).toBe(202);
    const failed = await settled(t, w.commsA.token, res.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toEqual({
      reason: 'unreadable',
      message: 'The file is damaged or incomplete and cannot be read.',
    });
    expect(await mediaFilesOnceReleased(t)).toEqual([]);
  });

  it('goes by content, not by name: a JPEG called .mp4 is an image', async () => {
    const res = await upload(
      t,
      w.commsA.token,
      readFileSync(fixture('poster-landscape-1920x1080.jpg')),
      {},
      'clip.mp4',
    );
    expect(res.status).toBe(202);
    const creative = await settled(t, w.commsA.token, res.body.id);
    expect([creative.status, creative.kind, creative.width]).toEqual(['ready', 'image', 1920]);
  });
});
