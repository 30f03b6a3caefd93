import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A candidate `refund-destination` 1.1.0, derived from the shipped 1.0.0: a customer switched from
 * referral to resale is refunded to the customer's account instead of the partner's. Its embedded
 * test of that case says so too (publishing runs the embedded tests).
 */
export function refundCandidate(): Record<string, unknown> {
  const file = JSON.parse(readFileSync(path.join(__dirname, '../../../rules/refund-destination/1.0.0.json'), 'utf8'));
  file.version = '1.1.0';
  const rule = file.rules.find((r: { name: string }) => r.name === 'referral-switched-to-resale-refunds-to-partner');
  if (!rule)
    throw new Error('refund-destination 1.0.0 no longer has the referral → resale rule this candidate changes');
  rule.event.params.value = { destination: 'customer_account' };
  rule.event.params.reason = {
    code: 'PPS.3103',
    message: { zh: '退款至客户账户', en: "Refund to the customer's account" },
  };
  let changedTests = 0;
  for (const test of file.tests) {
    if (
      test.expected?.value?.destination === 'association_partner_account' &&
      /switched from referral to resale/.test(test.name)
    ) {
      test.name = 'customer switched from referral to resale is refunded to the customer';
      test.expected = { ...test.expected, value: { destination: 'customer_account' }, reasons: ['PPS.3103'] };
      changedTests++;
    }
  }
  if (changedTests !== 1) throw new Error(`expected one embedded test of the switched case, found ${changedTests}`);
  return file;
}
