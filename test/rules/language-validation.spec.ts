import { validateRuleFile, type RuleFile } from '@pps/rules';

/** The checks of json-rules-engine's language that a schema cannot express, each at its path. */
function file(patch: Record<string, unknown>, conditions: unknown): RuleFile {
  return {
    language: 2,
    ruleSet: 'language',
    version: '1.0.0',
    description: 'd',
    parameters: {},
    facts: {
      count: { type: 'integer' },
      user: { type: 'object', schema: { type: 'object' } },
      tags: { type: 'list', items: 'string' },
      data: { type: 'json' },
    },
    rules: [{ name: 'r', priority: 1, conditions, event: { type: 'x' } }],
    default: { effect: 'allow' },
    tests: [{ name: 't', facts: {}, expected: { effect: 'allow' } }],
    ...patch,
  } as unknown as RuleFile;
}

describe('the condition language, validated', () => {
  it('accepts the whole language: paths, value { fact, path }, decorators, priorities, names, custom properties, shared conditions', () => {
    expect(
      validateRuleFile(
        file(
          { conditions: { adult: { all: [{ fact: 'count', operator: 'greaterThan', value: 17 }] } } },
          {
            any: [
              { condition: 'adult', priority: 3 },
              { fact: 'user', path: '$.address.city', operator: 'equal', value: 'Shanghai', name: 'city', customId: 7 },
              { fact: 'tags', operator: 'someFact:in', value: ['a', 'b'], priority: 2 },
              { fact: 'count', operator: 'lessThan', value: { fact: 'user', path: '$.limit' } },
              { fact: 'data', operator: 'not:everyValue:equal', value: [1, 2] },
              { all: [] },
              { any: [] },
              { not: { fact: 'count', operator: 'swap:in', value: [1] } },
            ],
          },
        ),
      ),
    ).toEqual([]);
  });

  it('refuses what json-rules-engine would refuse or could not mean, at its path', () => {
    expect(
      validateRuleFile(
        file(
          { conditions: { leafy: { fact: 'count', operator: 'equal', value: 1 } } },
          {
            all: [
              { fact: 'count', path: '$.a', operator: 'equal', value: 1 },
              { fact: 'count', operator: 'contains', value: 1 },
              { not: [{ fact: 'count', operator: 'equal', value: 1 }] },
              { fact: 'count', operator: 'equal', value: 1, any: [] },
              { fact: 'tags', operator: 'contains', value: 5 },
              { fact: 'count', operator: 'in', value: { fact: 'data', params: {} } },
            ],
          },
        ),
      ),
    ).toEqual([
      { path: '$.rules[0].conditions.all[2].not', message: 'must be object' }, // the schema's, first
      {
        path: '$.conditions.leafy',
        message:
          "a shared condition is { all }, { any }, { not } or { condition }, not a leaf (as json-rules-engine's setCondition requires)",
      },
      {
        path: '$.rules[0].conditions.all[0].path',
        message: 'a path reads into an object, list or json fact; "count" is integer',
      },
      {
        path: '$.rules[0].conditions.all[1].operator',
        message: 'operator "contains" does not apply to integer fact "count" (it takes list | json)',
      },
      { path: '$.rules[0].conditions.all[2].not', message: '"not" takes one condition, not a list' },
      {
        path: '$.rules[0].conditions.all[3]',
        message:
          'a condition is exactly one of { all: [...] }, { any: [...] }, { not: {...} }, { condition: name } or { fact, operator, value }; found any, fact',
      },
      { path: '$.rules[0].conditions.all[4].value', message: 'value must be a string' },
      {
        path: '$.rules[0].conditions.all[5].value.params',
        message:
          'fact "params" are arguments of json-rules-engine\'s dynamic facts (JavaScript functions); here every fact is data the caller supplies, so a fact takes no params',
      },
    ]);
  });

  it("at language 2 a rule's root is not a leaf (a legacy file keeps its wrapped leaf roots)", () => {
    const leafRoot = { fact: 'count', operator: 'equal', value: 1 };
    expect(validateRuleFile(file({}, leafRoot))).toEqual([
      {
        path: '$.rules[0].conditions',
        message:
          "the root of a rule's conditions is { all }, { any }, { not } or { condition }, not a leaf (as json-rules-engine requires)",
      },
    ]);
    const { language: _language, ...legacy } = file({}, leafRoot) as unknown as Record<string, unknown>;
    expect(validateRuleFile(legacy)).toEqual([]);
  });

  it("an object fact's schema must be a valid JSON Schema", () => {
    const problems = validateRuleFile(
      file({ facts: { user: { type: 'object', schema: { type: 'no-such-type' } } } }, { all: [] }),
    );
    expect(problems).toEqual([
      { path: '$.facts.user.schema', message: expect.stringMatching(/^not a valid JSON Schema: /) },
    ]);
  });
});
