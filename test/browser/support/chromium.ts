import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * The browser the console's tests drive: `PPS_CHROMIUM` when set, Debian's Chromium when it is
 * installed, else the Chromium that the `@sparticuz/chromium` npm package ships inside itself
 * (a brotli-compressed headless build, unpacked once into the temp directory) — so `npm ci` is all
 * the set-up a machine needs; browser downloads at install time are not reachable here.
 */
export function chromiumExecutable(): string {
  const configured = process.env.PPS_CHROMIUM;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`PPS_CHROMIUM=${configured} does not exist`);
    return configured;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  // The package is ESM-only and jest runs these files as CommonJS: ask a child Node for the path.
  const script = "import('@sparticuz/chromium').then(async (m) => console.log(await m.default.executablePath()))";
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.join(__dirname, '../../..'),
    encoding: 'utf8',
    timeout: 120_000,
  }).trim();
}

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Where the browser tests put one screenshot per page (git-ignored). */
export const SCREENSHOTS = path.join(__dirname, '../../../test-output/console');

/**
 * Headless Chromium with the flags that keep it off the (closed) network. Playwright starts it with
 * a fresh temporary profile (`--user-data-dir`) of its own and deletes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumExecutable();
  return chromium.launch({
    executablePath,
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
