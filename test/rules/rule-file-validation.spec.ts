import { loadRuleFile, loadRulesDir, validateRuleFile, type RuleProblem } from '@pps/rules';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES_DIR, RULES_DIR } from './rules-dir';

const notOk = (name: string): string => path.join(FIXTURES_DIR, 'not-ok', name);

function problemsOf(name: string): Promise<RuleProblem[]> {
  return loadRuleFile(notOk(name)).then((result) => {
    expect(result.file).toBeUndefined();
    return result.problems;
  });
}

describe('rule file validation', () => {
  it('accepts the valid base fixture with no problem', async () => {
    const result = await loadRuleFile(path.join(FIXTURES_DIR, 'valid-base.json'));
    expect(result.problems).toEqual([]);
    expect(result.file?.ruleSet).toBe('fixture');
  });

  it('reports invalid JSON with the file, line and column of the syntax error', async () => {
    const problems = await problemsOf('bad-json.json');
    expect(problems).toEqual([
      {
        file: notOk('bad-json.json'),
        path: '$',
        message: "invalid JSON: unexpected character \"\\\"\", expected ',' or '}' at line 5 column 3",
        line: 5,
        column: 3,
      },
    ]);
  });

  it('reports every schema violation at once, each with its JSON path and line', async () => {
    const problems = await problemsOf('schema-violation.json');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: notOk('schema-violation.json'),
          path: '$.description',
          message: 'required property is missing',
          line: 1,
          column: 1,
        }),
        expect.objectContaining({ path: '$.rules[0].priority', message: 'must be integer' }),
        expect.objectContaining({
          path: '$.rules[1].event.params.reason.code',
          message: 'must match the pattern ^(CBC|PPS)\\.[0-9]{4,8}$',
        }),
        expect.objectContaining({
          path: '$.rules[2].colour',
          message: 'unknown property (not in the rule-file schema)',
        }),
      ]),
    );
    const priority = problems.find((problem) => problem.path === '$.rules[0].priority');
    expect(priority?.line).toBeGreaterThan(1);
  });

  it('reports an unknown operator with the path of the operator', async () => {
    const problems = await problemsOf('unknown-operator.json');
    expect(problems).toEqual([
      expect.objectContaining({
        path: '$.rules[1].conditions.all[0].operator',
        message: expect.stringMatching(/^unknown operator "equals"; known operators: equal, notEqual/),
      }),
    ]);
  });

  it('reports a fact used but not declared with the path of the fact', async () => {
    expect(await problemsOf('undeclared-fact.json')).toEqual([
      expect.objectContaining({
        path: '$.rules[1].conditions.all[0].fact',
        message: 'fact "customerMode" is not declared in $.facts',
      }),
    ]);
  });

  it('reports a duplicate rule name with the path of the second rule and the first one', async () => {
    expect(await problemsOf('duplicate-rule-name.json')).toEqual([
      expect.objectContaining({
        path: '$.rules[2].name',
        message: 'duplicate rule name "no-adjustment-for-referral-customers" (first used at $.rules[1])',
      }),
    ]);
  });

  it('reports money compared as a JS number, both the numeric operator and the float value', async () => {
    expect(await problemsOf('float-money-comparison.json')).toEqual([
      expect.objectContaining({
        path: '$.rules[2].conditions.all[0].operator',
        message: 'money compared as a JS number: "greaterThan" on decimal fact "amount"; use "decimalGreaterThan"',
      }),
      expect.objectContaining({
        path: '$.rules[2].conditions.all[0].value',
        message: 'money compared as a JS number: value 100.5 must be a decimal string such as "100.50"',
      }),
    ]);
  });

  it('reports a decimal operator given a JSON number as money compared as a JS number', () => {
    const file = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'valid-base.json'), 'utf8')) as {
      rules: Array<{ conditions: { all: unknown[] } }>;
    };
    file.rules[2].conditions.all[0] = { fact: 'amount', operator: 'decimalGreaterThan', value: 100.5 };
    expect(validateRuleFile(file)).toEqual([
      {
        path: '$.rules[2].conditions.all[0].value',
        message: 'money compared as a JS number: value 100.5 must be a decimal string such as "100.50"',
      },
    ]);
  });

  it('reports a parameter referenced but not declared', async () => {
    expect(await problemsOf('missing-parameter.json')).toEqual([
      expect.objectContaining({
        path: '$.rules[0].conditions.all[0].value.param',
        message: 'parameter "maxDecimals" is referenced but not declared in $.parameters',
      }),
    ]);
  });

  it('reports all problems of a file at once, not just the first', async () => {
    const problems = await problemsOf('many-problems.json');
    expect(problems.map((problem) => problem.path).sort()).toEqual(
      [
        '$.rules[0].conditions.all[0].value.param',
        '$.rules[1].conditions.all[0].operator',
        '$.rules[2].name',
        '$.version',
      ].sort(),
    );
    for (const problem of problems) expect(problem.line).toEqual(expect.any(Number));
  });

  it('fails every fixture under not-ok, none silently', async () => {
    const loaded = await loadRulesDir(path.join(FIXTURES_DIR, 'not-ok'));
    expect(loaded.length).toBeGreaterThanOrEqual(8);
    for (const entry of loaded) {
      expect({ path: entry.path, failed: entry.problems.length > 0, usable: entry.file !== undefined }).toEqual({
        path: entry.path,
        failed: true,
        usable: false,
      });
    }
  });

  it('refuses a file whose version or rule set differs from its file name and folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-rules-'));
    try {
      mkdirSync(path.join(dir, 'association'));
      const text = readFileSync(path.join(RULES_DIR, 'account-adjustment', '1.0.0.json'), 'utf8');
      writeFileSync(path.join(dir, 'association', '1.0.1.json'), text);
      const [entry] = await loadRulesDir(dir);
      expect(entry.file).toBeUndefined();
      expect(entry.problems).toEqual([
        {
          file: path.join(dir, 'association', '1.0.1.json'),
          path: '$.version',
          message: 'version "1.0.0" differs from the file name 1.0.1.json',
        },
        {
          file: path.join(dir, 'association', '1.0.1.json'),
          path: '$.ruleSet',
          message: 'rule set "account-adjustment" differs from its folder "association"',
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an enum literal outside the fact values', () => {
    const file = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'valid-base.json'), 'utf8')) as {
      rules: Array<{ conditions: { all: unknown[] } }>;
    };
    file.rules[1].conditions.all[0] = { fact: 'associationMode', operator: 'equal', value: 'resell' };
    expect(validateRuleFile(file, 'inline.json')).toEqual([
      {
        file: 'inline.json',
        path: '$.rules[1].conditions.all[0].value',
        message: 'value must be one of ["referral","resale"]',
      },
    ]);
  });
});
