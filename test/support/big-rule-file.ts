import { highestShipped, shippedRuleFile } from './rule-files';

/**
 * A large, valid account-adjustment rule file (the shipped rules plus generated ones, with embedded
 * tests), padded to about `targetBytes` of JSON — the kind of file that blocked the event loop for
 * seconds when it was validated in the request's thread.
 */
export function bigAccountAdjustmentFile(
  version: string,
  options: { rules: number; tests: number; targetBytes: number },
): Record<string, unknown> {
  const base = shippedRuleFile('account-adjustment', highestShipped('account-adjustment'));
  const rules = [...base.rules];
  for (let i = rules.length; i < options.rules; i++) {
    rules.push({
      name: `generated-exact-amount-${i}`,
      priority: 10,
      conditions: {
        all: [
          { fact: 'operation', operator: 'equal', value: 'allocate' },
          { fact: 'amount', operator: 'decimalEqual', value: `${100000 + i}.37` },
        ],
      },
      event: { type: 'deny', params: { reason: { code: 'PPS.6999', message: { zh: '生成的规则', en: `rule ${i}` } } } },
    });
  }
  const tests = [...base.tests];
  for (let i = tests.length; i < options.tests; i++)
    tests.push({ name: `generated ${i}`, facts: { amount: `${(i % 900) + 1}.00` }, expected: { effect: 'allow' } });
  const file = { ...base, version, rules, tests, description: base.description };
  const size = JSON.stringify(file).length;
  if (size < options.targetBytes)
    file.description = `${base.description} ${'(padding for a large-file test) '.repeat(Math.ceil((options.targetBytes - size) / 32))}`;
  return file;
}
