// Builds the console into dist/console with Vite — only when it is missing or older than any of its
// sources (apps/console, package-lock.json), so `npm start` and the test setup, which run
// `npm run build` every time, do not pay for it twice. `--force` always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const output = path.join(root, 'dist/console/index.html');

function newestMtimeMs(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtimeMs(path.join(entry, name)));
  return newest;
}

const force = process.argv.includes('--force');
const sourcesMs = Math.max(newestMtimeMs(here), newestMtimeMs(path.join(root, 'package-lock.json')));
if (!force && existsSync(output) && statSync(output).mtimeMs >= sourcesMs) process.exit(0);

// Always a production build (React's development build is twice the size), whatever NODE_ENV the
// caller runs under (jest sets "test").
process.env.NODE_ENV = 'production';
const { build } = await import('vite');
const started = Date.now();
await build({ configFile: path.join(here, 'vite.config.mts'), mode: 'production' });
process.stdout.write(`console built into dist/console in ${Date.now() - started} ms\n`);
