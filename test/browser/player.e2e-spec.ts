/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { describeInChromium, launchChromium } from '../support/chromium.js';
import { asUser, createUser, type SeededUser, startSeededApp, type World } from '../support/fixtures.js';
import { approvedCreative, busStationIn } from '../support/screens.js';
import type { TestApp } from '../support/test-app.js';

const BUNDLE = fileURLToPath(new URL('../../player/dist/player.js', import.meta.url));

describeInChromium('browser player: pairing and playing in Chromium', () => {
  let t: TestApp;
  let w: World;
  let operator: SeededUser;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error('player/dist is missing: run `npm run build` (npm test does) first');
    ({ t, w } = await startSeededApp('sqlite'));
    operator = await createUser(t, w.rootToken, {
      email: 'vh@babe.gov.vn',
      role: 'operator',
      organisationId: w.districtA.id,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

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

    // a reload keeps the token: no new pairing, the same poster
    await page.reload();
    await image.waitFor({ timeout: 10_000 });
    expect(await page.locator('#pairing').isVisible()).toBe(false);

    // the screen is online for the console (presence is written in batches, about every second)
    let status: unknown;
    for (let tries = 0; tries < 50; tries++) {
      status = (await asUser(t, operator.token).get(`/api/screens/${screenId}`)).body;
      if ((status as { status: { online: boolean } }).status.online) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toMatchObject({ status: { online: true, playerVersion: '0.1.0' } });

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
});
