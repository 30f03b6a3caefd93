import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs the `chromium` package when it is missing; browser downloads are not reachable). */
export const CHROMIUM = process.env.PPS_CHROMIUM ?? '/usr/bin/chromium';

/** Where the browser tests put one screenshot per page (git-ignored). */
export const SCREENSHOTS = path.join(__dirname, '../../../test-output/console');

/**
 * Headless Chromium with the flags that keep it off the (closed) network. Playwright starts it with
 * a fresh temporary profile (`--user-data-dir`) of its own and deletes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium), as .ci/run does`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    timeout: 20_000,
    args: [
      '--headless',
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

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Fails the test on any page error or console error the app did not expect (a broken bundle, a CSP violation …). */
export function collectPageErrors(page: Page, into: string[]): void {
  page.on('pageerror', (error) => into.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) into.push(`console: ${message.text()}`);
  });
}
