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
  const file = { ...base, version, rules, tests };
  // Padding as rule descriptions (a file's strings are limited in length, not in number).
  const generated = rules.length - base.rules.length;
  const missing = options.targetBytes - JSON.stringify(file).length;
  if (missing > 0 && generated > 0) {
    const each = Math.ceil(missing / generated);
    for (let i = base.rules.length; i < rules.length; i++)
      rules[i] = {
        ...rules[i],
        description: 'Generated for a large-file test. '.repeat(Math.ceil(each / 33)).slice(0, each),
      };
  }
  return file;
}
