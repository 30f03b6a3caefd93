import { readFileSync } from 'node:fs';
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
