// Runs a program of the built tree (`dist/`), building first only when a source is newer than the
// last build — so `npm run policy -- validate rules` costs the command alone on a built tree.
//   node scripts/built.mjs <path under dist/> [arguments…]   build if stale, then run it in this process
//   node scripts/built.mjs --stamp                            record a finished build (the end of `npm run build`)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist/.build-stamp');
// What `npm run build` compiles (the console's own build skips itself when fresh).
const SOURCES = ['apps', 'libs', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newestMtimeMs(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtimeMs(path.join(entry, name)));
  return newest;
}

const [target, ...args] = process.argv.slice(2);
if (target === '--stamp') {
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.exit(0);
}
if (!target) {
  process.stderr.write('usage: node scripts/built.mjs <path under dist/> [arguments…]\n');
  process.exit(2);
}
const sourcesMs = Math.max(...SOURCES.map((name) => newestMtimeMs(path.join(root, name))));
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sourcesMs) {
  // For a caller that must not rebuild a tree others are running (the start-up test): say so instead.
  if (process.env.PPS_NO_BUILD === '1') {
    process.stderr.write('dist/ is older than the sources and PPS_NO_BUILD=1: not building\n');
    process.exit(3);
  }
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const program = path.join(root, 'dist', target);
process.argv = [process.argv[0], program, ...args];
await import(pathToFileURL(program).href);
