import { canonicalJson, sha256OfCanonicalJson } from './canonical-json';
import { compileRuleSet } from './compile-rule-set';
import { FactValidationError, RuleFileInvalidError } from './rule-errors';
import type { RuleFile } from './rule-file.types';

/** A small rule set that uses a parameter, a fact reference, a period and every boolean operator. */
function ruleFile(): RuleFile {
  return {
    ruleSet: 'example',
    version: '1.0.0',
    description: 'example',
    parameters: { validityDays: { type: 'integer', value: 15 }, cap: { type: 'decimal', value: '100.00' } },
    facts: {
      amount: { type: 'decimal' },
      balance: { type: 'decimal' },
      now: { type: 'instant' },
      approvedAt: { type: 'instant', required: false },
      mode: { type: 'enum', values: ['referral', 'resale'] },
    },
    rules: [
      {
        name: 'over-balance',
        priority: 10,
        conditions: { all: [{ fact: 'amount', operator: 'decimalGreaterThan', value: { fact: 'balance' } }] },
        event: {
          type: 'deny',
          params: { reason: { code: 'CBC.5003', message: { zh: '余额不足', en: 'Insufficient balance' } } },
        },
      },
      {
        name: 'over-cap-or-expired',
        priority: 20,
        conditions: {
          any: [
            { fact: 'amount', operator: 'decimalGreaterThan', value: { param: 'cap' } },
            {
              not: {
                fact: 'now',
                operator: 'withinDays',
                value: { fact: 'approvedAt' },
                days: { param: 'validityDays' },
              },
            },
          ],
        },
        event: {
          type: 'deny',
          params: { reason: { code: 'PPS.0001', message: { zh: '超限', en: 'Over the cap or expired' } } },
        },
      },
    ],
    default: { effect: 'allow' },
    tests: [{ name: 'ok', facts: {}, expected: { effect: 'allow' } }],
  };
}

const facts = {
  amount: '50.00',
  balance: '60.00',
  now: '2024-01-10T00:00:00Z',
  approvedAt: '2024-01-01T00:00:00Z',
  mode: 'resale',
};

describe('compileRuleSet', () => {
  it('evaluates to allow with every rule and condition reported, fact value next to compared value', () => {
    const evaluation = compileRuleSet(ruleFile()).evaluate(facts);
    expect(evaluation.outcome).toEqual({ effect: 'allow' });
    expect(evaluation.matchedRules).toEqual([]);
    expect(evaluation.results).toEqual([
      {
        rule: 'over-cap-or-expired',
        priority: 20,
        result: false,
        conditions: [
          { fact: 'amount', operator: 'decimalGreaterThan', factValue: '50.00', value: '100.00', result: false },
          {
            fact: 'now',
            operator: 'withinDays(15)',
            factValue: '2024-01-10T00:00:00Z',
            value: '2024-01-01T00:00:00Z',
            result: true,
          },
        ],
      },
      {
        rule: 'over-balance',
        priority: 10,
        result: false,
        conditions: [
          { fact: 'amount', operator: 'decimalGreaterThan', factValue: '50.00', value: '60.00', result: false },
        ],
      },
    ]);
  });

  it('denies with the reasons of every matched deny rule, the highest priority first', () => {
    const evaluation = compileRuleSet(ruleFile()).evaluate({ ...facts, amount: '150.00' });
    expect(evaluation.outcome).toEqual({ effect: 'deny' });
    expect(evaluation.matchedRules).toEqual(['over-cap-or-expired', 'over-balance']);
    expect(evaluation.reasons.map((reason) => reason.code)).toEqual(['PPS.0001', 'CBC.5003']);
  });

  it('evaluates an optional fact left out as null, so that the period check fails closed', () => {
    const evaluation = compileRuleSet(ruleFile()).evaluate({ ...facts, approvedAt: undefined });
    expect(evaluation.facts.approvedAt).toBeNull();
    expect(evaluation.reasons.map((reason) => reason.code)).toEqual(['PPS.0001']);
  });

  it('throws a CBC.0100 FactValidationError naming every bad fact before evaluating', () => {
    const compiled = compileRuleSet(ruleFile());
    let caught: unknown;
    try {
      compiled.evaluate({ amount: 50, now: '2024-01-10', mode: 'wholesale', extra: true });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FactValidationError);
    const error = caught as FactValidationError;
    expect(error.code).toBe('CBC.0100');
    expect(error.status).toBe(400);
    expect(error.problems.map((problem) => problem.fact)).toEqual(['amount', 'balance', 'now', 'mode', 'extra']);
    expect(error.message).toContain('amount must be a decimal string such as "100.00", not a JSON number');
    expect(error.message).toContain('balance is required');
    expect(error.message).toContain('extra is not a declared fact of rule set example');
  });

  it('refuses to compile an invalid file, with every problem in the error', () => {
    const file = ruleFile();
    file.rules[0].conditions = { all: [{ fact: 'amount', operator: 'greaterThan', value: 1 }] };
    file.rules[1].name = 'over-balance';
    expect(() => compileRuleSet(file)).toThrow(RuleFileInvalidError);
    try {
      compileRuleSet(file);
    } catch (error) {
      expect((error as RuleFileInvalidError).problems.map((problem) => problem.path)).toEqual([
        '$.rules[0].conditions.all[0].operator',
        '$.rules[0].conditions.all[0].value',
        '$.rules[1].name',
      ]);
    }
  });

  it('is deterministic: the same file and facts give the same evaluation, whatever the clock says', () => {
    const first = canonicalJson(compileRuleSet(ruleFile()).evaluate(facts));
    jest.useFakeTimers({ now: new Date('2099-01-01T00:00:00Z') });
    try {
      expect(canonicalJson(compileRuleSet(JSON.parse(JSON.stringify(ruleFile())) as RuleFile).evaluate(facts))).toBe(
        first,
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it('identifies the version by the sha256 of its canonical JSON and does not let callers mutate it', () => {
    const file = ruleFile();
    const compiled = compileRuleSet(file);
    expect(compiled.contentHash).toBe(sha256OfCanonicalJson(file));
    file.parameters.cap.value = '1.00';
    expect(compiled.evaluate({ ...facts, amount: '50.00' }).outcome.effect).toBe('allow');
    expect(Object.isFrozen(compiled.file.parameters.cap)).toBe(true);
  });
});
