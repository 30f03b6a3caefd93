import {
  compileRuleSet,
  createReferenceEngine,
  evaluateWithReferenceEngine,
  validateRuleFile,
  type ConditionNodeResult,
  type RuleFile,
} from '@pps/rules';
import { OWN_CASES, PORTED_CASES, REFUSED_CASES, type PortedCase } from './cases';

/**
 * json-rules-engine's own test cases (cases.ts names the file of each) through both engines: ours
 * (compiled from a language-2 rule file) and a bare json-rules-engine `new Engine(...)` over the
 * same rules. Fired rules, event order (priority by priority; json-rules-engine settles one
 * priority's rules in parallel, in no fixed order), every condition's factResult, valueResult and
 * result, names and custom properties: identical. Errors (an undefined fact, `in` over a number):
 * both fail.
 */
function collectFacts(root: unknown, into: Set<string>): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.fact === 'string') into.add(record.fact);
      for (const [key, value] of Object.entries(record)) if (key !== 'fact') stack.push(value);
    }
  }
}

function ruleFileOf(
  c: Pick<PortedCase, 'rules' | 'conditions' | 'facts' | 'allowUndefinedFacts' | 'declarations'>,
): RuleFile {
  const names = new Set<string>(Object.keys(c.facts));
  collectFacts(c.rules, names);
  collectFacts(c.conditions ?? {}, names);
  const facts = Object.create(null) as Record<string, unknown>; // a fact may be named __proto__
  if (names.size === 0) names.add('unused'); // a rule file declares at least one fact
  for (const name of names) facts[name] = c.declarations?.[name] ?? { type: 'json', required: false };
  return JSON.parse(
    JSON.stringify({
      language: 2,
      ...(c.allowUndefinedFacts !== undefined ? { allowUndefinedFacts: c.allowUndefinedFacts } : {}),
      ruleSet: 'conformance',
      version: '1.0.0',
      description: 'a case of json-rules-engine',
      parameters: {},
      facts,
      ...(c.conditions ? { conditions: c.conditions } : {}),
      rules: c.rules.map((rule, i) => ({
        ...rule,
        name: rule.name ?? `rule-${i}`,
        priority: rule.priority ?? 1,
        event: rule.event ?? { type: 'unknown' },
      })),
      default: { effect: 'allow' },
      tests: [{ name: 'compiles', facts: {}, expected: { effect: 'allow' } }],
    }),
  ) as RuleFile;
}

function comparable(tree: ConditionNodeResult): unknown {
  // priority of a substituted node differs by construction (json-rules-engine writes 1 on it); `condition` is ours only
  const { priority: _priority, ...extras } = tree.extras;
  return {
    kind: tree.kind,
    result: tree.result,
    extras,
    leaf: tree.leaf,
    children: tree.children?.map(comparable),
  };
}

async function both(c: PortedCase) {
  const file = ruleFileOf(c);
  expect(validateRuleFile(file)).toEqual([]);
  const compiled = compileRuleSet(file);
  let ours: ReturnType<typeof compiled.explain> | { error: string };
  try {
    ours = compiled.explain(c.facts);
  } catch (error) {
    ours = { error: (error as Error).name };
  }
  let bare: Awaited<ReturnType<typeof evaluateWithReferenceEngine>> | { error: string };
  try {
    bare = await evaluateWithReferenceEngine(compiled, createReferenceEngine(compiled), c.facts);
  } catch (error) {
    bare = { error: (error as Error).name };
  }
  return { compiled, ours, bare };
}

describe('json-rules-engine conformance', () => {
  it('ports at least 100 cases, each naming its source file in json-rules-engine', () => {
    expect(PORTED_CASES.length).toBeGreaterThanOrEqual(100);
    for (const c of PORTED_CASES) expect(c.source).toMatch(/^(test|examples)\/[\w./-]+\.js$/);
    expect(new Set(PORTED_CASES.map((c) => c.name)).size).toBe(PORTED_CASES.length);
  });

  it.each([...PORTED_CASES, ...OWN_CASES].map((c) => [`${c.source}: ${c.name}`, c] as const))(
    '%s',
    async (_name, c) => {
      const { compiled, ours, bare } = await both(c);
      if ('error' in bare || 'error' in ours) {
        // json-rules-engine fails (UndefinedFactError, TypeError); ours refuses the facts (CBC.0100), never a TypeError
        expect('error' in bare && 'error' in ours).toBe(true);
        expect((ours as { error: string }).error).toBe('FactValidationError');
        return;
      }
      expect([...ours.matchedRules].sort()).toEqual(bare.matchedRules);
      // event order: the priorities in order, and the rules of each priority
      const priorityOf = new Map(compiled.engineRules.map((rule) => [rule.name, rule.priority]));
      const group = (fired: Array<{ name: string; priority: number }>) => {
        const groups: Array<{ priority: number; rules: string[] }> = [];
        for (const { name, priority } of fired) {
          const last = groups[groups.length - 1];
          if (last && last.priority === priority) last.rules.push(name);
          else groups.push({ priority, rules: [name] });
        }
        return groups.map((g) => ({ ...g, rules: g.rules.sort() }));
      };
      expect(group(ours.matchedRules.map((name) => ({ name, priority: priorityOf.get(name) as number })))).toEqual(
        group(bare.fired),
      );
      const eventsOf = (names: string[]) =>
        names.map((name) => compiled.file.rules.find((rule) => rule.name === name)?.event);
      expect(eventsOf(ours.matchedRules).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
        [...bare.events].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      );
      ours.results.forEach((result, i) => {
        const reference = bare.results[result.rule];
        expect(result.result).toBe(reference.result);
        expect(result.conditions).toEqual(reference.conditions);
        expect(comparable(ours.trees[i])).toEqual(comparable(reference.tree));
      });
    },
  );

  it.each(REFUSED_CASES.map((c) => [`${c.source}: ${c.name}`, c] as const))(
    'refuses by design %s, saying why',
    (_name, c) => {
      const file = ruleFileOf({ rules: [c.rule as PortedCase['rules'][number]], conditions: c.conditions, facts: {} });
      let problems: ReturnType<typeof validateRuleFile> = [];
      expect(() => (problems = validateRuleFile(file))).not.toThrow();
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: c.path, message: expect.stringContaining(c.because) }),
        ]),
      );
      expect(() => compileRuleSet(file)).toThrow(/invalid rule file/);
    },
  );
});
