import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { describeWith } from './engines.js';
import { createUser, type SeededUser, startSeededApp, type World } from './fixtures.js';
import type { TestApp } from './test-app.js';

const executablePath = process.env.CHROMIUM_PATH;

/** Browser suites run in Debian's Chromium when CHROMIUM_PATH is set, and say so when skipped. */
export function describeInChromium(title: string, suite: () => void): void {
  describeWith('CHROMIUM_PATH', `${title} [chromium]`, suite);
}

/** Playwright gives every launch a fresh temporary profile; the flags keep Chromium off the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens the player at /player/ in this page, waits for its pairing code and has `claim` claim it
 * (as an operator would); resolves once the page has left the pairing screen. Answers the code.
 */
export async function pairPlayer(page: Page, baseUrl: string, claim: (code: string) => Promise<void>): Promise<string> {
  await page.goto(`${baseUrl}/player/`);
  await page.waitForFunction(
    () => (document.querySelector('[data-testid="pairing-code"]')?.textContent ?? '').length === 6,
  );
  const code = (await page.getByTestId('pairing-code').textContent())!;
  await claim(code);
  await page.locator('#pairing').waitFor({ state: 'hidden' });
  return code;
}

/**
 * What every browser suite starts from: the app seeded on SQLite, an operator of district A and
 * Chromium. `built` is the file `npm run build` makes that the suite needs (the player, the console).
 */
export async function startBrowserWorld(
  built: string,
  operator: { email: string; displayName?: string },
): Promise<{ t: TestApp; w: World; operator: SeededUser; browser: Browser }> {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` (npm test does) first`);
  const { t, w } = await startSeededApp('sqlite');
  const user = await createUser(t, w.rootToken, { ...operator, role: 'operator', organisationId: w.districtA.id });
  return { t, w, operator: user, browser: await launchChromium() };
}

/**
 * Waits until the page's player can start again with no network: the poster showing (`id`) is in
 * the media cache, and the service worker controls the page.
 */
export async function readyOffline(page: Page, id: string): Promise<void> {
  const src = await page.locator(`#stage img[data-creative-id="${id}"]`).getAttribute('data-src');
  await page.waitForFunction(
    async (url) => (await caches.open('loa-media').then((c) => c.match(url!))) !== undefined,
    src,
    { timeout: 10_000 },
  );
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 });
}

export async function stopBrowserWorld(world: { t?: TestApp; browser?: Browser }): Promise<void> {
  await world.browser?.close();
  await world.t?.close();
}
