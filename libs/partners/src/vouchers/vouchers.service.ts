import { Injectable } from '@nestjs/common';
import { LedgerService } from '@pps/ledger';
import { formatAmount, NotFoundError, type Sql } from '@pps/platform';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { AssociationsRepository } from '../associations/associations.repository';
import { CustomersRepository } from '../customers/customers.repository';
import { type Partner, PartnersRepository } from '../partners/partners.repository';
import { CUSTOMER, PARTNER, VoucherReclaimedError } from '../shared/errors';
import { loadOwnedVoucher } from '../shared/partner-scope';
import { authorisedTransfer, PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { iso } from '../shared/sql';
import { TransactionRunner } from '../shared/transaction-runner';
import { VOUCHER_ISSUANCE_CONTRACT } from './voucher-issuance.contract';
import { VoucherQuotaGrantsRepository, VouchersRepository } from './vouchers.repository';

/**
 * Voucher quota (代金券额度) and vouchers (代金券), gated by `voucher-issuance`: a distributor grants
 * quota to its own resellers (quota → quota); a reseller or solution provider issues vouchers from
 * its quota to its own referral customers (quota → customer voucher balance); a referral customer's
 * voucher cannot be reclaimed (CBC.99000045). Orders paid by voucher draw the voucher balance.
 */
@Injectable()
export class VouchersService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly gate: PolicyGate,
  ) {}

  grantQuota(ctx: RequestContext, cmd: { distributorId: string; resellerId: string; amount: string }) {
    return this.runner.run(ctx, { operation: 'voucher.grant-quota', input: cmd }, async (tx) => {
      const granter = await this.partner(tx, cmd.distributorId);
      const recipient = await this.partner(tx, cmd.resellerId);
      const from = await this.ledger.accountId(tx, {
        ownerType: 'partner',
        ownerId: cmd.distributorId,
        kind: 'partner_voucher_quota',
      });
      const to = await this.ledger.accountId(tx, {
        ownerType: 'partner',
        ownerId: cmd.resellerId,
        kind: 'partner_voucher_quota',
      });
      const locked = await this.ledger.lock(tx, [from, to]);
      const d = await this.gate.decide(
        tx,
        ctx,
        VOUCHER_ISSUANCE_CONTRACT,
        {
          operation: 'grant_quota',
          issuerKind: granter.kind,
          amount: cmd.amount,
          quotaAvailable: formatAmount(locked.get(from)!.balance),
          recipientKind: recipient.kind,
          recipientBelongsToIssuer: recipient.distributorId === cmd.distributorId,
        },
        {
          operation: 'voucher.grant-quota',
          partnerId: cmd.distributorId,
          resellerId: cmd.resellerId,
          amount: cmd.amount,
        },
        { movesMoney: true },
      );
      const amount = new Decimal(cmd.amount);
      await this.ledger.post(
        tx,
        {
          id: d.transferId,
          code: 'voucher_quota_grant',
          decisionId: d.decisionId,
          createdAt: d.decidedAt,
          legs: [
            { accountId: from, amount: amount.negated() },
            { accountId: to, amount },
          ],
        },
        locked,
      );
      const id = randomUUID();
      await VoucherQuotaGrantsRepository.insert(tx, {
        id,
        distributorId: cmd.distributorId,
        resellerId: cmd.resellerId,
        amount: formatAmount(amount),
        transferId: d.transferId,
        decisionId: d.decisionId,
        createdAt: d.decidedAt,
      });
      return {
        id,
        distributorId: cmd.distributorId,
        resellerId: cmd.resellerId,
        amount: formatAmount(amount),
        transferId: d.transferId,
        decision_id: d.decisionId,
        distributorQuota: formatAmount(locked.get(from)!.balance),
        resellerQuota: formatAmount(locked.get(to)!.balance),
      };
    });
  }

  issue(ctx: RequestContext, cmd: { partnerId: string; customerId: string; amount: string }) {
    return this.runner.run(ctx, { operation: 'voucher.issue', input: cmd }, async (tx) => {
      const issuer = await this.partner(tx, cmd.partnerId);
      const customer = await CustomersRepository.find(tx, cmd.customerId, { lock: true });
      if (!customer) throw new NotFoundError(CUSTOMER, cmd.customerId);
      const assoc = await AssociationsRepository.activeOf(tx, cmd.customerId);
      const quota = await this.ledger.accountId(tx, {
        ownerType: 'partner',
        ownerId: cmd.partnerId,
        kind: 'partner_voucher_quota',
      });
      const voucherAccount = await this.ledger.accountId(tx, {
        ownerType: 'customer',
        ownerId: cmd.customerId,
        kind: 'customer_voucher',
      });
      const locked = await this.ledger.lock(tx, [quota, voucherAccount]);
      const d = await this.gate.decide(
        tx,
        ctx,
        VOUCHER_ISSUANCE_CONTRACT,
        {
          operation: 'issue',
          issuerKind: issuer.kind,
          amount: cmd.amount,
          customerMode: assoc?.mode ?? 'none',
          associatedWithIssuer: assoc?.partnerId === cmd.partnerId,
          quotaAvailable: formatAmount(locked.get(quota)!.balance),
        },
        { operation: 'voucher.issue', partnerId: cmd.partnerId, customerId: cmd.customerId, amount: cmd.amount },
        { movesMoney: true },
      );
      const amount = new Decimal(cmd.amount);
      await this.ledger.post(
        tx,
        {
          id: d.transferId,
          code: 'voucher_issue',
          decisionId: d.decisionId,
          createdAt: d.decidedAt,
          legs: [
            { accountId: quota, amount: amount.negated() },
            { accountId: voucherAccount, amount },
          ],
        },
        locked,
      );
      const id = randomUUID();
      await VouchersRepository.insert(tx, {
        id,
        partnerId: cmd.partnerId,
        customerId: cmd.customerId,
        amount: formatAmount(amount),
        transferId: d.transferId,
        decisionId: d.decisionId,
        createdAt: d.decidedAt,
      });
      return {
        id,
        partnerId: cmd.partnerId,
        customerId: cmd.customerId,
        amount: formatAmount(amount),
        status: 'issued',
        transferId: d.transferId,
        decision_id: d.decisionId,
        createdAt: iso(d.decidedAt),
      };
    });
  }

  /** Takes back what is left of a voucher (never more than the customer's voucher balance). */
  reclaim(ctx: RequestContext, voucherId: string) {
    return this.runner.run(ctx, { operation: 'voucher.reclaim', input: { voucherId } }, async (tx) => {
      const voucher = await loadOwnedVoucher(tx, ctx.caller, voucherId);
      if (voucher.status !== 'issued') throw new VoucherReclaimedError();
      const issuer = await this.partner(tx, voucher.partnerId);
      const assoc = await AssociationsRepository.activeOf(tx, voucher.customerId);
      const voucherAccount = await this.ledger.accountId(tx, {
        ownerType: 'customer',
        ownerId: voucher.customerId,
        kind: 'customer_voucher',
      });
      const quota = await this.ledger.accountId(tx, {
        ownerType: 'partner',
        ownerId: voucher.partnerId,
        kind: 'partner_voucher_quota',
      });
      const locked = await this.ledger.lock(tx, [voucherAccount, quota]);
      const back = Decimal.min(new Decimal(voucher.amount), locked.get(voucherAccount)!.balance);
      const d = await this.gate.decide(
        tx,
        ctx,
        VOUCHER_ISSUANCE_CONTRACT,
        {
          operation: 'reclaim',
          issuerKind: issuer.kind,
          amount: formatAmount(voucher.amount),
          customerMode: assoc?.mode ?? 'none',
        },
        {
          operation: 'voucher.reclaim',
          partnerId: voucher.partnerId,
          customerId: voucher.customerId,
          voucherId,
          amount: formatAmount(back),
        },
        { movesMoney: back.greaterThan(0) },
      );
      if (back.greaterThan(0)) {
        await this.ledger.post(
          tx,
          {
            id: authorisedTransfer(d),
            code: 'voucher_reclaim',
            decisionId: d.decisionId,
            createdAt: d.decidedAt,
            legs: [
              { accountId: voucherAccount, amount: back.negated() },
              { accountId: quota, amount: back },
            ],
          },
          locked,
        );
      }
      await VouchersRepository.markReclaimed(tx, voucherId, formatAmount(back), d.transferId);
      return {
        id: voucherId,
        status: 'reclaimed',
        reclaimedAmount: formatAmount(back),
        ...(d.transferId ? { transferId: d.transferId } : {}),
        decision_id: d.decisionId,
      };
    });
  }

  private async partner(tx: Sql, id: string): Promise<Partner> {
    const partner = await PartnersRepository.find(tx, id);
    if (!partner) throw new NotFoundError(PARTNER, id);
    return partner;
  }
}
