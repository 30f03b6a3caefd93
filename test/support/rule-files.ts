import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Json } from './json';

/** A shipped rule file as an object, to derive candidate versions from in tests. */
export function shippedRuleFile(ruleSet: string, version = '1.0.0'): Record<string, Json> {
  return JSON.parse(readFileSync(path.join(__dirname, '../../rules', ruleSet, `${version}.json`), 'utf8'));
}

/** The same rules under a new version number (and so a new content hash). */
export function bumped(ruleSet: string, version: string, from = '1.0.0'): Record<string, Json> {
  const file = shippedRuleFile(ruleSet, from);
  return { ...file, version, description: `${file.description} (${version}: a candidate for the tests)` };
}

/** The highest version of a rule set shipped under rules/ (the one a fresh service activates). */
export function highestShipped(ruleSet: string): string {
  const versions = readdirSync(path.join(__dirname, '../../rules', ruleSet))
    .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
    .map((f) => f.slice(0, -'.json'.length));
  const key = (v: string) => v.split('.').map(Number);
  return versions.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  })[versions.length - 1];
}
