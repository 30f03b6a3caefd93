import {
  compileRuleSet,
  embeddedTestFacts,
  FactValidationError,
  parseRuleFileText,
  type CompiledRuleSet,
  type Evaluation,
  type JsonValue,
  type RuleFile,
} from '@pps/rules';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RULE_SETS, RULES_DIR } from './rules-dir';

/** The rules of DOMAIN.md, one test each, evaluated through the shipped rule files. */
function loadFile(ruleSet: string): RuleFile {
  const { file, problems } = parseRuleFileText(readFileSync(path.join(RULES_DIR, ruleSet, '1.0.0.json'), 'utf8'));
  if (!file) throw new Error(`${ruleSet}: ${JSON.stringify(problems)}`);
  return file;
}
const compiled = new Map<string, CompiledRuleSet>(
  RULE_SETS.map((ruleSet) => [ruleSet, compileRuleSet(loadFile(ruleSet))]),
);

/** Evaluates a rule set on its facts' examples overridden by `facts` (null leaves a fact out). */
function decide(ruleSet: (typeof RULE_SETS)[number], facts: Record<string, JsonValue>): Evaluation {
  const set = compiled.get(ruleSet) as CompiledRuleSet;
  return set.evaluate(embeddedTestFacts(set.file, { name: '', facts, expected: {} }));
}
const codes = (evaluation: Evaluation): string[] => evaluation.reasons.map((reason) => reason.code);

describe('association rules', () => {
  it('refuses to associate an internal customer (PPS.1001)', () => {
    expect(codes(decide('association', { internal: true }))).toEqual(['PPS.1001']);
  });
  it('refuses to associate a customer already associated with another partner (PPS.1002)', () => {
    expect(codes(decide('association', { associatedWithOtherPartner: true }))).toEqual(['PPS.1002']);
  });
  it("refuses to associate a customer covered by another partner's live deal registration (PPS.1003)", () => {
    expect(codes(decide('association', { coveredByOtherPartnersRegistration: true }))).toEqual(['PPS.1003']);
  });
  it.each([
    ['a direct contract', 'directContract', 'PPS.1101'],
    ['a live reserved instance', 'liveReservedInstance', 'PPS.1102'],
    ['an un-invoiced balance', 'uninvoicedBalance', 'PPS.1103'],
    ['an unused stored-value card', 'unusedStoredValueCard', 'PPS.1104'],
    ['a bonus balance', 'bonusBalance', 'PPS.1105'],
  ])('refuses resale for a customer with %s but allows referral', (_what, flag, code) => {
    expect(codes(decide('association', { [flag]: true, requestedMode: 'resale' }))).toEqual([code]);
    expect(decide('association', { [flag]: true, requestedMode: 'referral' }).outcome.effect).toBe('allow');
  });
  it('limits switching mode or disassociating to 1 request per 3 months by default (PPS.1201)', () => {
    expect(
      decide('association', { operation: 'switch', currentMode: 'referral', modeChangesInWindow: 0 }).outcome.effect,
    ).toBe('allow');
    expect(
      codes(decide('association', { operation: 'switch', currentMode: 'referral', modeChangesInWindow: 1 })),
    ).toEqual(['PPS.1201']);
    expect(
      codes(decide('association', { operation: 'disassociate', requestedMode: null, modeChangesInWindow: 1 })),
    ).toEqual(['PPS.1201']);
  });
  it('takes the mode-change limit from a parameter: a version with the international limit of 3 allows the third request', () => {
    const file = structuredClone(loadFile('association'));
    file.version = '1.1.0';
    file.parameters.modeChangeLimit.value = 3;
    const international = compileRuleSet(file);
    const facts = (count: number): Record<string, JsonValue> =>
      embeddedTestFacts(file, {
        name: '',
        facts: { operation: 'switch', currentMode: 'referral', modeChangesInWindow: count },
        expected: {},
      });
    expect(international.evaluate(facts(2)).outcome.effect).toBe('allow');
    expect(international.evaluate(facts(3)).reasons.map((r) => r.code)).toEqual(['PPS.1201']);
  });
  it.each([
    ['a live reserved instance', 'liveReservedInstance', 'PPS.1301'],
    ['a live support plan', 'liveSupportPlan', 'PPS.1302'],
    ['frozen', 'frozen', 'PPS.1303'],
    ['in arrears', 'inArrears', 'PPS.1304'],
  ])('refuses disassociation while the customer has %s', (_what, flag, code) => {
    expect(
      codes(
        decide('association', { operation: 'disassociate', requestedMode: null, currentMode: 'resale', [flag]: true }),
      ),
    ).toEqual([code]);
  });
});

describe('account adjustment rules', () => {
  it('denies adjusting a referral customer with CBC.5021', () => {
    expect(codes(decide('account-adjustment', { associationMode: 'referral' }))).toEqual(['CBC.5021']);
    expect(codes(decide('account-adjustment', { associationMode: 'referral', operation: 'reclaim' }))).toEqual([
      'CBC.5021',
    ]);
  });
  it("denies adjusting another partner's customer with CBC.5004", () => {
    expect(codes(decide('account-adjustment', { associatedWithPartner: false }))).toEqual(['CBC.5004']);
  });
  it('allows an amount with 2 decimal places and denies 3 decimal places with CBC.0100', () => {
    expect(decide('account-adjustment', { amount: '12.34' }).outcome.effect).toBe('allow');
    expect(codes(decide('account-adjustment', { amount: '12.345' }))).toEqual(['CBC.0100']);
  });
  it('denies a zero or negative amount with CBC.0100', () => {
    expect(codes(decide('account-adjustment', { amount: '0' }))).toEqual(['CBC.0100']);
    expect(codes(decide('account-adjustment', { amount: '-0.01' }))).toEqual(['CBC.0100']);
  });
  it("allows an allocation equal to the partner's available balance and denies one cent more with CBC.5003", () => {
    expect(decide('account-adjustment', { amount: '750.00', partnerAvailable: '750.00' }).outcome.effect).toBe('allow');
    expect(codes(decide('account-adjustment', { amount: '750.01', partnerAvailable: '750.00' }))).toEqual(['CBC.5003']);
  });
  it('compares money exactly, not as binary floats (0.1 + 0.2 style amounts)', () => {
    expect(decide('account-adjustment', { amount: '0.30', partnerAvailable: '0.3' }).outcome.effect).toBe('allow');
    expect(
      decide('account-adjustment', { amount: '9007199254740993.01', partnerAvailable: '9007199254740993.00' }).outcome
        .effect,
    ).toBe('deny');
  });
  it('allows a reclamation equal to the customer balance and denies one cent more with CBC.5003', () => {
    expect(
      decide('account-adjustment', { operation: 'reclaim', amount: '300.00', customerBalance: '300.00' }).outcome
        .effect,
    ).toBe('allow');
    expect(
      codes(decide('account-adjustment', { operation: 'reclaim', amount: '300.01', customerBalance: '300.00' })),
    ).toEqual(['CBC.5003']);
  });
  it('denies a second adjustment while one is in progress with CBC.99007461', () => {
    expect(codes(decide('account-adjustment', { adjustmentInProgress: true }))).toEqual(['CBC.99007461']);
  });
  it('refuses money given as a JSON number with a CBC.0100 error naming the fact, before evaluation', () => {
    expect(() => decide('account-adjustment', { amount: 100 })).toThrow(FactValidationError);
    expect(() => decide('account-adjustment', { amount: 100 })).toThrow(
      /amount must be a decimal string such as "100.00", not a JSON number/,
    );
  });
});

describe('incentive payout rules', () => {
  const NEW_REGIME = {
    methods: ['credit_with_owed_invoice', 'voucher_quota'],
    requiresInvoice: { credit_with_owed_invoice: false, voucher_quota: false },
  };
  const INVOICED = {
    methods: ['bank_transfer', 'credit_withdrawable', 'voucher_quota'],
    requiresInvoice: { bank_transfer: true, credit_withdrawable: true, voucher_quota: true },
  };

  it('resale incentive generated 2023-10-01 offers only credit_with_owed_invoice and voucher_quota, with no invoice needed', () => {
    expect(decide('incentive-payout', { mode: 'resale', generatedAt: '2023-10-01T00:00:00Z' }).outcome).toEqual({
      effect: 'allow',
      value: NEW_REGIME,
    });
  });
  it('resale incentive generated 2023-09-30 offers bank_transfer, credit_withdrawable and voucher_quota against an invoice', () => {
    expect(decide('incentive-payout', { mode: 'resale', generatedAt: '2023-09-30T23:59:59Z' }).outcome).toEqual({
      effect: 'allow',
      value: INVOICED,
    });
  });
  it('referral incentive generated after 2023-10-01 offers bank_transfer, credit_withdrawable and voucher_quota against an invoice', () => {
    expect(decide('incentive-payout', { mode: 'referral', generatedAt: '2024-05-01T00:00:00Z' }).outcome).toEqual({
      effect: 'allow',
      value: INVOICED,
    });
  });
  it('denies a method the incentive does not offer (PPS.2004)', () => {
    expect(codes(decide('incentive-payout', { requestedMethod: 'credit_withdrawable' }))).toEqual(['PPS.2004']);
    expect(
      codes(decide('incentive-payout', { mode: 'referral', requestedMethod: 'credit_with_owed_invoice' })),
    ).toEqual(['PPS.2004']);
  });
  it('refuses to change the payout method once submitted (PPS.2003)', () => {
    expect(
      codes(decide('incentive-payout', { requestedMethod: 'voucher_quota', methodAlreadySubmitted: true })),
    ).toEqual(['PPS.2003']);
  });
  it('refuses to pay out a frozen incentive (PPS.2001)', () => {
    expect(codes(decide('incentive-payout', { frozen: true }))).toEqual(['PPS.2001']);
  });
  it('voids an incentive from 1 year after the partner left the program (PPS.2002)', () => {
    const exited = { partnerExited: true, partnerExitedAt: '2024-02-29T10:00:00Z' };
    expect(decide('incentive-payout', { ...exited, now: '2025-02-28T09:59:59Z' }).outcome.effect).toBe('allow');
    expect(codes(decide('incentive-payout', { ...exited, now: '2025-02-28T10:00:00Z' }))).toEqual(['PPS.2002']);
  });
  it("pays a bank transfer only to an account in the partner's verified real name (PPS.2005)", () => {
    expect(
      decide('incentive-payout', {
        mode: 'referral',
        requestedMethod: 'bank_transfer',
        bankAccountHolderMatchesRealName: true,
      }).outcome.effect,
    ).toBe('allow');
    expect(
      codes(
        decide('incentive-payout', {
          mode: 'referral',
          requestedMethod: 'bank_transfer',
          bankAccountHolderMatchesRealName: false,
        }),
      ),
    ).toEqual(['PPS.2005']);
  });
});

describe('voucher rules', () => {
  it('issues vouchers only to referral customers (PPS.4002)', () => {
    expect(decide('voucher-issuance', { customerMode: 'referral' }).outcome.effect).toBe('allow');
    expect(codes(decide('voucher-issuance', { customerMode: 'resale' }))).toEqual(['PPS.4002']);
  });
  it("issues vouchers only from the issuer's quota: equal allowed, above denied (PPS.4003)", () => {
    expect(decide('voucher-issuance', { amount: '500.00', quotaAvailable: '500.00' }).outcome.effect).toBe('allow');
    expect(codes(decide('voucher-issuance', { amount: '500.01', quotaAvailable: '500.00' }))).toEqual(['PPS.4003']);
  });
  it('lets a distributor grant voucher quota to its own resellers only (PPS.4011, PPS.4012)', () => {
    const grant = {
      operation: 'grant_quota',
      issuerKind: 'distributor',
      recipientKind: 'reseller',
      recipientBelongsToIssuer: true,
    };
    expect(decide('voucher-issuance', grant).outcome.effect).toBe('allow');
    expect(codes(decide('voucher-issuance', { ...grant, recipientBelongsToIssuer: false }))).toEqual(['PPS.4012']);
    expect(codes(decide('voucher-issuance', { ...grant, issuerKind: 'reseller' }))).toEqual(['PPS.4011']);
  });
  it("refuses to reclaim a referral customer's voucher with CBC.99000045", () => {
    expect(codes(decide('voucher-issuance', { operation: 'reclaim', customerMode: 'referral' }))).toEqual([
      'CBC.99000045',
    ]);
  });
});

describe('deal registration rules', () => {
  it('keeps an approved registration exclusive for 15 days: another partner is refused on day 15 and may register on day 16 (PPS.5001)', () => {
    const approvedAt = '2024-01-01T08:00:00Z';
    expect(
      codes(
        decide('deal-registration', {
          operation: 'register',
          otherPartnerApprovedAt: approvedAt,
          now: '2024-01-16T07:59:59Z',
        }),
      ),
    ).toEqual(['PPS.5001']);
    expect(
      decide('deal-registration', {
        operation: 'register',
        otherPartnerApprovedAt: approvedAt,
        now: '2024-01-16T08:00:00Z',
      }).outcome.effect,
    ).toBe('allow');
  });
  it('lets an invitation be accepted on day 15 of the registration and refuses it on day 16 (PPS.5003)', () => {
    const base = {
      approvedAt: '2024-01-01T00:00:00Z',
      invitationChannel: 'offline',
      invitationCreatedAt: '2024-01-02T00:00:00Z',
      customerMatchesRegistration: true,
    };
    expect(decide('deal-registration', { ...base, now: '2024-01-15T23:59:59Z' }).outcome.effect).toBe('allow');
    expect(codes(decide('deal-registration', { ...base, now: '2024-01-16T00:00:00Z' }))).toEqual(['PPS.5003']);
  });
  it('accepts an online invitation link on day 7 and refuses it on day 8 (PPS.5012)', () => {
    const base = { approvedAt: '2024-01-01T00:00:00Z', invitationCreatedAt: '2024-01-02T00:00:00Z' };
    expect(decide('deal-registration', { ...base, now: '2024-01-08T23:59:59Z' }).outcome.effect).toBe('allow');
    expect(codes(decide('deal-registration', { ...base, now: '2024-01-09T00:00:00Z' }))).toEqual(['PPS.5012']);
  });
  it('never expires an offline link or QR code while the registration is valid', () => {
    expect(
      decide('deal-registration', {
        invitationChannel: 'offline',
        invitationCreatedAt: '2024-01-10T00:00:00Z',
        now: '2024-01-24T00:00:00Z',
      }).outcome.effect,
    ).toBe('allow');
  });
  it('lets a link be used once (PPS.5011)', () => {
    expect(codes(decide('deal-registration', { invitationUsed: true }))).toEqual(['PPS.5011']);
  });
  it('refuses an invitation to a customer associated with another partner (PPS.5013)', () => {
    expect(codes(decide('deal-registration', { customerAssociatedWithOtherPartner: true }))).toEqual(['PPS.5013']);
  });
  it('requires a customer older than 7 days or with cash spending to be registered first (PPS.5005)', () => {
    expect(codes(decide('deal-registration', { customerCreatedAt: '2024-01-01T00:00:00Z' }))).toEqual(['PPS.5005']);
    expect(codes(decide('deal-registration', { customerHasCashSpending: true }))).toEqual(['PPS.5005']);
    expect(
      decide('deal-registration', { customerCreatedAt: '2024-01-01T00:00:00Z', customerMatchesRegistration: true })
        .outcome.effect,
    ).toBe('allow');
  });
});

describe('refund destination rules', () => {
  const destination = (facts: Record<string, JsonValue>): JsonValue | undefined =>
    decide('refund-destination', facts).outcome.value;
  it("refunds a referral customer paid online or from its balance to the customer's account, also after disassociation", () => {
    expect(destination({ modeAtPurchase: 'referral', paymentMethod: 'online' })).toEqual({
      destination: 'customer_account',
    });
    expect(destination({ modeAtPurchase: 'referral', paymentMethod: 'balance', currentAssociation: 'none' })).toEqual({
      destination: 'customer_account',
    });
  });
  it("refunds a resale customer paid from its balance to the customer's account", () => {
    expect(destination({ modeAtPurchase: 'resale', paymentMethod: 'balance' })).toEqual({
      destination: 'customer_account',
    });
  });
  it("refunds a customer switched from referral to resale to the partner's account", () => {
    expect(destination({ modeAtPurchase: 'referral', switchedReferralToResale: true })).toEqual({
      destination: 'association_partner_account',
    });
  });
  it('refunds a disassociated resale customer to the partner that held the association', () => {
    expect(destination({ modeAtPurchase: 'resale', paymentMethod: 'balance', currentAssociation: 'none' })).toEqual({
      destination: 'association_partner_account',
    });
  });
  it("refunds an order paid by the partner on the customer's behalf to the paying partner", () => {
    expect(destination({ paymentMethod: 'partner_paid' })).toEqual({ destination: 'paying_partner_account' });
  });
});
