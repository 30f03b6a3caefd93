import {
  compileRuleSet,
  FactValidationError,
  loadRulesDir,
  parseRuleFileText,
  RULE_FILE_LIMITS,
  validateRuleFile,
  type RuleFile,
} from '@pps/rules';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../apps/policy-cli/src/cli-runner';
import { RULES_DIR } from './rules-dir';

/**
 * Hostile rule files get problems at their paths — from the text (CLI, disk) and from an already
 * parsed value (the API's body) — and nothing throws: no stack overflow in scanner, validator,
 * compiler or evaluator, and one bad file in a folder hides none of the others.
 */
const NESTING = `nesting deeper than ${RULE_FILE_LIMITS.maxDepth} levels (objects and arrays); nothing below this point was checked`;

function fileWith(conditions: string, extra = ''): string {
  return `{"ruleSet":"hostile","version":"1.0.0","description":"d","parameters":{},${extra}
"facts":{"a":{"type":"integer","example":1}},
"rules":[{"name":"r","priority":1,"conditions":${conditions},"event":{"type":"deny","params":{"reason":{"code":"PPS.9999","message":{"zh":"z","en":"e"}}}}}],
"default":{"effect":"allow"},"tests":[{"name":"t","facts":{},"expected":{"effect":"allow"}}]}`;
}

const LEAF = '{"fact":"a","operator":"equal","value":1}';
const nestedNot = (depth: number): string => '{"not":'.repeat(depth) + LEAF + '}'.repeat(depth);
const nestedAll = (depth: number): string => '{"all":['.repeat(depth) + LEAF + ']}'.repeat(depth);

/** Both ways in: the text (CLI) and the parsed value (HTTP body); neither may throw. */
function problemsOf(text: string) {
  let fromText: ReturnType<typeof parseRuleFileText> | undefined;
  expect(() => (fromText = parseRuleFileText(text, 'hostile.json'))).not.toThrow();
  let parsed: unknown;
  expect(() => (parsed = JSON.parse(text))).not.toThrow(); // V8's JSON.parse does not recurse
  let fromValue: ReturnType<typeof validateRuleFile> = [];
  expect(() => (fromValue = validateRuleFile(parsed))).not.toThrow();
  expect(() => compileRuleSet(parsed as RuleFile)).toThrow(/invalid rule file/);
  return { text: (fromText as unknown as ReturnType<typeof parseRuleFileText>).problems, value: fromValue };
}

describe('hostile rule files', () => {
  it("depth 1,500 (not inside not): one nesting problem at the limit's level, nothing thrown", () => {
    const { text, value } = problemsOf(fileWith(nestedNot(1500)));
    const at = '$.rules[0].conditions' + '.not'.repeat(RULE_FILE_LIMITS.maxDepth - 3);
    expect(text).toEqual([{ file: 'hostile.json', path: at, message: NESTING, line: 3, column: expect.any(Number) }]);
    expect(value).toEqual([{ path: at, message: NESTING }]);
  });

  it('depth 5,000 (all inside all): one nesting problem at its path, no Ajv or scanner overflow', () => {
    const { text, value } = problemsOf(fileWith(nestedAll(5000)));
    const at = '$.rules[0].conditions' + '.all[0]'.repeat((RULE_FILE_LIMITS.maxDepth - 4) / 2) + '.all';
    expect(text.map((p) => [p.path, p.message])).toEqual([[at, NESTING]]);
    expect(value).toEqual([{ path: at, message: NESTING }]);
  });

  it('100,000 conditions: the count limit, not a crawl or a crash', () => {
    const wide = `{"all":[${Array.from({ length: 100_000 }, () => LEAF).join(',')}]}`;
    const { text, value } = problemsOf(fileWith(wide));
    const problem = {
      path: '$',
      message: '100001 conditions; a file holds at most 10000 (rules and shared conditions together)',
    };
    expect(text).toEqual([{ file: 'hostile.json', ...problem, line: 1, column: 1 }]);
    expect(value).toEqual([problem]);
  }, 30_000); // a 4 MB file, scanned twice and validated twice on a shared machine

  it('shared conditions that double at every level: the expanded size is refused', () => {
    const conditions: Record<string, unknown> = { c0: { all: [JSON.parse(LEAF)] } };
    for (let i = 1; i <= 25; i++)
      conditions[`c${i}`] = { all: [{ condition: `c${i - 1}` }, { condition: `c${i - 1}` }] };
    const text = fileWith('{"condition":"c25"}', `"language":2,"conditions":${JSON.stringify(conditions)},`);
    const { value } = problemsOf(text);
    // c0 is 2 nodes, each level doubles it and adds one: 3 × 2^25 − 1 once substituted
    expect(value).toEqual([
      {
        path: '$.rules',
        message: 'with shared conditions substituted, the rules hold 100663295 conditions; at most 100000',
      },
    ]);
  });

  it('a 500-digit number: "too long" at its path with line and column, never "unexpected character"', () => {
    const digits = '9'.repeat(500);
    const text = fileWith(`{"all":[{"fact":"a","operator":"equal","value":${digits}}]}`);
    const parsed = parseRuleFileText(text, 'hostile.json');
    expect(parsed.problems).toEqual([
      {
        file: 'hostile.json',
        path: '$.rules[0].conditions.all[0].value',
        message: 'number of 500 characters is longer than the limit of 40',
        line: 3,
        column: expect.any(Number),
      },
    ]);
    // the same number through JSON.parse (the API's body) is Infinity: out of range, at the same path
    expect(validateRuleFile(JSON.parse(text))).toEqual([
      { path: '$.rules[0].conditions.all[0].value', message: 'number is out of range (not a finite number)' },
    ]);
  });

  it('1,001 rules and a 10,001-character string: the rule and string limits, at their paths', () => {
    const rules = Array.from({ length: 1001 }, (_, i) => ({
      name: `r${i}`,
      priority: 1,
      conditions: { all: [] },
      event: { type: 'x' },
    }));
    const many = JSON.parse(fileWith(LEAF)) as Record<string, unknown>;
    expect(validateRuleFile({ ...many, rules })).toEqual([
      { path: '$.rules', message: '1001 rules; a file holds at most 1000' },
    ]);
    const long = JSON.parse(fileWith(LEAF.replace('"value":1', `"value":"${'x'.repeat(10_001)}"`))) as unknown;
    expect(validateRuleFile(long)).toEqual([
      {
        path: '$.rules[0].conditions.value',
        message: 'string of 10001 characters is longer than the limit of 10000',
      },
    ]);
  });

  it('a file over the size limit is refused before it is parsed', () => {
    const text = fileWith(LEAF.replace('"a"', `"${'a'.repeat(RULE_FILE_LIMITS.maxFileBytes)}"`));
    expect(parseRuleFileText(text, 'big.json').problems).toEqual([
      {
        file: 'big.json',
        path: '$',
        message: `file of ${Buffer.byteLength(text)} bytes is larger than the limit of ${RULE_FILE_LIMITS.maxFileBytes}`,
      },
    ]);
  });

  describe('facts named constructor, toString and __proto__ are never read from a prototype', () => {
    const file = (language: boolean): RuleFile =>
      JSON.parse(
        fileWith(
          '{"any":[{"fact":"constructor","operator":"equal","value":"x"},{"fact":"toString","operator":"equal","value":"y"},{"fact":"__proto__","operator":"equal","value":"z"}]}',
          language ? '"language":2,"allowUndefinedFacts":true,' : '',
        ).replace(
          '"facts":{"a":{"type":"integer","example":1}}',
          '"facts":{"constructor":{"type":"string","required":false},"toString":{"type":"string","required":false},"__proto__":{"type":"string","required":false}}',
        ),
      ) as RuleFile;

    it('validate as fact names (any string, as json-rules-engine)', () => {
      expect(validateRuleFile(file(false))).toEqual([]);
      expect(validateRuleFile(file(true))).toEqual([]);
    });

    it('left out: null in a legacy file, undefined at language 2 — never Object.prototype members', () => {
      let legacy: ReturnType<ReturnType<typeof compileRuleSet>['evaluate']> | undefined;
      expect(() => (legacy = compileRuleSet(file(false)).evaluate({}))).not.toThrow();
      expect(legacy?.results[0].conditions.map((c) => [c.fact, c.factValue, c.result])).toEqual([
        ['constructor', null, false],
        ['toString', null, false],
        ['__proto__', null, false],
      ]);
      const level2 = compileRuleSet(file(true)).evaluate({});
      expect(level2.results[0].conditions).toEqual([
        { fact: 'constructor', operator: 'equal', value: 'x', result: false },
        { fact: 'toString', operator: 'equal', value: 'y', result: false },
        { fact: '__proto__', operator: 'equal', value: 'z', result: false },
      ]);
    });

    it('given (even __proto__ from JSON text), they are read as own properties', () => {
      const facts = JSON.parse('{"constructor":"x","toString":"no","__proto__":"z"}') as Record<string, unknown>;
      const evaluation = compileRuleSet(file(true)).evaluate(facts);
      expect(evaluation.results[0].conditions.map((c) => [c.fact, c.factValue, c.result])).toEqual([
        ['constructor', 'x', true],
        ['toString', 'no', false],
        ['__proto__', 'z', true],
      ]);
      expect(Object.getPrototypeOf(evaluation.facts)).toBeNull();
    });

    it('a required one left out is "is required", not "must be a string; got function"', () => {
      const required = JSON.parse(
        JSON.stringify(file(false)).replace(/"required":false/g, '"required":true'),
      ) as RuleFile;
      const compiled = compileRuleSet(required);
      let error: unknown;
      try {
        compiled.evaluate({});
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(FactValidationError);
      expect((error as FactValidationError).problems).toEqual([
        { fact: 'constructor', message: 'is required (a string)' },
        { fact: 'toString', message: 'is required (a string)' },
        { fact: '__proto__', message: 'is required (a string)' },
      ]);
    });
  });

  it('a condition property named __proto__ is kept as data: no prototype changes, nothing polluted', () => {
    const text = fileWith(
      '{"all":[{"fact":"a","operator":"equal","value":1,"__proto__":{"polluted":true}}]}',
      '"language":2,',
    );
    const evaluation = compileRuleSet(JSON.parse(text) as RuleFile).evaluate({ a: 1 });
    const [condition] = evaluation.results[0].conditions;
    expect(Object.getPrototypeOf(condition)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(condition, '__proto__')).toBe(true);
    expect(JSON.stringify(condition)).toBe(
      '{"fact":"a","operator":"equal","__proto__":{"polluted":true},"factValue":1,"value":1,"result":true}',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('in / notIn over a fact that is not a list: a validation problem, never a TypeError', () => {
    const text = fileWith(
      '{"all":[{"fact":"a","operator":"in","value":{"fact":"b"}},{"fact":"a","operator":"notIn","value":{"fact":"b"}}]}',
    ).replace(
      '"facts":{"a":{"type":"integer","example":1}}',
      '"facts":{"a":{"type":"integer"},"b":{"type":"integer"}}',
    );
    expect(validateRuleFile(JSON.parse(text))).toEqual([
      {
        path: '$.rules[0].conditions.all[0].value.fact',
        message: 'operator "in" looks in a list, but fact "b" is integer',
      },
      {
        path: '$.rules[0].conditions.all[1].value.fact',
        message: 'operator "notIn" looks in a list, but fact "b" is integer',
      },
    ]);
  });

  it('a folder with one hostile file among good ones: every file gets its own line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pps-hostile-'));
    try {
      cpSync(path.join(RULES_DIR, 'account-adjustment'), path.join(dir, 'account-adjustment'), { recursive: true });
      cpSync(path.join(RULES_DIR, 'payment'), path.join(dir, 'payment'), { recursive: true });
      const hostile = path.join(dir, 'hostile', '1.0.0.json');
      mkdirSync(path.join(dir, 'hostile'));
      writeFileSync(hostile, fileWith(nestedAll(5000)));
      const entries = await loadRulesDir(dir);
      const hostileEntry = entries.find((entry) => entry.path === hostile);
      expect(hostileEntry?.problems.map((p) => p.message)).toEqual([NESTING]);
      const good = entries.filter((entry) => entry.path !== hostile);
      expect(good.length).toBeGreaterThanOrEqual(2);
      for (const entry of good) expect(entry.problems).toEqual([]);

      const out: string[] = [];
      const code = await runCli(['validate', dir], {
        cwd: dir,
        env: {},
        rulesDir: dir,
        out: (line) => out.push(line),
        err: (line) => out.push(line),
      });
      expect(code).toBe(1);
      expect(out.filter((line) => line.startsWith('ok    '))).toHaveLength(good.length);
      expect(out).toContain('FAIL  hostile/1.0.0.json  1 problem(s)');
      expect(out.join('\n')).toContain(
        `$.rules[0].conditions${'.all[0]'.repeat((RULE_FILE_LIMITS.maxDepth - 4) / 2)}.all  ${NESTING}`,
      );
      expect(out[out.length - 1]).toBe(`${entries.length} file(s), ${good.length} valid, 1 invalid`);
      expect(readFileSync(hostile, 'utf8').length).toBeGreaterThan(50_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
