import {
  compileRuleSet,
  createReferenceEngine,
  evaluateWithReferenceEngine,
  FactValidationError,
  validateRuleFile,
  type RuleFile,
} from '@pps/rules';

/**
 * An optional fact left out: json-rules-engine's undefined at language 2 (the file picks
 * allowUndefinedFacts, default false as json-rules-engine's), and null in a legacy file — the
 * semantics of every version published before language 2, kept so that their decisions replay
 * exactly. Each answer is also json-rules-engine's, fed the caller's facts as sent.
 */
function file(level: { language?: 2; allowUndefinedFacts?: boolean }): RuleFile {
  return {
    ...level,
    ruleSet: 'undefined-facts',
    version: '1.0.0',
    description: 'an optional fact compared with null',
    parameters: {},
    facts: { note: { type: 'string', required: false }, amount: { type: 'decimal', example: '1.00' } },
    rules: [
      {
        name: 'note-is-null',
        priority: 2,
        conditions: { all: [{ fact: 'note', operator: 'equal', value: null }] },
        event: { type: 'value', params: { value: 'null' } },
      },
      {
        name: 'note-is-not-null',
        priority: 1,
        conditions: { all: [{ fact: 'note', operator: 'notEqual', value: null }] },
        event: { type: 'value', params: { value: 'not null' } },
      },
    ],
    default: { effect: 'allow', value: 'none' },
    tests: [{ name: 't', facts: {}, expected: { effect: 'allow' } }],
  };
}

async function reference(compiled: ReturnType<typeof compileRuleSet>, facts: Record<string, unknown>) {
  try {
    return await evaluateWithReferenceEngine(compiled, createReferenceEngine(compiled), facts);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('undefined facts', () => {
  const facts = { amount: '1.00' }; // note left out

  it('legacy file (no language): left out is null — equal null fires, as every published version always did', async () => {
    const compiled = compileRuleSet(file({}));
    expect(compiled.language).toBe(1);
    const ours = compiled.evaluate(facts);
    expect(ours.matchedRules).toEqual(['note-is-null']);
    expect(ours.facts).toEqual({ note: null, amount: '1.00' }); // what decision records store and replay
    expect(ours.results[0].conditions).toEqual([
      { fact: 'note', operator: 'equal', factValue: null, value: null, result: true },
    ]);
    const bare = await reference(compiled, facts);
    expect('matchedRules' in bare && bare.matchedRules).toEqual(['note-is-null']);
    // a stored legacy decision's facts (null filled in) replay to the same answer
    expect(compiled.evaluate(ours.facts).matchedRules).toEqual(['note-is-null']);
  });

  it('language 2, default allowUndefinedFacts (false): a condition on it is a fact error, as json-rules-engine throws', async () => {
    const compiled = compileRuleSet(file({ language: 2 }));
    expect(compiled.allowUndefinedFacts).toBe(false);
    let error: unknown;
    try {
      compiled.evaluate(facts);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FactValidationError);
    expect((error as FactValidationError).problems).toEqual([
      {
        fact: 'note',
        message:
          'is undefined: the rule set reads it and its file does not allow undefined facts (allowUndefinedFacts)',
      },
    ]);
    expect(await reference(compiled, facts)).toEqual({ error: 'Undefined fact: note' });
  });

  it('language 2 with allowUndefinedFacts: undefined — equal null does not fire, notEqual null does', async () => {
    const compiled = compileRuleSet(file({ language: 2, allowUndefinedFacts: true }));
    const ours = compiled.evaluate(facts);
    expect(ours.matchedRules).toEqual(['note-is-not-null']);
    expect(ours.outcome).toEqual({ effect: 'allow', value: 'not null' });
    expect(ours.facts).toEqual({ amount: '1.00' });
    expect(ours.results.map((r) => r.conditions)).toEqual([
      [{ fact: 'note', operator: 'equal', value: null, result: false }], // no factValue: undefined
      [{ fact: 'note', operator: 'notEqual', value: null, result: true }],
    ]);
    const bare = await reference(compiled, facts);
    expect('matchedRules' in bare && bare.matchedRules).toEqual(['note-is-not-null']);
  });

  it('allowUndefinedFacts without language 2 is refused, saying why', () => {
    expect(validateRuleFile(file({ allowUndefinedFacts: true }))).toEqual([
      {
        path: '$.allowUndefinedFacts',
        message: 'allowUndefinedFacts needs "language": 2 (a legacy file reads a left-out optional fact as null)',
      },
    ]);
  });

  it('language 2: a typed fact sent as null is a fact error (null is not a string), not "left out"', () => {
    expect(() =>
      compileRuleSet(file({ language: 2, allowUndefinedFacts: true })).evaluate({ ...facts, note: null }),
    ).toThrow('invalid facts for rule set undefined-facts: note must be a string; got null');
  });
});
