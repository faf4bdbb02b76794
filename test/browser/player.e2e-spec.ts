/// <reference lib="dom" />
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import {
  describeInChromium,
  pairPlayer,
  readyOffline,
  startBrowserWorld,
  stopBrowserWorld,
} from '../support/chromium.js';
import { asUser, type SeededUser, type World } from '../support/fixtures.js';
import { approvedCreative, busStationIn } from '../support/screens.js';
import type { TestApp } from '../support/test-app.js';

const BUNDLE = fileURLToPath(new URL('../../player/dist/player.js', import.meta.url));

describeInChromium('browser player: pairing and playing in Chromium', () => {
  let t: TestApp;
  let w: World;
  let operator: SeededUser;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, w, operator, browser } = await startBrowserWorld(BUNDLE, { email: 'vh@babe.gov.vn' }));
  });

  afterAll(() => stopBrowserWorld({ t, browser }));

  it('shows a code, is claimed, keeps its token, plays its poster, and pairs again when revoked', async () => {
    const poster = await approvedCreative(t, w, 'Cài đặt Bluezone – áp phích');
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${t.url}/player/`);
    const code = page.getByTestId('pairing-code');
    await code.waitFor();
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="pairing-code"]')?.textContent ?? '').length === 6,
    );
    const shown = (await code.textContent())!;
    expect(await page.locator('#pairing .qr svg').count()).toBe(1);

    const claim = await asUser(t, operator.token).post('/api/screens/claim', { code: shown, ...busStationIn(w) });
    expect(claim.status).toBe(201);
    const screenId = (claim.body as { screen: { id: string } }).screen.id;
    await page.locator('#pairing').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => localStorage.getItem('loa.deviceToken'))).toMatch(/^loa_dev_/);

    // the operator assigns a poster: the page shows it (the plan fills every slot with it)
    const entry = await asUser(t, operator.token).post('/api/playlist-entries', { creativeId: poster, screenId });
    expect(entry.status).toBe(201);
    const image = page.locator(`#stage img[data-creative-id="${poster}"]`);
    await image.waitFor({ timeout: 10_000 });
    await page.waitForFunction((id) => {
      const img = document.querySelector<HTMLImageElement>(`#stage img[data-creative-id="${id}"]`);
      return img !== null && img.complete && img.naturalWidth > 0;
    }, poster);

    // the console asks for a screenshot: the player sends its frame
    const shot = await asUser(t, operator.token).post(`/api/screens/${screenId}/commands`, { type: 'screenshot' });
    expect(shot.status).toBe(200);
    const picture = await asUser(t, operator.token).get(`/api/screens/${screenId}/screenshot`);
    expect(picture.status).toBe(200);
    expect(picture.headers['content-type']).toMatch(/^image\/jpeg/);

    // a reload keeps the token: no new pairing, the same poster
    await page.reload();
    await image.waitFor({ timeout: 10_000 });
    expect(await page.locator('#pairing').isVisible()).toBe(false);

    // offline: once the poster is in the cache, a reload with no network starts from the cache and plays it
    await readyOffline(page, poster);
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(
      (id) => {
        const img = document.querySelector<HTMLImageElement>(`#stage img[data-creative-id="${id}"]`);
        return img !== null && img.complete && img.naturalWidth > 0;
      },
      poster,
      { timeout: 10_000 },
    );
    await context.setOffline(false);
    await page.reload();
    await image.waitFor({ timeout: 10_000 });

    // the screen is online for the console (presence is written in batches, about every second)
    let status: unknown;
    for (let tries = 0; tries < 50; tries++) {
      status = (await asUser(t, operator.token).get(`/api/screens/${screenId}`)).body;
      if ((status as { status: { online: boolean } }).status.online) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toMatchObject({ status: { online: true, playerVersion: '0.1.0' } });
    // and it says what it holds: the poster's file, nothing missing
    for (let tries = 0; tries < 50; tries++) {
      status = (await asUser(t, operator.token).get(`/api/screens/${screenId}`)).body;
      // an earlier report (the plan before the poster was assigned held nothing) may come first
      if (((status as { status: { cache: { files: number } | null } }).status.cache?.files ?? 0) >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toMatchObject({ status: { cache: { files: 1, missing: 0 } } });
    expect((status as { status: { freeBytes: number } }).status.freeBytes).toBeGreaterThan(0);

    // revoked: back to a new code
    expect((await asUser(t, operator.token).post(`/api/screens/${screenId}/revoke`)).status).toBe(200);
    await page.locator('#pairing').waitFor({ state: 'visible', timeout: 5000 });
    await page.waitForFunction((old) => {
      const text = document.querySelector('[data-testid="pairing-code"]')?.textContent ?? '';
      return text.length === 6 && text !== old;
    }, shown);
    expect(await page.evaluate(() => localStorage.getItem('loa.deviceToken'))).toBeNull();
    await context.close();
  });

  it('keeps to the server’s clock when its own is weeks off, also when it starts again offline', async () => {
    const poster = await approvedCreative(t, w, 'Khai báo y tế – áp phích');
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    // the device's clock is three weeks ahead: past the end of any plan it will hold
    await context.addInitScript(() => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + 21 * 86_400_000;
    });
    const page = await context.newPage();
    let screenId = '';
    await pairPlayer(page, t.url, async (code) => {
      const claim = await asUser(t, operator.token).post('/api/screens/claim', {
        code,
        ...busStationIn(w, { name: 'Bến xe Chợ Rã – đồng hồ sai' }),
      });
      expect(claim.status).toBe(201);
      screenId = (claim.body as { screen: { id: string } }).screen.id;
    });
    expect(
      (await asUser(t, operator.token).post('/api/playlist-entries', { creativeId: poster, screenId })).status,
    ).toBe(201);
    const shown = (id: string) => {
      const img = document.querySelector<HTMLImageElement>(`#stage img[data-creative-id="${id}"]`);
      return img !== null && img.complete && img.naturalWidth > 0;
    };
    await page.waitForFunction(shown, poster, { timeout: 10_000 });
    await readyOffline(page, poster);
    // restarted with no network: nothing to measure the clock against, only what it kept
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(shown, poster, { timeout: 10_000 });
    await context.close();
  });

  it('says hello again when the server does not answer it, and is then welcomed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    // the first hello is lost on its way (as when the server is too busy to answer in time)
    let dropped = 0;
    await page.routeWebSocket(/socket\.io/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((frame) => {
        if (dropped === 0 && typeof frame === 'string' && frame.includes('"player:hello"')) {
          dropped++;
          return;
        }
        server.send(frame);
      });
      server.onMessage((frame) => ws.send(frame));
    });
    let screenId = '';
    await pairPlayer(page, t.url, async (code) => {
      const claim = await asUser(t, operator.token).post('/api/screens/claim', {
        code,
        ...busStationIn(w, { name: 'Bến xe Chợ Rã – lời chào bị mất' }),
      });
      expect(claim.status).toBe(201);
      screenId = (claim.body as { screen: { id: string } }).screen.id;
    });
    // only a hello says which player version runs: it arrives once the hello is said again
    let status: unknown;
    for (let tries = 0; tries < 300; tries++) {
      status = (await asUser(t, operator.token).get(`/api/screens/${screenId}`)).body;
      if ((status as { status: { playerVersion: string | null } }).status.playerVersion !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(dropped).toBe(1);
    expect(status).toMatchObject({ status: { online: true, playerVersion: '0.1.0' } });
    await context.close();
  });

  it('proves every play: records reach the server, those made while it was away arrive when it returns, once', async () => {
    const poster = await approvedCreative(t, w, 'Khai báo y tế – áp phích');
    // 2-second slots, so plays come quickly
    const policy = await t
      .http()
      .put('/api/loop-policies/kind:elevator')
      .auth(w.rootToken, { type: 'bearer' })
      .send({ loopSeconds: 60, slotSeconds: 2 });
    expect(policy.status).toBe(200);
    const context = await browser.newContext({ viewport: { width: 768, height: 1366 } });
    const page = await context.newPage();
    let screenId = '';
    await pairPlayer(page, t.url, async (code) => {
      const claim = await asUser(t, operator.token).post('/api/screens/claim', {
        code,
        ...busStationIn(w, { name: 'Thang máy UBND thị trấn Chợ Rã', kind: 'elevator', venue: null, tags: [] }),
      });
      expect(claim.status).toBe(201);
      screenId = (claim.body as { screen: { id: string } }).screen.id;
    });
    await asUser(t, operator.token).post('/api/playlist-entries', { creativeId: poster, screenId });
    const dataSource = () => t.app.get(DataSource);
    const plays = async () =>
      dataSource().query<{ playId: string; creativeId: string; startedAt: string; outcome: string }[]>(
        `SELECT "playId", "creativeId", "startedAt", outcome FROM plays WHERE "screenId" = '${screenId}'`,
      );
    const waitFor = async (check: (rows: Awaited<ReturnType<typeof plays>>) => boolean, ms: number) => {
      const until = Date.now() + ms;
      for (;;) {
        const rows = await plays();
        if (check(rows)) return rows;
        if (Date.now() > until) throw new Error(`plays not as expected after ${ms} ms: ${rows.length} rows`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    const first = await waitFor((rows) => rows.filter((r) => r.creativeId === poster).length >= 2, 20_000);
    expect(first.some((r) => r.outcome === 'complete')).toBe(true);

    // the server goes away for 5 s; the page keeps playing and keeps its records
    const away = Date.now();
    await t.restart(5000);
    const back = Date.now();
    const after = await waitFor(
      (rows) => rows.some((r) => new Date(r.startedAt).getTime() > away && new Date(r.startedAt).getTime() < back),
      20_000,
    );
    // once each: the play id is the key, and nothing was sent twice into two rows
    expect(new Set(after.map((r) => r.playId)).size).toBe(after.length);
    expect(after.length).toBeGreaterThan(first.length);
    await context.close();
    await t
      .http()
      .put('/api/loop-policies/kind:elevator')
      .auth(w.rootToken, { type: 'bearer' })
      .send({ loopSeconds: 60, slotSeconds: 10 });
  });
});
