import { diffRuleFiles } from './diff-rule-files';
import type { RuleFile } from './rule-file.types';

const base: RuleFile = {
  ruleSet: 'example',
  version: '1.0.0',
  description: 'example',
  parameters: { limit: { type: 'integer', value: 1 }, gone: { type: 'integer', value: 5 } },
  facts: { count: { type: 'integer' } },
  rules: [
    {
      name: 'kept',
      priority: 10,
      conditions: { all: [{ fact: 'count', operator: 'greaterThan', value: 1 }] },
      event: { type: 'deny', params: { reason: { code: 'PPS.0001', message: { zh: 'x', en: 'x' } } } },
    },
    {
      name: 'changed',
      priority: 10,
      conditions: { all: [{ fact: 'count', operator: 'equal', value: 2 }] },
      event: { type: 'deny', params: { reason: { code: 'PPS.0002', message: { zh: 'y', en: 'y' } } } },
    },
    {
      name: 'removed',
      priority: 5,
      conditions: { all: [{ fact: 'count', operator: 'equal', value: 3 }] },
      event: { type: 'deny', params: { reason: { code: 'PPS.0003', message: { zh: 'z', en: 'z' } } } },
    },
  ],
  default: { effect: 'allow' },
  tests: [{ name: 'one', facts: {}, expected: { effect: 'allow' } }],
};

describe('diffRuleFiles', () => {
  it('lists rules added, removed and changed, and parameters added, removed and changed', () => {
    const next = structuredClone(base);
    next.version = '1.1.0';
    next.parameters.limit.value = 3;
    delete next.parameters.gone;
    next.parameters.fresh = { type: 'integer', value: 7 };
    next.rules[1].priority = 20;
    next.rules.splice(2, 1);
    next.rules.push({ ...structuredClone(base.rules[0]), name: 'added' });
    const diff = diffRuleFiles(base, next);
    expect(diff).toMatchObject({
      rulesAdded: ['added'],
      rulesRemoved: ['removed'],
      rulesChanged: ['changed'],
      parametersChanged: [{ name: 'limit', from: 1, to: 3 }],
      parametersAdded: [{ name: 'fresh', value: 7 }],
      parametersRemoved: [{ name: 'gone', value: 5 }],
      defaultChanged: false,
    });
  });

  it('finds nothing between a file and itself, whatever the key order', () => {
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reverseKeys(v)]),
            )
          : value;
    expect(diffRuleFiles(base, reverseKeys(base) as RuleFile)).toMatchObject({
      rulesAdded: [],
      rulesRemoved: [],
      rulesChanged: [],
      parametersChanged: [],
    });
  });
});
