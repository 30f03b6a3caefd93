import {
  canonicalJson,
  compileRuleSet,
  createReferenceEngine,
  embeddedTestFacts,
  evaluateWithReferenceEngine,
  parseRuleFileText,
  type CompiledRuleSet,
  type FactDeclaration,
  type JsonValue,
} from '@pps/rules';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RULES_DIR } from './rules-dir';

/**
 * Our compiled evaluator against a bare json-rules-engine over the same compiled rules and
 * operators: on every embedded case and on generated facts they must agree on the outcome, the
 * reasons, the matched rules and every condition's fact value, compared value and result.
 * json-rules-engine gets the facts exactly as the caller sent them — optional facts left out stay
 * left out (a legacy file's null default is the engine's own fact, not an edit of the caller's).
 */
const compiledSets: CompiledRuleSet[] = readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) =>
    readdirSync(path.join(RULES_DIR, dir.name))
      .filter((name) => name.endsWith('.json'))
      .map((name) => path.join(RULES_DIR, dir.name, name)),
  )
  .sort()
  .map((filePath) => {
    const { file, problems } = parseRuleFileText(readFileSync(filePath, 'utf8'), filePath);
    if (!file) throw new Error(`invalid rule file ${filePath}: ${JSON.stringify(problems)}`);
    return compileRuleSet(file);
  });

const engines = new Map<CompiledRuleSet, ReturnType<typeof createReferenceEngine>>();

async function expectAgreement(compiled: CompiledRuleSet, facts: Record<string, JsonValue>): Promise<void> {
  const ours = compiled.evaluate(facts);
  let engine = engines.get(compiled);
  if (!engine) engines.set(compiled, (engine = createReferenceEngine(compiled)));
  const run = engine.run.bind(engine);
  const fedFacts: Array<Record<string, unknown>> = [];
  engine.run = ((given: Record<string, unknown>, options?: unknown) => {
    fedFacts.push(given);
    return run(given, options as never);
  }) as typeof engine.run;
  const bare = await evaluateWithReferenceEngine(compiled, engine, facts).finally(() => {
    engine.run = run;
  });
  // exactly the caller's facts: same keys, same values — nothing filled in, nothing dropped
  expect(fedFacts).toHaveLength(1);
  expect(Object.keys(fedFacts[0]).sort()).toEqual(Object.keys(facts).sort());
  expect(fedFacts[0]).toEqual(facts);
  const oursResults = Object.fromEntries(
    ours.results.map((result) => [result.rule, { result: result.result, conditions: result.conditions }]),
  );
  expect(
    canonicalJson({
      outcome: ours.outcome,
      reasons: ours.reasons,
      matchedRules: [...ours.matchedRules].sort(),
      results: oursResults,
    }),
  ).toEqual(
    canonicalJson({
      outcome: bare.outcome,
      reasons: bare.reasons,
      matchedRules: bare.matchedRules,
      results: Object.fromEntries(
        Object.entries(bare.results).map(([name, r]) => [name, { result: r.result, conditions: r.conditions }]),
      ),
    }),
  );
}

/** Instants around the boundaries that the rule files use: the cut-off, the 7- and 15-day periods. */
const BASE_INSTANTS = [
  '2023-10-01T00:00:00Z',
  '2024-01-10T00:00:00Z',
  '2024-01-20T00:00:00Z',
  '2024-06-01T00:00:00Z',
].map(Date.parse);
const DAY = 86_400_000;

function instantArbitrary(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...BASE_INSTANTS),
      fc.integer({ min: -400, max: 400 }),
      fc.constantFrom(-1000, 0, 1000, 12 * 3600 * 1000),
    )
    .map(([base, days, offset]) => new Date(base + days * DAY + offset).toISOString());
}

function decimalArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('0', '0.00', '0.01', '100.00', '300.00', '500.00', '1000.00', '1000.01', '-5.00', '1.230', '0.001'),
    fc
      .tuple(fc.integer({ min: -10, max: 2000 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 3 }))
      .map(([whole, fraction, places]) =>
        places === 0 ? String(whole) : `${whole}.${String(fraction).padStart(3, '0').slice(0, places)}`,
      ),
  );
}

function factArbitrary(declaration: FactDeclaration): fc.Arbitrary<JsonValue> {
  switch (declaration.type) {
    case 'enum':
      return fc.constantFrom(...(declaration.values ?? []));
    case 'boolean':
      return fc.boolean();
    case 'decimal':
      return decimalArbitrary();
    case 'instant':
      return instantArbitrary();
    case 'integer':
      return fc.integer({ min: 0, max: 5 });
    case 'list':
      return fc.array(fc.constantFrom(...(declaration.values ?? ['a', 'b'])), { maxLength: 3 });
    default:
      return fc.string({ maxLength: 8 });
  }
}

function factsArbitrary(compiled: CompiledRuleSet): fc.Arbitrary<Record<string, JsonValue>> {
  const entries: Record<string, fc.Arbitrary<JsonValue | undefined>> = {};
  for (const [name, declaration] of Object.entries(compiled.file.facts)) {
    const value = factArbitrary(declaration);
    entries[name] = declaration.required === false ? fc.option(value, { nil: undefined }) : value;
  }
  return fc.record(entries).map((record) => {
    const facts: Record<string, JsonValue> = {};
    for (const [name, value] of Object.entries(record)) if (value !== undefined) facts[name] = value;
    return facts;
  });
}

describe.each(compiledSets.map((compiled) => [`${compiled.ruleSet}@${compiled.version}`, compiled] as const))(
  '%s',
  (_name, compiled) => {
    it('agrees with a bare json-rules-engine on every embedded test case', async () => {
      for (const test of compiled.file.tests.filter((t) => t.expected.error === undefined)) {
        await expectAgreement(compiled, embeddedTestFacts(compiled.file, test));
      }
    });

    it('agrees with a bare json-rules-engine on generated facts', async () => {
      await fc.assert(
        fc.asyncProperty(factsArbitrary(compiled), async (facts) => {
          await expectAgreement(compiled, facts);
        }),
        { numRuns: 300, seed: 20231001 },
      );
    });
  },
);
