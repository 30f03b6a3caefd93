import { type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import { LedgerService } from '@pps/ledger';
import { ConflictError, NotFoundError } from '@pps/platform';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { CustomerNotFoundError, NotYourPartnerError, PartnerNotFoundError } from '../shared/errors';
import { authorisedTransfer, PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { iso } from '../shared/sql';
import { TransactionRunner } from '../shared/transaction-runner';
import { VOUCHER_ISSUANCE_CONTRACT } from './voucher-issuance.contract';

type PartnerKind = 'solution_provider' | 'reseller' | 'distributor';

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
          quotaAvailable: locked.get(from)!.balance.toFixed(2),
          recipientKind: recipient.kind,
          recipientBelongsToIssuer: recipient.distributor_id === cmd.distributorId,
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
      await tx.query(
        `insert into voucher_quota_grants (id, distributor_id, reseller_id, amount, transfer_id, decision_id, created_at) values (?, ?, ?, ?, ?, ?, ?)`,
        [id, cmd.distributorId, cmd.resellerId, amount.toFixed(2), d.transferId, d.decisionId, d.decidedAt],
      );
      return {
        id,
        distributorId: cmd.distributorId,
        resellerId: cmd.resellerId,
        amount: amount.toFixed(2),
        transferId: d.transferId,
        decision_id: d.decisionId,
        distributorQuota: locked.get(from)!.balance.toFixed(2),
        resellerQuota: locked.get(to)!.balance.toFixed(2),
      };
    });
  }

  issue(ctx: RequestContext, cmd: { partnerId: string; customerId: string; amount: string }) {
    return this.runner.run(ctx, { operation: 'voucher.issue', input: cmd }, async (tx) => {
      const issuer = await this.partner(tx, cmd.partnerId);
      const [customer] = await tx.query<{ id: string }>(`select id from customers where id = ? for update`, [
        cmd.customerId,
      ]);
      if (!customer) throw new CustomerNotFoundError(cmd.customerId);
      const [assoc] = await tx.query<{ partner_id: string; mode: 'referral' | 'resale' }>(
        `select partner_id, mode from associations where customer_id = ? and ended_at is null`,
        [cmd.customerId],
      );
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
          associatedWithIssuer: assoc?.partner_id === cmd.partnerId,
          quotaAvailable: locked.get(quota)!.balance.toFixed(2),
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
      await tx.query(
        `insert into vouchers (id, partner_id, customer_id, amount, transfer_id, decision_id, created_at) values (?, ?, ?, ?, ?, ?, ?)`,
        [id, cmd.partnerId, cmd.customerId, amount.toFixed(2), d.transferId, d.decisionId, d.decidedAt],
      );
      return {
        id,
        partnerId: cmd.partnerId,
        customerId: cmd.customerId,
        amount: amount.toFixed(2),
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
      const [voucher] = await tx.query<{
        id: string;
        partner_id: string;
        customer_id: string;
        amount: string;
        status: string;
      }>(`select id, partner_id, customer_id, amount, status from vouchers where id = ? for update`, [voucherId]);
      if (!voucher) throw new NotFoundError('Voucher', voucherId);
      if (ctx.caller.role === 'partner' && ctx.caller.partnerId !== voucher.partner_id) throw new NotYourPartnerError();
      if (voucher.status !== 'issued')
        throw new ConflictError('PPS.4020', { zh: '代金券已回收', en: 'This voucher was already reclaimed' });
      const issuer = await this.partner(tx, voucher.partner_id);
      const [assoc] = await tx.query<{ mode: 'referral' | 'resale' }>(
        `select mode from associations where customer_id = ? and ended_at is null`,
        [voucher.customer_id],
      );
      const voucherAccount = await this.ledger.accountId(tx, {
        ownerType: 'customer',
        ownerId: voucher.customer_id,
        kind: 'customer_voucher',
      });
      const quota = await this.ledger.accountId(tx, {
        ownerType: 'partner',
        ownerId: voucher.partner_id,
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
          amount: new Decimal(voucher.amount).toFixed(2),
          customerMode: assoc?.mode ?? 'none',
        },
        {
          operation: 'voucher.reclaim',
          partnerId: voucher.partner_id,
          customerId: voucher.customer_id,
          voucherId,
          amount: back.toFixed(2),
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
      await tx.query(
        `update vouchers set status = 'reclaimed', reclaimed_amount = ?, reclaim_transfer_id = ? where id = ?`,
        [back.toFixed(2), d.transferId, voucherId],
      );
      return {
        id: voucherId,
        status: 'reclaimed',
        reclaimedAmount: back.toFixed(2),
        ...(d.transferId ? { transferId: d.transferId } : {}),
        decision_id: d.decisionId,
      };
    });
  }

  private async partner(tx: Sql, id: string): Promise<{ kind: PartnerKind; distributor_id: string | null }> {
    const [row] = await tx.query<{ kind: PartnerKind; distributor_id: string | null }>(
      `select kind, distributor_id from partners where id = ?`,
      [id],
    );
    if (!row) throw new PartnerNotFoundError(id);
    return row;
  }
}
