import { Injectable } from '@nestjs/common';
import { LedgerService } from '@pps/ledger';
import { Clock, formatAmount, NotFoundError, type Sql } from '@pps/platform';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { PAYMENT_CONTRACT } from '../orders/payment.contract';
import { InvalidReferenceError, PARTNER, PlatformGrantUnsupportedError } from '../shared/errors';
import { assertOwns } from '../shared/partner-scope';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { iso, isoOrNull } from '../shared/sql';
import { TransactionRunner } from '../shared/transaction-runner';
import { VOUCHER_PLATFORM_GRANT_CONTRACT } from '../vouchers/voucher-issuance.contract';
import { type PartnerKind, PartnersRepository } from './partners.repository';

export interface CreatePartnerCommand {
  name: string;
  kind: PartnerKind;
  realName: string;
  creditLimit?: string;
  distributorId?: string;
  bankAccount?: { holderName: string; number: string };
}

export interface PartnerBalances {
  cash: string;
  available: string;
  incentive: string;
  voucherQuota: string;
  /** Reserved by bank-transfer payouts awaiting approval: not spendable. */
  payoutPending: string;
}

export interface PartnerView {
  id: string;
  name: string;
  kind: PartnerKind;
  realName: string;
  creditLimit: string;
  distributorId: string | null;
  bankAccount: { holderName: string; number: string } | null;
  exitedAt: string | null;
  createdAt: string;
  balances: PartnerBalances;
}

@Injectable()
export class PartnersService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly gate: PolicyGate,
    private readonly clock: Clock,
  ) {}

  create(ctx: RequestContext, cmd: CreatePartnerCommand): Promise<PartnerView> {
    return this.runner.run(ctx, { operation: 'partner.create', input: cmd }, async (tx) => {
      if (cmd.distributorId !== undefined) {
        if (cmd.kind !== 'reseller')
          throw new InvalidReferenceError('distributorId', 'only a reseller belongs to a distributor');
        const d = await PartnersRepository.find(tx, cmd.distributorId);
        if (!d || d.kind !== 'distributor')
          throw new InvalidReferenceError('distributorId', `distributorId ${cmd.distributorId} is not a distributor`);
      }
      const id = randomUUID();
      const creditLimit = new Decimal(cmd.creditLimit ?? '0');
      await PartnersRepository.insert(tx, {
        id,
        name: cmd.name,
        kind: cmd.kind,
        realName: cmd.realName,
        creditLimit: formatAmount(creditLimit),
        distributorId: cmd.distributorId ?? null,
        bankAccount: cmd.bankAccount ?? null,
        createdAt: this.clock.now(),
      });
      const owner = { ownerType: 'partner' as const, ownerId: id };
      await this.ledger.openAccount(tx, { ...owner, kind: 'partner_cash' }, creditLimit.negated());
      await this.ledger.openAccount(tx, { ...owner, kind: 'partner_incentive' }, new Decimal(0));
      await this.ledger.openAccount(tx, { ...owner, kind: 'partner_voucher_quota' }, new Decimal(0));
      await this.ledger.openAccount(tx, { ...owner, kind: 'partner_payout_pending' }, new Decimal(0));
      return this.view(tx, id);
    });
  }

  async get(ctx: RequestContext, id: string): Promise<PartnerView> {
    assertOwns(ctx.caller, id);
    return this.view(this.runner.reader(), id);
  }

  /**
   * Money in from outside: platform funding → partner cash. Gated by the `payment` rule set like
   * every other movement, so every transfer has an allow decision.
   */
  topUp(
    ctx: RequestContext,
    partnerId: string,
    amount: string,
  ): Promise<{ transferId: string; decision_id: string; balances: PartnerBalances }> {
    return this.runner.run(ctx, { operation: 'partner.top-up', input: { partnerId, amount } }, async (tx) => {
      const cash = await this.partnerAccount(tx, partnerId, 'partner_cash');
      const funding = await this.ledger.platformAccount(tx, 'platform_funding');
      const locked = await this.ledger.lock(tx, [cash, funding]);
      const d = await this.gate.decide(
        tx,
        ctx,
        PAYMENT_CONTRACT,
        {
          operation: 'top_up',
          paymentMethod: 'online',
          amount,
          payerAvailable: '0',
          payerAssociatedWithCustomer: false,
        },
        { operation: 'partner.top-up', partnerId },
        { movesMoney: true },
      );
      const value = new Decimal(amount);
      await this.ledger.post(
        tx,
        {
          id: d.transferId,
          code: 'top_up',
          decisionId: d.decisionId,
          createdAt: d.decidedAt,
          legs: [
            { accountId: funding, amount: value.negated() },
            { accountId: cash, amount: value },
          ],
        },
        locked,
      );
      return { transferId: d.transferId, decision_id: d.decisionId, balances: await this.balances(tx, partnerId) };
    });
  }

  /**
   * The platform (the vendor) grants voucher quota to a distributor (DOMAIN.md "Vouchers"): the
   * platform's voucher clearing account → the distributor's quota, gated by `voucher-issuance`
   * (`platform_grant`: distributors only, a positive amount with at most 2 decimals, at most the
   * version's per-grant limit). The distributor then grants it on to its resellers.
   * @throws PlatformGrantUnsupportedError (409) when the version in force does not decide platform grants (before 1.2.0)
   */
  grantVoucherQuota(
    ctx: RequestContext,
    partnerId: string,
    amount: string,
  ): Promise<{ transferId: string; decision_id: string; balances: PartnerBalances }> {
    return this.runner.run(ctx, { operation: 'partner.voucher-quota', input: { partnerId, amount } }, async (tx) => {
      const partner = await PartnersRepository.find(tx, partnerId);
      if (!partner) throw new NotFoundError(PARTNER, partnerId);
      const decidedAt = this.clock.now();
      const version = this.gate.versionAt(tx, VOUCHER_PLATFORM_GRANT_CONTRACT, decidedAt);
      if (!version.file.facts.operation?.values?.includes('platform_grant')) {
        throw new PlatformGrantUnsupportedError(version.version);
      }
      const quota = await this.partnerAccount(tx, partnerId, 'partner_voucher_quota');
      const clearing = await this.ledger.platformAccount(tx, 'platform_voucher_issuance');
      const locked = await this.ledger.lock(tx, [quota, clearing]);
      const d = await this.gate.decide(
        tx,
        ctx,
        VOUCHER_PLATFORM_GRANT_CONTRACT,
        { operation: 'platform_grant', issuerKind: 'platform', amount, recipientKind: partner.kind },
        { operation: 'partner.voucher-quota', partnerId, amount },
        { movesMoney: true, decidedAt },
      );
      const value = new Decimal(amount);
      await this.ledger.post(
        tx,
        {
          id: d.transferId,
          code: 'voucher_quota_platform_grant',
          decisionId: d.decisionId,
          createdAt: d.decidedAt,
          legs: [
            { accountId: clearing, amount: value.negated() },
            { accountId: quota, amount: value },
          ],
        },
        locked,
      );
      return { transferId: d.transferId, decision_id: d.decisionId, balances: await this.balances(tx, partnerId) };
    });
  }

  private async partnerAccount(
    tx: Sql,
    partnerId: string,
    kind: 'partner_cash' | 'partner_incentive' | 'partner_voucher_quota' | 'partner_payout_pending',
  ): Promise<string> {
    const ids = await this.ledger.accountIds(tx, 'partner', partnerId);
    const id = ids.get(kind);
    if (!id) throw new NotFoundError(PARTNER, partnerId);
    return id;
  }

  async balances(em: Sql, partnerId: string): Promise<PartnerBalances> {
    const b = await this.ledger.balances(em, 'partner', partnerId);
    const cash = b.get('partner_cash');
    if (!cash) throw new NotFoundError(PARTNER, partnerId);
    const zero = new Decimal(0);
    return {
      cash: formatAmount(cash.balance),
      available: formatAmount(cash.balance.minus(cash.floor ?? zero)),
      incentive: formatAmount(b.get('partner_incentive')?.balance ?? zero),
      voucherQuota: formatAmount(b.get('partner_voucher_quota')?.balance ?? zero),
      payoutPending: formatAmount(b.get('partner_payout_pending')?.balance ?? zero),
    };
  }

  private async view(em: Sql, id: string): Promise<PartnerView> {
    const partner = await PartnersRepository.find(em, id);
    if (!partner) throw new NotFoundError(PARTNER, id);
    return {
      id: partner.id,
      name: partner.name,
      kind: partner.kind,
      realName: partner.realName,
      creditLimit: formatAmount(partner.creditLimit),
      distributorId: partner.distributorId,
      bankAccount: partner.bankAccount,
      exitedAt: isoOrNull(partner.exitedAt),
      createdAt: iso(partner.createdAt),
      balances: await this.balances(em, id),
    };
  }
}
