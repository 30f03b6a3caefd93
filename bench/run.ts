/**
 * `npm run bench [-- <name> …]`: runs the named benchmarks (all when none is named) and prints
 * their markdown sections. Benchmarks are scripts, never part of `npm test`.
 */
import { runReplayBench } from './replay.bench';
import { runRulesBench } from './rules.bench';

const BENCHES: Record<string, () => Promise<string>> = {
  rules: () => runRulesBench(),
  replay: () => runReplayBench(),
};

async function main(): Promise<number> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark: ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})\n`);
    return 2;
  }
  for (const name of names.length ? names : Object.keys(BENCHES)) {
    process.stdout.write(`${await BENCHES[name]()}\n`);
  }
  return 0;
}

void main().then((code) => process.exit(code));
