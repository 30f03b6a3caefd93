import { checkRefundCoverage, loadRuleFile, type RuleFile } from '@pps/rules';
import * as path from 'node:path';
import { FIXTURES_DIR, RULES_DIR } from './rules-dir';

async function load(filePath: string): Promise<RuleFile> {
  const { file, problems } = await loadRuleFile(filePath);
  expect(problems).toEqual([]);
  return file as RuleFile;
}

describe('refund destination matrix coverage', () => {
  it('maps every combination of the shipped refund-destination facts to exactly one destination', async () => {
    const report = checkRefundCoverage(await load(path.join(RULES_DIR, 'refund-destination', '1.0.0.json')));
    // 3 modes at purchase × 3 current associations × 2 switch histories × 4 payment methods
    expect(report).toEqual({ ok: true, combinations: 72, gaps: [], overlaps: [], problems: [] });
  });

  it('reports a gap with every combination no rule decides', async () => {
    const report = checkRefundCoverage(await load(path.join(FIXTURES_DIR, 'refund-destination', 'gap.json')));
    expect(report.ok).toBe(false);
    expect(report.overlaps).toEqual([]);
    // modeAtPurchase none × 3 associations × 2 switch histories × 3 non-partner-paid methods
    expect(report.gaps).toHaveLength(18);
    expect(report.gaps).toContainEqual({
      modeAtPurchase: 'none',
      currentAssociation: 'same_partner',
      switchedReferralToResale: false,
      paymentMethod: 'online',
    });
    expect(report.gaps.every((gap) => gap.modeAtPurchase === 'none' && gap.paymentMethod !== 'partner_paid')).toBe(
      true,
    );
  });

  it('reports an overlap with the combination and both rules', async () => {
    const report = checkRefundCoverage(await load(path.join(FIXTURES_DIR, 'refund-destination', 'overlap.json')));
    expect(report.ok).toBe(false);
    expect(report.gaps).toEqual([]);
    // referral at purchase, switched to resale, 3 associations × 3 non-partner-paid methods
    expect(report.overlaps).toHaveLength(9);
    expect(report.overlaps).toContainEqual({
      combination: {
        modeAtPurchase: 'referral',
        currentAssociation: 'same_partner',
        switchedReferralToResale: true,
        paymentMethod: 'balance',
      },
      rules: ['referral-switched-to-resale-refunds-to-partner', 'referral-customer-refunds-to-customer'],
    });
  });
});
