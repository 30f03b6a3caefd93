import { contractProblems } from './check-contract';
import { ContractSet } from './contract-set';
import { defineContract, fact, parameter, value } from './contract';
import { evaluateUnderContract, RuleContractViolationError } from './evaluate-under-contract';
import { compileRuleSet } from '../compile-rule-set';
import type { RuleFile } from '../rule-file.types';

const GATE = defineContract({
  ruleSet: 'demo-gate',
  description: 'a gate',
  facts: {
    amount: fact.decimal(),
    mode: fact.enum(['a', 'b']),
    note: fact.string().orNull(),
  },
  parameters: { windowDays: parameter.integer() },
  reasonCodes: { pattern: '^PPS\\.9\\d{3}$', description: 'PPS.9xxx' },
});

const VALUED = defineContract({
  ruleSet: 'demo-value',
  description: 'decides a destination',
  facts: { mode: fact.enum(['a', 'b']) },
  value: value.object({ to: value.enum(['left', 'right']) }),
  reasonCodes: { pattern: '^PPS\\.9\\d{3}$', description: 'PPS.9xxx' },
});

function gateFile(overrides: Partial<RuleFile> = {}): RuleFile {
  return {
    ruleSet: 'demo-gate',
    version: '1.0.0',
    description: 'demo',
    parameters: { windowDays: { type: 'integer', value: 3 } },
    facts: { mode: { type: 'enum', values: ['a', 'b'], example: 'a' } },
    rules: [
      {
        name: 'no-b',
        priority: 1,
        conditions: { all: [{ fact: 'mode', operator: 'equal', value: 'b' }] },
        event: { type: 'deny', params: { reason: { code: 'PPS.9001', message: { zh: '否', en: 'no' } } } },
      },
    ],
    default: { effect: 'allow' },
    tests: [{ name: 'a', facts: {}, expected: { effect: 'allow' } }],
    ...overrides,
  };
}

function valueFile(to: string): RuleFile {
  return {
    ruleSet: 'demo-value',
    version: '1.0.0',
    description: 'demo',
    parameters: {},
    facts: { mode: { type: 'enum', values: ['a', 'b'], example: 'a' } },
    rules: [
      {
        name: 'a-goes',
        priority: 1,
        conditions: { all: [{ fact: 'mode', operator: 'equal', value: 'a' }] },
        event: { type: 'value', params: { value: { to } } },
      },
    ],
    default: { effect: 'allow', value: { to: 'left' } },
    tests: [{ name: 'a', facts: {}, expected: { effect: 'allow' } }],
  };
}

const paths = (problems: Array<{ path: string }>) => problems.map((p) => p.path);

describe('contractProblems', () => {
  it('accepts a version using fewer facts than the contract supplies', () => {
    expect(contractProblems(gateFile(), GATE)).toEqual([]);
  });

  it('names each broken place by its JSON path, all at once', () => {
    const file = gateFile({
      parameters: { windowDays: { type: 'decimal', value: '3' } },
      facts: {
        mode: { type: 'enum', values: ['a'] },
        amount: { type: 'integer' },
        note: { type: 'string' },
        extra: { type: 'boolean' },
      },
    });
    (file.rules[0].event.params ??= {}).reason = { code: 'CBC.0100', message: { zh: '否', en: 'no' } };
    expect(paths(contractProblems(file, GATE))).toEqual([
      '$.facts.mode.values',
      '$.facts.amount.type',
      '$.facts.note.required',
      '$.facts.extra',
      '$.rules[0].event.params.reason.code',
      '$.parameters.windowDays.type',
    ]);
    expect(paths(contractProblems(gateFile({ parameters: {} }), GATE))).toEqual(['$.parameters.windowDays']);
  });

  it('checks every value an event or the default can produce against the closed outcome schema', () => {
    expect(contractProblems(valueFile('right'), VALUED)).toEqual([]);
    expect(paths(contractProblems(valueFile('up'), VALUED))).toEqual(['$.rules[0].event.params.value.to']);
    const noDefault = valueFile('left');
    noDefault.default = { effect: 'allow' };
    expect(paths(contractProblems(noDefault, VALUED))).toEqual(['$.default.value']);
    const gateWithValue = gateFile();
    gateWithValue.rules[0].event = { type: 'value', params: { value: { to: 'left' } } };
    expect(paths(contractProblems(gateWithValue, GATE))).toEqual(['$.rules[0].event.type']);
  });

  it('a rule set without a contract may be stored but not activated', () => {
    const set = new ContractSet([GATE]);
    const stray = { ...gateFile(), ruleSet: 'stray' };
    expect(set.publishProblems(stray)).toEqual([]);
    expect(paths(set.activationProblems(stray))).toEqual(['$.ruleSet']);
  });
});

describe('evaluateUnderContract', () => {
  it('gives the version only the facts it declares, and types the outcome', () => {
    const compiled = compileRuleSet(gateFile());
    const { outcome, evaluation } = evaluateUnderContract(GATE, compiled, { amount: '1.00', mode: 'a' });
    expect(outcome).toEqual({ effect: 'allow' });
    expect(evaluation.facts).toEqual({ mode: 'a' });
  });

  it('an outcome outside the contract, or facts breaking it, is a RuleContractViolationError (500)', () => {
    const moon = compileRuleSet(valueFile('up'));
    const breach = (() => {
      try {
        evaluateUnderContract(VALUED, moon, { mode: 'a' });
      } catch (e) {
        return e;
      }
    })();
    expect(breach).toBeInstanceOf(RuleContractViolationError);
    expect(breach).toMatchObject({ status: 500, code: 'PPS.0510', violation: 'outcome' });
    expect(() =>
      evaluateUnderContract(GATE, compileRuleSet(gateFile()), { amount: 5 as unknown as string, mode: 'a' }),
    ).toThrow(expect.objectContaining({ code: 'PPS.0511' }));
  });
});
