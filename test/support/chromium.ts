import { describe } from '@jest/globals';
import { type Browser, chromium } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH;

/** Browser suites run in Debian's Chromium when CHROMIUM_PATH is set, and say so when skipped. */
export function describeInChromium(title: string, suite: () => void): void {
  if (executablePath) describe(`${title} [chromium]`, suite);
  else describe.skip(`${title} [chromium] (SKIPPED: CHROMIUM_PATH is not set)`, suite);
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
