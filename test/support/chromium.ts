import { type Browser, chromium } from 'playwright-core';
import { describeWith } from './engines.js';

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
