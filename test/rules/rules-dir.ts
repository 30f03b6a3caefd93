import * as path from 'node:path';

/** The shipped rule files and the test fixtures, relative to the repository root. */
export const RULES_DIR = path.join(__dirname, '..', '..', 'rules');
export const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures', 'rules');
export const RULE_SETS = [
  'association',
  'account-adjustment',
  'incentive-payout',
  'voucher-issuance',
  'deal-registration',
  'refund-destination',
] as const;
