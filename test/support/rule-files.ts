import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** A shipped rule file as an object, to derive candidate versions from in tests. */
export function shippedRuleFile(ruleSet: string, version = '1.0.0'): Record<string, any> {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(readFileSync(path.join(__dirname, '../../rules', ruleSet, `${version}.json`), 'utf8'));
}

/** The same rules under a new version number (and so a new content hash). */
export function bumped(ruleSet: string, version: string, from = '1.0.0'): Record<string, any> {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const file = shippedRuleFile(ruleSet, from);
  return { ...file, version, description: `${file.description} (${version}: a candidate for the tests)` };
}
