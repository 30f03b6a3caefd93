import * as fc from 'fast-check';
import { CONTRACTS } from '@pps/partners/contracts';
import {
  type AnyContract,
  compileRuleSet,
  contractProblems,
  evaluateUnderContract,
  type FactSpec,
  type FactsOf,
  type RuleFile,
} from '@pps/rules';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const RULES = path.join(__dirname, '..', '..', 'rules');

function shippedVersions(ruleSet: string): RuleFile[] {
  return readdirSync(path.join(RULES, ruleSet))
    .filter((name) => /^\d+\.\d+\.\d+\.json$/.test(name))
    .map((name) => JSON.parse(readFileSync(path.join(RULES, ruleSet, name), 'utf8')) as RuleFile);
}

const decimal = fc
  .tuple(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.integer({ min: 0, max: 99 }), fc.boolean())
  .map(([whole, cents, withCents]) => (withCents ? `${whole}.${String(cents).padStart(2, '0')}` : `${whole}`));
const instant = fc
  .integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-12-31T23:59:59Z') })
  .map((ms) => new Date(ms).toISOString());

function factValue(spec: FactSpec): fc.Arbitrary<unknown> {
  const base = ((): fc.Arbitrary<unknown> => {
    switch (spec.type) {
      case 'decimal':
        return decimal;
      case 'instant':
        return instant;
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return fc.integer({ min: 0, max: 20 });
      case 'string':
        return fc.string();
      case 'enum':
        return fc.constantFrom(...(spec.values ?? []));
      case 'list':
        return fc.uniqueArray(fc.constantFrom(...(spec.values ?? [])));
    }
  })();
  return spec.optional ? fc.option(base, { nil: null }) : base;
}

/** Any facts object the contract allows the code to build. */
function validFacts(contract: AnyContract): fc.Arbitrary<FactsOf<AnyContract>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, spec] of Object.entries(contract.facts)) record[name] = factValue(spec);
  return fc.record(record);
}

describe('property: every shipped version, on any valid facts of its contract, yields an outcome its contract accepts', () => {
  for (const contract of CONTRACTS) {
    for (const file of shippedVersions(contract.ruleSet)) {
      it(`${contract.ruleSet}@${file.version}`, () => {
        expect(contractProblems(file, contract)).toEqual([]);
        const compiled = compileRuleSet(file);
        fc.assert(
          fc.property(validFacts(contract), (facts) => {
            // Throws RuleContractViolationError on facts the version refuses or an outcome outside the schema.
            const { outcome, evaluation } = evaluateUnderContract(contract, compiled, facts);
            expect(['allow', 'deny']).toContain(outcome.effect);
            if (contract.value && outcome.effect === 'allow') expect(evaluation.outcome.value).toBeDefined();
            for (const reason of evaluation.reasons)
              expect(reason.code).toMatch(new RegExp(contract.reasonCodes.pattern));
          }),
          { numRuns: 300 },
        );
      });
    }
  }

  it('a version breaking its contract is caught by the same property (moon_account)', () => {
    const contract = CONTRACTS.find((c) => c.ruleSet === 'refund-destination');
    if (!contract) throw new Error('no refund-destination contract');
    const [file] = shippedVersions('refund-destination');
    const moon = JSON.parse(JSON.stringify(file).replace(/customer_account/g, 'moon_account')) as RuleFile;
    const compiled = compileRuleSet(moon);
    expect(() =>
      fc.assert(fc.property(validFacts(contract), (facts) => void evaluateUnderContract(contract, compiled, facts))),
    ).toThrow(/Property failed/);
  });
});
