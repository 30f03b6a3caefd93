/**
 * `npm run bench [-- <name> …]`: runs the named benchmarks (all when none is named) and prints
 * their markdown sections. Benchmarks are scripts, never part of `npm test`.
 */
import { runAdjustmentsBench } from './adjustments.bench';
import { runHotspotBench } from './hotspot.bench';
import { runHttpBench } from './http.bench';
import { runReplayBench } from './replay.bench';
import { runRulesBench } from './rules.bench';
import { runScalingBench } from './scaling.bench';

const BENCHES: Record<string, () => Promise<string>> = {
  rules: () => runRulesBench(),
  http: () => runHttpBench(),
  adjustments: () => runAdjustmentsBench(),
  hotspot: () => runHotspotBench(),
  scaling: () => runScalingBench(),
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

void main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
