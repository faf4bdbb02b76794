// Media pipeline against the bare tools, in the same run, so the overhead shows as a ratio:
// sharp's own benchmark task through Loa's image path, renditions per poster, ffprobe, a poster
// frame, a 30 s 1080p transcode, and API latency idle and while four clips are processed.
// Everything stays on 127.0.0.1; every loop is bounded. Run: npm run bench:media
import 'reflect-metadata';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { posterFrameArgs, probeArgs, transcodeClipArgs } from '@loa/media-plan';
import { createApp } from '../apps/server/dist/app.factory.js';
import { parseConfig } from '../apps/server/dist/config/config.schema.js';
import { locateFfmpeg } from '../apps/server/dist/media/ffmpeg-locator.js';
import { FfmpegService } from '../apps/server/dist/media/ffmpeg.service.js';
import { ImageService } from '../apps/server/dist/media/image.service.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const IN_FLIGHT = 2;
const CACHE = join(import.meta.dirname, '.cache');
mkdirSync(CACHE, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'loa-bench-media-'));

const binaries = await locateFfmpeg({}, process.env.PATH);
const run = (args) =>
  new Promise((resolve, reject) => {
    const child = spawn(binaries.ffmpeg.path, args, { stdio: 'ignore' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}`))));
  });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const time = async (task) => {
  const t0 = performance.now();
  await task();
  return performance.now() - t0;
};
const fmt = (n, digits = 2) => Number(n.toFixed(digits));

/** As many tasks as fit in the window, IN_FLIGHT at a time; operations per second. */
async function throughput(task) {
  const until = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < until) {
        await task();
        done += 1;
      }
    }),
  );
  return done / SECONDS;
}

// --- inputs, made once and cached ---
const jpeg = join(CACHE, 'sharp-2725x2225.jpg');
if (!existsSync(jpeg)) {
  // sharp's published task uses a 2725×2225 photo; a detailed synthetic picture decodes alike
  const noise = Buffer.alloc(2725 * 2225 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  await sharp(noise, { raw: { width: 2725, height: 2225, channels: 3 } })
    .blur(1.2)
    .jpeg({ quality: 90 })
    .toFile(jpeg);
}
const clip = join(CACHE, 'clip-1080p-30s.mp4');
if (!existsSync(clip)) {
  console.log('making a 30 s 1080p clip (once)…');
  await run([
    '-hide_banner',
    '-nostdin',
    '-y',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1920x1080:rate=30:duration=30',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=30',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '23',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    clip,
  ]);
}

// --- images: Loa's path (one libvips thread per image) against bare sharp with its defaults ---
const input = readFileSync(jpeg);
const images = new ImageService(100_000_000);
// as the processor does: the header once per creative, then each rendition
const { hasAlpha } = await images.header(input);
const bareTask = () => sharp(input).resize(720, 588).jpeg({ quality: 80 }).toBuffer();
const loaTask = () =>
  images.render(input, { width: 720, height: 588, fit: 'cover', background: '#000000', flatten: hasAlpha }, 'jpeg', 80);
// alternating rounds, so drift in the machine's speed falls on both alike
const bareRounds = [];
const loaRounds = [];
for (let round = 0; round < 3; round++) {
  bareRounds.push(await throughput(bareTask));
  loaRounds.push(await throughput(loaTask));
}
const bareSharp = median(bareRounds);
const loaSharp = median(loaRounds);
console.log(`images: bare sharp ${fmt(bareSharp)}/s, Loa ${fmt(loaSharp)}/s (${IN_FLIGHT} in flight)`);

// --- probe, poster frame, transcode: Loa's runner against the same binary with the same arguments ---
const ffmpeg = new FfmpegService(binaries, 10);
const bareProbe = [];
const loaProbe = [];
for (let i = 0; i < 15; i++) {
  bareProbe.push(await time(() => promisify(execFile)(binaries.ffprobe.path, probeArgs(clip))));
  loaProbe.push(await time(() => ffmpeg.probe(clip)));
}
const probeMs = median(loaProbe);
const bareProbeMs = median(bareProbe);
console.log(`probe: bare ${fmt(bareProbeMs)} ms, Loa ${fmt(probeMs)} ms`);

const posterArgs = (out) => posterFrameArgs(clip, out, 15, { width: 1920, height: 1080 });
const barePoster = [];
const loaPoster = [];
for (let i = 0; i < 5; i++) {
  barePoster.push(await time(() => run(posterArgs(join(work, 'bare.jpg')))));
  loaPoster.push(await time(() => ffmpeg.run(posterArgs(join(work, 'loa.jpg')))));
}
const posterMs = median(loaPoster);
const barePosterMs = median(barePoster);
console.log(`poster frame at 15 s: bare ${fmt(barePosterMs)} ms, Loa ${fmt(posterMs)} ms`);

const transcode = (out) => transcodeClipArgs(clip, out, { width: 1920, height: 1080 }, { num: 30, den: 1 });
const bareTranscodeMs = await time(() => run(transcode(join(work, 'bare.mp4'))));
const loaTranscodeMs = await time(() => ffmpeg.run(transcode(join(work, 'loa.mp4')), { durationSeconds: 30 }));
const bareX = 30_000 / bareTranscodeMs;
const loaX = 30_000 / loaTranscodeMs;
console.log(`transcode 30 s 1080p: bare ${fmt(bareX)}× realtime, Loa ${fmt(loaX)}× realtime`);

// --- the whole server: renditions per poster, and API latency idle and busy ---
const ADMIN = { email: 'bench@loa.local', password: 'bench-password-2020' };
const app = await createApp(
  parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${join(work, 'loa.db')}`,
    DATA_DIR: join(work, 'data'),
    MEDIA_DIR: join(work, 'media'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_THROTTLE_LIMIT: '10000',
    PATH: process.env.PATH,
  }),
);
await app.listen(0, '127.0.0.1');
const base = await app.getUrl();
const api = async (path, init = {}) => {
  const res = await fetch(`${base}${path}`, init);
  const body = await res.json();
  if (res.status >= 400) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
};
const { accessToken } = await api('/api/auth/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(ADMIN),
});
const auth = { authorization: `Bearer ${accessToken}` };
const province = await api('/api/organisations', {
  method: 'POST',
  headers: { ...auth, 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'Tỉnh Bắc Kạn', kind: 'province' }),
});
const uploadFile = async (path, name, type) => {
  const form = new FormData();
  form.set('organisationId', province.id);
  form.set('file', new Blob([readFileSync(path)], { type }), name);
  return api('/api/creatives', { method: 'POST', headers: auth, body: form });
};
const waitReady = async (id) => {
  for (;;) {
    const creative = await api(`/api/creatives/${id}`, { headers: auth });
    if (creative.status !== 'processing') return creative;
    await new Promise((r) => setTimeout(r, 20));
  }
};

const posterFile = existsSync(join(import.meta.dirname, '../test/fixtures/media/poster-4k-3840x2160.jpg'))
  ? join(import.meta.dirname, '../test/fixtures/media/poster-4k-3840x2160.jpg')
  : jpeg;
const posterTimes = [];
let renditions = 0;
for (let i = 0; i < 3; i++) {
  // a different background each time, so nothing is shared with the previous round
  const t0 = performance.now();
  const accepted = await uploadFile(posterFile, `poster-${i}.jpg`, 'image/jpeg');
  const ready = await waitReady(accepted.id);
  posterTimes.push(performance.now() - t0);
  renditions = ready.renditions.length;
  await fetch(`${base}/api/creatives/${accepted.id}`, { method: 'DELETE', headers: auth });
}
const posterAllMs = median(posterTimes);
console.log(`4K poster → ${renditions} renditions for all profiles: ${fmt(posterAllMs)} ms`);

async function latencies(count, until) {
  const out = [];
  for (let i = 0; i < count && (!until || until()); i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/auth/me`, { headers: auth });
    await res.arrayBuffer();
    out.push(performance.now() - t0);
  }
  out.sort((a, b) => a - b);
  return out;
}
const p99 = (sorted) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
await latencies(100);
const idle = await latencies(1000);
const busyUploads = await Promise.all(
  Array.from({ length: 4 }, (_, i) => uploadFile(clip, `clip-${i}.mp4`, 'video/mp4')),
);
await new Promise((r) => setTimeout(r, 500));
const jobs = app.get((await import('../apps/server/dist/creatives/media-jobs.js')).MediaJobs);
const busy = await latencies(1000, () => jobs.size > 0);
console.log(
  `API GET /api/auth/me p99: idle ${fmt(p99(idle))} ms (${idle.length} requests), ` +
    `while ${busyUploads.length} clips process ${fmt(p99(busy))} ms (${busy.length} requests, ${jobs.size} jobs left)`,
);
await app.close();
rmSync(work, { recursive: true, force: true });

console.log(
  `media sharp_ops_s=${fmt(loaSharp)} sharp_ratio=${fmt(loaSharp / bareSharp)} probe_ms=${fmt(probeMs)} ` +
    `probe_ratio=${fmt(probeMs / bareProbeMs)} poster_ms=${fmt(posterMs)} poster_ratio=${fmt(posterMs / barePosterMs)} ` +
    `transcode_x_realtime=${fmt(loaX)} transcode_ratio=${fmt(loaX / bareX)} ` +
    `api_p99_idle_ms=${fmt(p99(idle))} api_p99_busy_ms=${fmt(p99(busy))} ` +
    `poster_renditions=${renditions} poster_all_profiles_ms=${fmt(posterAllMs)}`,
);
