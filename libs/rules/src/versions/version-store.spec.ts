import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type Sql, SystemClock } from '@pps/platform';
import { canonicalJson, sha256OfCanonicalJson } from '../canonical-json';
import { ContractSet } from '../contracts/contract-set';
import { RuleFileInvalidError } from '../rule-errors';
import type { RuleFile } from '../rule-file.types';
import { ruleWork } from '../rule-work';
import { VersionStoreTamperedError } from '../rules.errors';
import { VersionStore } from './version-store';

const shipped = (): RuleFile =>
  JSON.parse(readFileSync(path.join(__dirname, '../../../../rules/refund-destination/1.0.0.json'), 'utf8')) as RuleFile;

/** An `Sql` that answers `select content` from a map of content hash → stored text, counting reads. */
function storeOf(rows: Record<string, string>): { sql: Sql; reads: () => number } {
  let reads = 0;
  const sql: Sql = {
    query: <R>(text: string, values: readonly unknown[] = []) => {
      if (!text.startsWith('select content from rule_versions')) throw new Error(`unexpected SQL: ${text}`);
      reads++;
      const content = rows[values[0] as string];
      return Promise.resolve((content === undefined ? [] : [{ content }]) as R[]);
    },
    transaction: (fn) => fn(sql),
  };
  return { sql, reads: () => reads };
}

describe('VersionStore', () => {
  afterAll(() => ruleWork().close());

  it('reads a stored version verified against its hash, compiles it once, and answers undefined for an unknown hash', async () => {
    const file = shipped();
    const hash = sha256OfCanonicalJson(file);
    const { sql, reads } = storeOf({ [hash]: canonicalJson(file) });
    const store = new VersionStore(sql, new ContractSet([]), new SystemClock());
    const first = await store.byContentHash(hash);
    expect(first).toMatchObject({ ruleSet: 'refund-destination', version: '1.0.0', contentHash: hash });
    expect(await store.byContentHash(hash)).toBe(first);
    expect(reads()).toBe(1);
    expect(await store.byContentHash('0'.repeat(64))).toBeUndefined();
  });

  it('refuses content that does not hash to its key (an altered store), every time it is read', async () => {
    const file = shipped();
    const hash = sha256OfCanonicalJson(file);
    const altered = { ...file, description: `${file.description} (altered)` };
    const { sql, reads } = storeOf({ [hash]: canonicalJson(altered) });
    const store = new VersionStore(sql, new ContractSet([]), new SystemClock());
    await expect(store.byContentHash(hash)).rejects.toBeInstanceOf(VersionStoreTamperedError);
    await expect(store.byContentHash(hash)).rejects.toBeInstanceOf(VersionStoreTamperedError);
    expect(reads()).toBe(2);
  });

  it('checks a candidate as publishing does: a failing embedded test refuses it, for impact too', async () => {
    const file = shipped();
    file.version = '1.0.1';
    file.tests[0] = { ...file.tests[0], expected: { ...file.tests[0].expected, effect: 'deny', value: undefined } };
    const store = new VersionStore(storeOf({}).sql, new ContractSet([]), new SystemClock());
    for (const wording of ['publish', 'impact'] as const) {
      const refused = await store.checkCandidate(file, { ruleSet: 'refund-destination', wording }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(RuleFileInvalidError);
      expect(JSON.stringify((refused as RuleFileInvalidError).problems)).toContain('embedded test fails');
    }
    const passing = await store.checkCandidate(shipped(), { ruleSet: 'refund-destination', wording: 'impact' });
    try {
      expect(passing).toMatchObject({ ruleSet: 'refund-destination', version: '1.0.0' });
      const [evaluation] = await passing.evaluateBatch([
        {
          modeAtPurchase: 'referral',
          currentAssociation: 'same_partner',
          switchedReferralToResale: true,
          paymentMethod: 'online',
        },
      ]);
      expect(evaluation).toMatchObject({
        outcome: { effect: 'allow', value: { destination: 'association_partner_account' } },
      });
    } finally {
      await passing.release();
    }
  });
});
