import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`, done by .ci/run); the e2e tests skip without it. */
export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

/**
 * Headless Chromium as root on a machine without internet: no sandbox, and no background
 * connections (they would be refused, many at a time).
 */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * Waits until `expression` (evaluated in the page, e.g. `document.activeElement?.id`) reads
 * `expected`: focus often moves on the next frame, and a loaded CI machine may be a frame late.
 */
export async function waitForFocus(page: Page, expression: string, expected: unknown, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let actual: unknown;
  for (;;) {
    actual = await page.evaluate(expression);
    if (actual === expected) return;
    if (Date.now() > deadline) throw new Error(`${expression} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
