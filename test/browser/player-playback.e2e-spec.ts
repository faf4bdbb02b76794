/// <reference lib="dom" />
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { describeInChromium, pairPlayer, startBrowserWorld, stopBrowserWorld } from '../support/chromium.js';
import { asUser, type SeededUser, type World } from '../support/fixtures.js';
import { approvedCreative, busStationIn } from '../support/screens.js';
import type { TestApp } from '../support/test-app.js';

const BUNDLE = fileURLToPath(new URL('../../player/dist/player.js', import.meta.url));
/** With UPDATE_SCREENSHOTS=1 the zones test saves what the screen shows, for the README. */
const SCREENSHOT = fileURLToPath(new URL('../../docs/screenshots/player.png', import.meta.url));
const SLOT_SECONDS = 2;

/** A poster of one colour with Vietnamese text on it (a second, smaller line if given), as PNG. */
async function poster(colour: string, text: string, size = { width: 768, height: 384 }, subline = ''): Promise<Buffer> {
  const { width, height } = size;
  const em = Math.round(height / 8);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <text x="${width / 2}" y="${height / 2 + em / 3}" font-family="sans-serif" font-size="${em}" font-weight="700" fill="#fff" text-anchor="middle">${text}</text>
    <text x="${width / 2}" y="${height / 2 + em * 1.6}" font-family="sans-serif" font-size="${Math.round(em / 2)}" fill="#fff" text-anchor="middle">${subline}</text>
  </svg>`;
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .composite([{ input: Buffer.from(svg) }])
    .png()
    .toBuffer();
}

/** Share of a frame's pixels that are black (luma under 24 of 255), read from a small copy of it. */
async function blackShare(jpeg: Buffer): Promise<number> {
  const pixels = await sharp(jpeg).resize(64, 36, { fit: 'fill' }).greyscale().raw().toBuffer();
  return pixels.filter((v) => v < 24).length / pixels.length;
}

/** Which poster a frame shows, by its dominant channel. */
async function tintOf(jpeg: Buffer): Promise<'red' | 'blue' | 'other'> {
  const { channels } = await sharp(jpeg).stats();
  const [r, , b] = channels.map((c) => c.mean);
  if (r > b + 40) return 'red';
  if (b > r + 40) return 'blue';
  return 'other';
}

/** Every frame the compositor produces while `during` runs, as JPEG (Chrome DevTools screencast). */
async function framesWhile(context: BrowserContext, page: Page, during: () => Promise<void>): Promise<Buffer[]> {
  const cdp = await context.newCDPSession(page);
  const frames: Buffer[] = [];
  cdp.on('Page.screencastFrame', (frame) => {
    frames.push(Buffer.from(frame.data, 'base64'));
    void cdp.send('Page.screencastFrameAck', { sessionId: frame.sessionId }).catch(() => undefined);
  });
  await cdp.send('Page.startScreencast', { format: 'jpeg', quality: 70, maxWidth: 640, maxHeight: 360 });
  // the screencast's first frame can come from a surface not painted yet: it is not the page's
  const started = Date.now();
  while (frames.length === 0 && Date.now() - started < 2000) await page.waitForTimeout(20);
  frames.length = 0;
  await during();
  await cdp.send('Page.stopScreencast');
  await cdp.detach();
  return frames;
}

describeInChromium('browser player: plan order, timing and gapless switching in Chromium', () => {
  let t: TestApp;
  let w: World;
  let operator: SeededUser;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, w, operator, browser } = await startBrowserWorld(BUNDLE, { email: 'kt@babe.gov.vn' }));
    // short slots, so switches come every two seconds
    const policy = await t
      .http()
      .put('/api/loop-policies/kind:transit')
      .auth(w.rootToken, { type: 'bearer' })
      .send({ loopSeconds: 60, slotSeconds: SLOT_SECONDS });
    expect(policy.status).toBe(200);
  });

  afterAll(() => stopBrowserWorld({ t, browser }));

  it('plays the plan in order at its times, and no frame between two posters is black', async () => {
    const red = await approvedCreative(t, w, 'Áp phích đỏ', w.commsA, {
      body: await poster('#c62828', 'Cài đặt Bluezone'),
      name: 'do.png',
    });
    const blue = await approvedCreative(t, w, 'Áp phích xanh', w.commsA, {
      body: await poster('#1565c0', 'Khai báo y tế'),
      name: 'xanh.png',
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    let screenId = '';
    await pairPlayer(page, t.url, async (code) => {
      const claim = await asUser(t, operator.token).post('/api/screens/claim', {
        code,
        // a 16:9 transit screen, as the page is: the posters' files are made for it
        ...busStationIn(w),
      });
      expect(claim.status).toBe(201);
      screenId = (claim.body as { screen: { id: string } }).screen.id;
    });
    for (const creativeId of [red, blue]) {
      expect((await asUser(t, operator.token).post('/api/playlist-entries', { creativeId, screenId })).status).toBe(
        201,
      );
    }
    // both posters downloaded and one of them on screen
    await page.waitForFunction(
      async () => (await caches.open('loa-media').then((c) => c.keys())).length === 2,
      undefined,
      { timeout: 15_000 },
    );
    await page.waitForFunction(() => document.getElementById('stage')?.dataset.creativeId !== undefined, undefined, {
      timeout: 15_000,
    });

    // what is on screen, sampled every 50 ms for four switches, while the compositor's frames are kept
    let samples: [number, string | null][] = [];
    const frames = await framesWhile(context, page, async () => {
      samples = await page.evaluate(
        (ms) =>
          new Promise<[number, string | null][]>((resolve) => {
            const out: [number, string | null][] = [];
            const timer = setInterval(() => {
              out.push([Date.now(), document.getElementById('stage')?.dataset.creativeId ?? null]);
              if (out.length * 50 >= ms) {
                clearInterval(timer);
                resolve(out);
              }
            }, 50);
          }),
        SLOT_SECONDS * 4 * 1000 + 500,
      );
    });

    // order and timing: away from the edges, the page shows what the server's plan says
    const from = new Date(samples[0][0] - 5000).toISOString();
    const to = new Date(samples[samples.length - 1][0] + 5000).toISOString();
    const schedule = await asUser(t, operator.token).get(`/api/screens/${screenId}/schedule?from=${from}&to=${to}`);
    expect(schedule.status).toBe(200);
    const planned = (schedule.body as { plays: { start: string; end: string; creativeId: string }[] }).plays.map(
      (p) => ({ start: Date.parse(p.start), end: Date.parse(p.end), creativeId: p.creativeId }),
    );
    expect(new Set(planned.map((p) => p.creativeId))).toEqual(new Set([red, blue]));
    let checked = 0;
    for (const [at, shown] of samples) {
      const play = planned.find((p) => p.start <= at && at < p.end)!;
      if (at - play.start < 300 || play.end - at < 300) continue;
      expect({ at: new Date(at).toISOString(), shown }).toEqual({
        at: new Date(at).toISOString(),
        shown: play.creativeId,
      });
      checked++;
    }
    expect(checked).toBeGreaterThan(samples.length / 2);
    const switches = samples.filter((s, i) => i > 0 && s[1] !== samples[i - 1][1]).length;
    expect(switches).toBeGreaterThanOrEqual(3);

    // gapless: every frame shows a poster, and both posters were among them
    expect(frames.length).toBeGreaterThan(4);
    const shares = await Promise.all(frames.map(blackShare));
    expect(shares.filter((share) => share > 0.9)).toEqual([]);
    const tints = new Set(await Promise.all(frames.map(tintOf)));
    expect(tints.has('red') && tints.has('blue')).toBe(true);
    await context.close();
  });

  it('skips and reports an item whose file could not be downloaded, and keeps the screen lit meanwhile', async () => {
    const green = await approvedCreative(t, w, 'Áp phích xanh lá', w.commsA, {
      body: await poster('#2e7d32', 'Đeo khẩu trang'),
      name: 'xanh-la.png',
    });
    const broken = await approvedCreative(t, w, 'Áp phích không tải được', w.commsA, {
      body: await poster('#6a1b9a', 'Rửa tay'),
      name: 'tim.png',
    });
    const files = (await asUser(t, operator.token).get(`/api/creatives/${broken}`)).body as {
      renditions: { url: string }[];
    };
    // its files never arrive (no service worker here, so the page's own requests are the ones cut)
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
    const cut = new Set(files.renditions.map((r) => r.url));
    await context.route('**/media/**', (route) =>
      cut.has(new URL(route.request().url()).pathname) ? route.abort('connectionreset') : route.continue(),
    );
    const page = await context.newPage();
    let screenId = '';
    await pairPlayer(page, t.url, async (code) => {
      const claim = await asUser(t, operator.token).post('/api/screens/claim', {
        code,
        ...busStationIn(w, { name: 'Bến xe Bắc Kạn – quầy vé' }),
      });
      screenId = (claim.body as { screen: { id: string } }).screen.id;
    });
    for (const creativeId of [green, broken]) {
      await asUser(t, operator.token).post('/api/playlist-entries', { creativeId, screenId });
    }
    const shown = new Set<string>();
    const rows = async () =>
      t.app
        .get(DataSource)
        .query<{ creativeId: string; outcome: string; note: string | null }[]>(
          `SELECT "creativeId", outcome, note FROM plays WHERE "screenId" = '${screenId}'`,
        );
    const until = Date.now() + 30_000;
    let plays = await rows();
    // (green's first play may come before its file did: skipped too, which is right)
    while (!(
      plays.some((p) => p.creativeId === broken && p.note === 'not_cached') &&
      plays.some((p) => p.creativeId === green && p.outcome !== 'skipped')
    )) {
      if (Date.now() > until) throw new Error(`no plays of both posters yet: ${JSON.stringify(plays)}`);
      shown.add((await page.evaluate(() => document.getElementById('stage')?.dataset.creativeId)) ?? 'nothing');
      await new Promise((resolve) => setTimeout(resolve, 200));
      plays = await rows();
    }
    // every play of the broken poster skipped: as not cached once its download failed, or as not
    // ready when the play ended before the player had found its file missing (a play joined late)
    const brokenPlays = plays.filter((p) => p.creativeId === broken);
    for (const p of brokenPlays)
      expect(['skipped not_cached', 'skipped not_ready']).toContain(`${p.outcome} ${p.note}`);
    expect(plays.some((p) => p.creativeId === green && p.outcome !== 'skipped')).toBe(true);
    // the broken poster never reached the screen; the green one stayed up through its slots
    expect(shown.has(broken)).toBe(false);
    expect(shown.has(green)).toBe(true);
    await context.close();
  });

  it('shows the campaign’s ticker and QR corner and the clock, and gives the whole screen to an emergency', async () => {
    const bluezone = await approvedCreative(t, w, 'Cài đặt Bluezone – áp phích', w.commsA, {
      body: await poster(
        '#0b5cad',
        'Cài đặt Bluezone',
        { width: 1920, height: 1080 },
        'Bảo vệ mình – Bảo vệ cộng đồng',
      ),
      name: 'bluezone.png',
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const layout = { ticker: true, qr: true, clock: true, transition: 'fade' };
    await pairPlayer(page, t.url, async (code) => {
      const claim = await asUser(t, operator.token).post('/api/screens/claim', {
        code,
        ...busStationIn(w, { name: 'Bến xe khách Bắc Kạn – sảnh chờ', layout }),
      });
      expect(claim.status).toBe(201);
      expect((claim.body as { screen: { layout: object } }).screen.layout).toEqual(layout);
    });
    const ticker = 'Cài đặt ứng dụng Bluezone để được cảnh báo khi tiếp xúc gần người nhiễm COVID-19 – bluezone.gov.vn';
    const campaign = await asUser(t, w.commsA.token).post('/api/campaigns', {
      name: 'Cài đặt Bluezone, tháng 8/2020',
      flightStart: new Date(Date.now() - 3_600_000).toISOString(),
      flightEnd: new Date(Date.now() + 86_400_000).toISOString(),
      targeting: { kinds: ['transit'] },
      creatives: [{ creativeId: bluezone }],
      ticker,
      qrUrl: 'https://bluezone.gov.vn',
      qrCaption: 'Quét để cài Bluezone',
    });
    expect(campaign.status).toBe(201);
    expect(campaign.body).toMatchObject({
      ticker,
      qrUrl: 'https://bluezone.gov.vn',
      qrCaption: 'Quét để cài Bluezone',
    });

    // the ticker runs the campaign's text, moving by transforms
    await page.locator('#ticker').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.locator('#ticker .line').textContent()).toBe(ticker);
    const offset = () =>
      page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('#ticker .line')!).transform).m41);
    const before = await offset();
    await page.waitForTimeout(300);
    expect(await offset()).toBeLessThan(before);
    // the QR corner with its caption, and the clock in the screen's zone
    await page.locator('#qr').waitFor({ state: 'visible' });
    expect(await page.locator('#qr .code svg').count()).toBe(1);
    expect(await page.locator('#qr .caption').textContent()).toBe('Quét để cài Bluezone');
    const clock = (await page.locator('#clock').textContent())!;
    const local = (at: number) =>
      new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' }).format(at);
    expect([local(Date.now() - 60_000), local(Date.now())]).toContain(clock);

    await page.waitForFunction((id) => document.getElementById('stage')?.dataset.creativeId === id, bluezone, {
      timeout: 15_000,
    });
    if (process.env.UPDATE_SCREENSHOTS) {
      // the ticker well under way
      await page.waitForTimeout(6000);
      writeFileSync(SCREENSHOT, await page.screenshot());
    }

    // an emergency has the screen to itself: no ticker, no QR
    const emergency = await asUser(t, w.adminA.token).post('/api/emergencies', {
      title: 'Phong tỏa tổ 5',
      localityIds: [w.wardA.id],
      message: { text: 'Khẩn: phong tỏa tổ 5 thị trấn Chợ Rã. Người dân ở yên tại nhà.' },
    });
    expect(emergency.status).toBe(201);
    await page.locator('#message').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#ticker').isVisible()).toBe(false);
    expect(await page.locator('#qr').isVisible()).toBe(false);
    const clear = await asUser(t, w.adminA.token).post(
      `/api/emergencies/${(emergency.body as { id: string }).id}/cancel`,
    );
    expect(clear.status).toBe(200);
    await page.locator('#ticker').waitFor({ state: 'visible', timeout: 10_000 });
    await context.close();
  });

  it('takes an emergency message down at the all clear, even while what plays next is not downloaded', async () => {
    const notice = await approvedCreative(t, w, 'Thông báo lịch tiêm chủng');
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    // no file can be downloaded: the screen's own content never becomes ready to show
    await page.route('**/media/**', (route) => route.abort());
    let screenId = '';
    await pairPlayer(page, t.url, async (code) => {
      const claim = await asUser(t, operator.token).post('/api/screens/claim', {
        code,
        ...busStationIn(w, { name: 'Bến xe khách Chợ Rã – màn hình cửa ra' }),
      });
      expect(claim.status).toBe(201);
      screenId = (claim.body as { screen: { id: string } }).screen.id;
    });
    expect(
      (await asUser(t, operator.token).post('/api/playlist-entries', { creativeId: notice, screenId })).status,
    ).toBe(201);
    const emergency = await asUser(t, w.adminA.token).post('/api/emergencies', {
      title: 'Sạt lở đường vào bến',
      localityIds: [w.wardA.id],
      message: { text: 'Khẩn: sạt lở trên đường vào bến xe. Hành khách đi cổng phụ.' },
    });
    expect(emergency.status).toBe(201);
    await page.locator('#message').waitFor({ state: 'visible', timeout: 10_000 });
    const clear = await asUser(t, w.adminA.token).post(
      `/api/emergencies/${(emergency.body as { id: string }).id}/cancel`,
    );
    expect(clear.status).toBe(200);
    await page.locator('#message').waitFor({ state: 'hidden', timeout: 10_000 });
    await context.close();
  });
});
