/* global document, caches */
// npm run bench:player — the browser player's weight and how fast it starts from its cache:
// the bundle gzipped without and with socket.io-client (and the service worker), then, in real
// headless Chromium (CHROMIUM_PATH) against the built server, the time from a reload with no
// network to the first frame of the poster on screen, served by the service worker.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { api, approvedPoster, freePort, startProdFlags } from './support.mjs';

const ROOT = join(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ADMIN = { email: 'admin@loa.local', password: 'bench-mat-khau-2020' };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 1. weight: the shipped bundle, the same without socket.io-client, and the service worker
async function gzipped(entry, external = []) {
  const result = await build({
    entryPoints: [join(ROOT, 'player', 'src', entry)],
    bundle: true,
    minify: true,
    target: 'es2017',
    format: 'iife',
    write: false,
    external,
    alias: { '@loa/protocol': join(ROOT, 'libs', 'protocol', 'src', 'index.ts') },
  });
  return gzipSync(result.outputFiles[0].contents).length / 1024;
}
const ownKb = await gzipped('main.ts', ['socket.io-client']);
const fullKb = await gzipped('main.ts');
const workerKb = await gzipped('sw.ts');
const totalKb = fullKb + workerKb;
console.log(
  `bundle gzipped: player ${ownKb.toFixed(1)} KB without socket.io-client, ${fullKb.toFixed(1)} KB with it; service worker ${workerKb.toFixed(1)} KB; total ${totalKb.toFixed(1)} KB`,
);

// 2. first frame from the cache after a reload with no network
let firstFrameMs = NaN;
if (!process.env.CHROMIUM_PATH) {
  console.log('first frame SKIPPED: set CHROMIUM_PATH (e.g. /usr/bin/chromium) to measure it in headless Chromium');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'loa-bench-player-'));
  const port = await freePort();
  const server = spawn(process.execPath, [...startProdFlags(), join(ROOT, 'apps', 'server', 'dist', 'main.js')], {
    cwd: dir,
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      AUTH_SECRET: randomBytes(36).toString('base64'),
      DATABASE_URL: `sqlite:${join(dir, 'loa.db')}`,
      MEDIA_DIR: join(dir, 'media'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
    },
  });
  const base = `http://127.0.0.1:${port}`;
  let browser;
  try {
    for (let i = 0; ; i++) {
      if (
        await fetch(`${base}/api/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 600) throw new Error('the server did not become healthy');
      await sleep(100);
    }
    const http = api(base, ADMIN);
    await http.login();
    const province = await http.post('/api/organisations', { name: 'Tỉnh Bắc Kạn', kind: 'province' });
    const creative = await approvedPoster(http, province.id);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
    });
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${base}/player/`);
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="pairing-code"]')?.textContent ?? '').length === 6,
    );
    const code = await page.getByTestId('pairing-code').textContent();
    const claim = await http.post('/api/screens/claim', {
      code,
      name: 'Bến xe khách Bắc Kạn',
      kind: 'transit',
      organisationId: province.id,
      localityId: province.id,
    });
    await http.post('/api/playlist-entries', { creativeId: creative.id, screenId: claim.screen.id });
    const shown = (id) =>
      page.waitForFunction(
        (creativeId) => {
          const img = document.querySelector(`#stage img[data-creative-id="${creativeId}"]`);
          return img && img.complete && img.naturalWidth > 0 ? performance.now() : false;
        },
        id,
        { polling: 'raf', timeout: 15_000 },
      );
    await shown(creative.id);
    const src = await page.locator('#stage img').getAttribute('src');
    await page.waitForFunction(
      async (url) => (await caches.open('loa-media').then((c) => c.match(url))) !== undefined,
      src,
    );
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    const rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      await page.reload();
      // performance.now() counts from the navigation's start: reload to a painted, decoded poster
      const ms = await (await shown(creative.id)).jsonValue();
      rounds.push(ms);
      console.log(`first frame after an offline reload, round ${r + 1}: ${ms.toFixed(0)} ms`);
    }
    firstFrameMs = median(rounds);
  } finally {
    await browser?.close();
    server.kill('SIGTERM');
    await sleep(500);
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `player bundle_gz_kb=${ownKb.toFixed(1)} total_gz_kb=${totalKb.toFixed(1)} first_frame_ms=${Number.isNaN(firstFrameMs) ? 'skipped' : firstFrameMs.toFixed(0)}`,
);
