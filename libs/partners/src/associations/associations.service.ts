import { type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import { LedgerService } from '@pps/ledger';
import { ConflictError, NotFoundError } from '@pps/platform';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import {
  type CreateCustomerCommand,
  type CustomerRow,
  CustomersService,
  type CustomerView,
  fullFlags,
} from '../customers/customers.service';
import {
  AssociationNeedsConsentError,
  CustomerNotFoundError,
  NotYourPartnerError,
  PartnerNotFoundError,
} from '../shared/errors';
import { authorisedTransfer, PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';
import { iso, isoOrNull } from '../shared/sql';
import { DEAL_REGISTRATION_CONTRACT } from '../deal-registrations/deal-registration.contract';
import { ASSOCIATION_CONTRACT } from './association.contract';

export type Mode = 'referral' | 'resale';

export interface AssociationView {
  id: string;
  partnerId: string;
  customerId: string;
  mode: Mode;
  startedAt: string;
  endedAt: string | null;
  decision_id: string;
}

interface AssociationRow {
  id: string;
  partner_id: string;
  customer_id: string;
  mode: Mode;
  started_at: Date | string;
  ended_at: Date | string | null;
}

/**
 * Association lifecycle: associate (with a mode) → switch mode → disassociate, each gated by the
 * `association` rule set on facts from rows locked in the same transaction. Counting rules (mode
 * changes in the last N months) read the event history inside the transaction.
 */
@Injectable()
export class AssociationsService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly gate: PolicyGate,
    private readonly customers: CustomersService,
  ) {}

  /**
   * `POST /v1/customers` with a partner key: the customer is created already associated with that
   * partner in `mode` — one association decision in the same transaction, as the vendor's "create
   * customer" API for partners does. Flags and the registration date are the platform's to set.
   */
  createThroughPartner(
    ctx: RequestContext,
    cmd: { partnerId: string; name: string; taxId?: string; mode: Mode },
  ): Promise<CustomerView & { decision_id: string }> {
    return this.runner.run(ctx, { operation: 'customer.create-through-partner', input: cmd }, async (tx) => {
      const id = randomUUID();
      const customer: CreateCustomerCommand = { name: cmd.name, ...(cmd.taxId ? { taxId: cmd.taxId } : {}) };
      const association = await this.associateNewCustomerIn(
        tx,
        ctx,
        { partnerId: cmd.partnerId, customerId: id, mode: cmd.mode, taxId: cmd.taxId ?? null },
        () => this.customers.insertIn(tx, id, customer),
      );
      return { ...(await this.customers.view(tx, id)), decision_id: association.decision_id };
    });
  }

  /**
   * Associates an existing customer: the platform's call (admin and service keys; the decision
   * records the caller's key and role). A partner key is refused (PPS.0015): a customer becomes a
   * partner's by accepting its invitation or by being created through it.
   */
  associate(ctx: RequestContext, cmd: { partnerId: string; customerId: string; mode: Mode }): Promise<AssociationView> {
    if (ctx.caller.role === 'partner') throw new AssociationNeedsConsentError();
    return this.runner.run(ctx, { operation: 'association.associate', input: cmd }, (tx) =>
      this.associateIn(tx, ctx, cmd),
    );
  }

  /** Associates inside the caller's transaction (an accepted invitation runs it after its own decision). */
  async associateIn(
    tx: Sql,
    ctx: RequestContext,
    cmd: { partnerId: string; customerId: string; mode: Mode },
  ): Promise<AssociationView> {
    const customer = await this.lockCustomer(tx, cmd.customerId);
    const [partner] = await tx.query<{ id: string }>(`select id from partners where id = ?`, [cmd.partnerId]);
    if (!partner) throw new PartnerNotFoundError(cmd.partnerId);
    const current = await this.activeAssociation(tx, cmd.customerId);
    if (current?.partner_id === cmd.partnerId) {
      throw new ConflictError(
        'PPS.0409',
        {
          zh: '客户已关联本合作伙伴',
          en: 'The customer is already associated with this partner; switch the mode instead',
        },
        { associationId: current.id },
      );
    }
    const covered = await this.coveredByOtherRegistration(tx, customer.tax_id ?? null, cmd.partnerId);
    const d = await this.gate.decide(
      tx,
      ctx,
      ASSOCIATION_CONTRACT,
      {
        ...fullFlags(customer.flags),
        operation: 'associate',
        requestedMode: cmd.mode,
        associatedWithOtherPartner: current !== undefined,
        coveredByOtherPartnersRegistration: covered,
        modeChangesInWindow: 0,
      },
      { operation: 'association.associate', partnerId: cmd.partnerId, customerId: cmd.customerId, mode: cmd.mode },
      { movesMoney: false },
    );
    const id = randomUUID();
    await tx.query(`insert into associations (id, customer_id, partner_id, mode, started_at) values (?, ?, ?, ?, ?)`, [
      id,
      cmd.customerId,
      cmd.partnerId,
      cmd.mode,
      d.decidedAt,
    ]);
    await this.event(tx, id, cmd.customerId, cmd.partnerId, 'associate', null, cmd.mode, d.decidedAt, d.decisionId);
    return this.view(tx, id, d.decisionId);
  }

  /**
   * A customer created through a partner (`POST /v1/customers` with a partner key): the association
   * decision comes first, on the facts of a customer that does not exist yet (no flags, no
   * association; a live registration of its tax id by another partner still counts); only on an
   * allow does `insertCustomer` create it, so a denial commits its decision record and nothing else.
   */
  async associateNewCustomerIn(
    tx: Sql,
    ctx: RequestContext,
    cmd: { partnerId: string; customerId: string; mode: Mode; taxId: string | null },
    insertCustomer: () => Promise<void>,
  ): Promise<AssociationView> {
    const [partner] = await tx.query<{ id: string }>(`select id from partners where id = ? for share`, [cmd.partnerId]);
    if (!partner) throw new PartnerNotFoundError(cmd.partnerId);
    const covered = await this.coveredByOtherRegistration(tx, cmd.taxId, cmd.partnerId);
    const d = await this.gate.decide(
      tx,
      ctx,
      ASSOCIATION_CONTRACT,
      {
        ...fullFlags({}),
        operation: 'associate',
        requestedMode: cmd.mode,
        associatedWithOtherPartner: false,
        coveredByOtherPartnersRegistration: covered,
        modeChangesInWindow: 0,
      },
      {
        operation: 'association.associate',
        partnerId: cmd.partnerId,
        customerId: cmd.customerId,
        mode: cmd.mode,
        createdThroughPartner: true,
      },
      { movesMoney: false },
    );
    await insertCustomer();
    const id = randomUUID();
    await tx.query(`insert into associations (id, customer_id, partner_id, mode, started_at) values (?, ?, ?, ?, ?)`, [
      id,
      cmd.customerId,
      cmd.partnerId,
      cmd.mode,
      d.decidedAt,
    ]);
    await this.event(tx, id, cmd.customerId, cmd.partnerId, 'associate', null, cmd.mode, d.decidedAt, d.decisionId);
    return this.view(tx, id, d.decisionId);
  }

  switchMode(ctx: RequestContext, associationId: string, mode: Mode): Promise<AssociationView> {
    return this.runner.run(ctx, { operation: 'association.switch', input: { associationId, mode } }, async (tx) => {
      const { association, customer } = await this.lockAssociation(tx, ctx, associationId);
      const d = await this.gate.decide(
        tx,
        ctx,
        ASSOCIATION_CONTRACT,
        {
          ...fullFlags(customer.flags),
          operation: 'switch',
          requestedMode: mode,
          currentMode: association.mode,
          associatedWithOtherPartner: false,
          coveredByOtherPartnersRegistration: false,
          modeChangesInWindow: await this.modeChangesInWindow(tx, association.customer_id),
        },
        {
          operation: 'association.switch',
          partnerId: association.partner_id,
          customerId: association.customer_id,
          associationId,
          from: association.mode,
          to: mode,
        },
        { movesMoney: false },
      );
      await tx.query(
        `update associations set mode = ?, switched_from_referral = switched_from_referral or (? = 'referral' and ? = 'resale') where id = ?`,
        [mode, association.mode, mode, associationId],
      );
      await this.event(
        tx,
        associationId,
        association.customer_id,
        association.partner_id,
        'switch',
        association.mode,
        mode,
        d.decidedAt,
        d.decisionId,
      );
      return this.view(tx, associationId, d.decisionId);
    });
  }

  /**
   * Ends the association. For a resale customer the remaining balance of its consumption account
   * returns to the partner's cash in the same transaction.
   */
  disassociate(
    ctx: RequestContext,
    associationId: string,
  ): Promise<{ associationId: string; returnedAmount: string; transferId?: string; decision_id: string }> {
    return this.runner.run(ctx, { operation: 'association.disassociate', input: { associationId } }, async (tx) => {
      const { association, customer } = await this.lockAssociation(tx, ctx, associationId);
      const customerCash = (await this.ledger.accountIds(tx, 'customer', association.customer_id)).get(
        'customer_cash',
      )!;
      const partnerCash = (await this.ledger.accountIds(tx, 'partner', association.partner_id)).get('partner_cash')!;
      const locked = await this.ledger.lock(tx, [customerCash, partnerCash]);
      const balance = locked.get(customerCash)!.balance;
      const sweep = association.mode === 'resale' && balance.greaterThan(0) ? balance : new Decimal(0);
      const d = await this.gate.decide(
        tx,
        ctx,
        ASSOCIATION_CONTRACT,
        {
          ...fullFlags(customer.flags),
          operation: 'disassociate',
          currentMode: association.mode,
          associatedWithOtherPartner: false,
          coveredByOtherPartnersRegistration: false,
          modeChangesInWindow: await this.modeChangesInWindow(tx, association.customer_id),
        },
        {
          operation: 'association.disassociate',
          partnerId: association.partner_id,
          customerId: association.customer_id,
          associationId,
          returnedAmount: sweep.toFixed(2),
        },
        { movesMoney: sweep.greaterThan(0) },
      );
      await tx.query(`update associations set ended_at = ? where id = ?`, [d.decidedAt, associationId]);
      await this.event(
        tx,
        associationId,
        association.customer_id,
        association.partner_id,
        'disassociate',
        association.mode,
        null,
        d.decidedAt,
        d.decisionId,
      );
      if (sweep.greaterThan(0)) {
        await this.ledger.post(
          tx,
          {
            id: authorisedTransfer(d),
            code: 'disassociation_sweep',
            decisionId: d.decisionId,
            createdAt: d.decidedAt,
            legs: [
              { accountId: customerCash, amount: sweep.negated() },
              { accountId: partnerCash, amount: sweep },
            ],
          },
          locked,
        );
      }
      return {
        associationId,
        returnedAmount: sweep.toFixed(2),
        ...(sweep.greaterThan(0) ? { transferId: authorisedTransfer(d) } : {}),
        decision_id: d.decisionId,
      };
    });
  }

  private async lockCustomer(tx: Sql, customerId: string): Promise<CustomerRow> {
    const [customer] = await tx.query<CustomerRow>(
      `select id, name, flags, created_at, tax_id from customers where id = ? for update`,
      [customerId],
    );
    if (!customer) throw new CustomerNotFoundError(customerId);
    return customer;
  }

  private async lockAssociation(
    tx: Sql,
    ctx: RequestContext,
    associationId: string,
  ): Promise<{ association: AssociationRow; customer: CustomerRow }> {
    const [found] = await tx.query<AssociationRow>(`select * from associations where id = ?`, [associationId]);
    if (!found) throw new NotFoundError('Association', associationId);
    if (ctx.caller.role === 'partner' && ctx.caller.partnerId !== found.partner_id) throw new NotYourPartnerError();
    const customer = await this.lockCustomer(tx, found.customer_id);
    const [association] = await tx.query<AssociationRow>(`select * from associations where id = ? for update`, [
      associationId,
    ]);
    if (association.ended_at !== null) {
      throw new ConflictError('PPS.0410', { zh: '关联已解除', en: 'This association has ended' }, { associationId });
    }
    return { association, customer };
  }

  private async activeAssociation(tx: Sql, customerId: string): Promise<AssociationRow | undefined> {
    const [row] = await tx.query<AssociationRow>(
      `select * from associations where customer_id = ? and ended_at is null for update`,
      [customerId],
    );
    return row;
  }

  /** Whether another partner holds a live (approved, within its validity) registration of this customer's tax id. */
  private async coveredByOtherRegistration(tx: Sql, taxId: string | null, partnerId: string): Promise<boolean> {
    if (taxId === null) return false;
    // From the deal-registration version in force in this transaction's snapshot, as its contract types it.
    const days = this.gate.parameters(tx, DEAL_REGISTRATION_CONTRACT).registrationValidityDays;
    const [row] = await tx.query<{ n: number }>(
      `select count(*)::int as n from deal_registrations
       where tax_id = ? and partner_id <> ? and status = 'approved' and approved_at > ?`,
      [taxId, partnerId, new Date(this.gate.now().getTime() - days * 86_400_000)],
    );
    return row.n > 0;
  }

  private async modeChangesInWindow(tx: Sql, customerId: string): Promise<number> {
    const now = this.gate.now();
    const months = this.gate.parameters(tx, ASSOCIATION_CONTRACT, now).modeChangeWindowMonths;
    // Calendar months in the version's time zone (Beijing time from association 1.1.0; UTC before).
    const calendar = this.gate.versionAt(tx, ASSOCIATION_CONTRACT, now).calendar;
    const since = new Date(calendar.addMonths(now.getTime(), -months));
    const [row] = await tx.query<{ n: number }>(
      `select count(*)::int as n from association_events where customer_id = ? and kind in ('switch', 'disassociate') and at > ?`,
      [customerId, since],
    );
    return row.n;
  }

  private async event(
    tx: Sql,
    associationId: string,
    customerId: string,
    partnerId: string,
    kind: string,
    from: Mode | null,
    to: Mode | null,
    at: Date,
    decisionId: string,
  ): Promise<void> {
    await tx.query(
      `insert into association_events (association_id, customer_id, partner_id, kind, from_mode, to_mode, at, decision_id) values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [associationId, customerId, partnerId, kind, from, to, at, decisionId],
    );
  }

  private async view(tx: Sql, id: string, decisionId: string): Promise<AssociationView> {
    const [a] = await tx.query<AssociationRow>(`select * from associations where id = ?`, [id]);
    return {
      id: a.id,
      partnerId: a.partner_id,
      customerId: a.customer_id,
      mode: a.mode,
      startedAt: iso(a.started_at),
      endedAt: isoOrNull(a.ended_at),
      decision_id: decisionId,
    };
  }
}
