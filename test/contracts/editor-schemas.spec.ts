import Ajv from 'ajv';
import { CONTRACTS } from '@pps/partners/contracts';
import { editorSchemaPath, editorSchemaText, RULE_FILE_SCHEMA } from '@pps/rules';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../apps/policy-cli/src/cli-runner';

const RULES = path.join(__dirname, '..', '..', 'rules');

describe('editor schemas (rules/<set>.schema.json) are generated from the contracts in code', () => {
  it.each(CONTRACTS.map((c) => [c.ruleSet, c] as const))(
    '%s: the committed file is what the contract generates (else run `npm run policy -- schemas`)',
    (_set, contract) => {
      const committed = readFileSync(path.join(RULES, editorSchemaPath(contract.ruleSet)), 'utf8');
      expect(committed).toBe(editorSchemaText(contract));
    },
  );

  it('`policy schemas --check` reports a stale file and exits non-zero', async () => {
    const out: string[] = [];
    const code = await runCli(['schemas', '--check'], {
      cwd: RULES,
      env: {},
      rulesDir: path.join(__dirname, '..', 'fixtures', 'rules'), // no generated schemas there
      out: (line) => out.push(line),
      err: () => undefined,
    });
    expect(code).not.toBe(0);
    expect(out.join('\n')).toContain('stale');
  });

  it('every shipped rule file is valid under its rule set editor schema; a foreign destination is not', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(RULE_FILE_SCHEMA); // $id https://pps.local/rules/rule-file.schema.json
    for (const contract of CONTRACTS) {
      const schema = JSON.parse(readFileSync(path.join(RULES, editorSchemaPath(contract.ruleSet)), 'utf8'));
      // As an editor resolves it: beside rule-file.schema.json.
      const validate = ajv.compile({ ...schema, $id: `https://pps.local/rules/${editorSchemaPath(contract.ruleSet)}` });
      for (const name of readdirSync(path.join(RULES, contract.ruleSet)).filter((n) =>
        /^\d+\.\d+\.\d+\.json$/.test(n),
      )) {
        const file = JSON.parse(readFileSync(path.join(RULES, contract.ruleSet, name), 'utf8'));
        expect({ file: `${contract.ruleSet}/${name}`, errors: validate(file) ? null : validate.errors }).toEqual({
          file: `${contract.ruleSet}/${name}`,
          errors: null,
        });
        if (contract.ruleSet === 'refund-destination') {
          const moon = JSON.parse(JSON.stringify(file).replace(/customer_account/g, 'moon_account'));
          expect(validate(moon)).toBe(false);
        }
      }
    }
  });
});
