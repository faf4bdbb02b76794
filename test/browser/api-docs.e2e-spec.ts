import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { describeInChromium, launchChromium } from '../support/chromium.js';
import { ADMIN, startTestApp, type TestApp } from '../support/test-app.js';

describeInChromium('API documentation in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves Swagger UI at /api/docs, which lists every area and signs in for real', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // (/ is the console's now; it leads here only where the console is not built)
    await page.goto(`${t.url}/api/docs`);
    await page.waitForSelector('.opblock-tag-section');
    expect(new URL(page.url()).pathname).toBe('/api/docs');
    const tags = await page.locator('.opblock-tag').allTextContents();
    for (const tag of ['auth', 'organisations', 'users', 'audit', 'health']) {
      expect(tags.some((text) => text.startsWith(tag))).toBe(true);
    }
    // "Try it out" on the login operation: the browser posts real credentials to the real server
    const login = page.locator('#operations-auth-AuthController_login');
    await login.locator('.opblock-summary').click();
    await login.getByRole('button', { name: 'Try it out' }).click();
    await login.locator('textarea.body-param__text').fill(JSON.stringify(ADMIN));
    await login.getByRole('button', { name: 'Execute' }).click();
    await login.locator('.live-responses-table tbody .response-col_status').first().waitFor();
    expect(await login.locator('.live-responses-table tbody .response-col_status').first().textContent()).toContain(
      '200',
    );
    expect(await login.locator('.live-responses-table tbody .microlight').first().textContent()).toContain(
      'accessToken',
    );
    if (process.env.UPDATE_SCREENSHOTS) {
      await login.locator('.opblock-summary').click();
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: 'docs/screenshots/api-docs.png' });
    }
    await page.close();
  });
});
