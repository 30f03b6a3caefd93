import { Injectable } from '@nestjs/common';
import { LedgerService } from '@pps/ledger';
import { formatAmount, NotFoundError, type Sql } from '@pps/platform';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { type Customer, fullFlags } from '../customers/customer';
import { CustomersRepository } from '../customers/customers.repository';
import { type CreateCustomerCommand, CustomersService, type CustomerView } from '../customers/customers.service';
import { DEAL_REGISTRATION_CONTRACT } from '../deal-registrations/deal-registration.contract';
import { DealRegistrationsRepository } from '../deal-registrations/deal-registrations.repository';
import { PartnersRepository } from '../partners/partners.repository';
import {
  AlreadyAssociatedError,
  AssociationEndedError,
  AssociationNeedsConsentError,
  CUSTOMER,
  PARTNER,
} from '../shared/errors';
import { loadOwnedAssociation } from '../shared/partner-scope';
import { authorisedTransfer, PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { iso, isoOrNull } from '../shared/sql';
import { TransactionRunner } from '../shared/transaction-runner';
import { ASSOCIATION_CONTRACT } from './association.contract';
import {
  type Association,
  type AssociationEventKind,
  AssociationsRepository,
  type Mode,
} from './associations.repository';

export type { Mode } from './associations.repository';

export interface AssociationView {
  id: string;
  partnerId: string;
  customerId: string;
  mode: Mode;
  startedAt: string;
  endedAt: string | null;
  decision_id: string;
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
    if (!(await PartnersRepository.exists(tx, cmd.partnerId))) throw new NotFoundError(PARTNER, cmd.partnerId);
    const current = await AssociationsRepository.activeOf(tx, cmd.customerId, { lock: true });
    if (current?.partnerId === cmd.partnerId) {
      throw new AlreadyAssociatedError(current.id);
    }
    const covered = await this.coveredByOtherRegistration(tx, customer.taxId, cmd.partnerId);
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
    await AssociationsRepository.insert(tx, {
      id,
      customerId: cmd.customerId,
      partnerId: cmd.partnerId,
      mode: cmd.mode,
      startedAt: d.decidedAt,
    });
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
    if (!(await PartnersRepository.exists(tx, cmd.partnerId, { share: true })))
      throw new NotFoundError(PARTNER, cmd.partnerId);
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
    await AssociationsRepository.insert(tx, {
      id,
      customerId: cmd.customerId,
      partnerId: cmd.partnerId,
      mode: cmd.mode,
      startedAt: d.decidedAt,
    });
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
          modeChangesInWindow: await this.modeChangesInWindow(tx, association.customerId),
        },
        {
          operation: 'association.switch',
          partnerId: association.partnerId,
          customerId: association.customerId,
          associationId,
          from: association.mode,
          to: mode,
        },
        { movesMoney: false },
      );
      await AssociationsRepository.switchMode(tx, associationId, association.mode, mode);
      await this.event(
        tx,
        associationId,
        association.customerId,
        association.partnerId,
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
      const customerCash = (await this.ledger.accountIds(tx, 'customer', association.customerId)).get('customer_cash')!;
      const partnerCash = (await this.ledger.accountIds(tx, 'partner', association.partnerId)).get('partner_cash')!;
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
          modeChangesInWindow: await this.modeChangesInWindow(tx, association.customerId),
        },
        {
          operation: 'association.disassociate',
          partnerId: association.partnerId,
          customerId: association.customerId,
          associationId,
          returnedAmount: formatAmount(sweep),
        },
        { movesMoney: sweep.greaterThan(0) },
      );
      await AssociationsRepository.end(tx, associationId, d.decidedAt);
      await this.event(
        tx,
        associationId,
        association.customerId,
        association.partnerId,
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
        returnedAmount: formatAmount(sweep),
        ...(sweep.greaterThan(0) ? { transferId: authorisedTransfer(d) } : {}),
        decision_id: d.decisionId,
      };
    });
  }

  private async lockCustomer(tx: Sql, customerId: string): Promise<Customer> {
    const customer = await CustomersRepository.find(tx, customerId, { lock: true });
    if (!customer) throw new NotFoundError(CUSTOMER, customerId);
    return customer;
  }

  private async lockAssociation(
    tx: Sql,
    ctx: RequestContext,
    associationId: string,
  ): Promise<{ association: Association; customer: Customer }> {
    const found = await loadOwnedAssociation(tx, ctx.caller, associationId);
    const customer = await this.lockCustomer(tx, found.customerId);
    const association = (await AssociationsRepository.find(tx, associationId, { lock: true }))!;
    if (association.endedAt !== null) {
      throw new AssociationEndedError(associationId);
    }
    return { association, customer };
  }

  /** Whether another partner holds a live (approved, within its validity) registration of this customer's tax id. */
  private async coveredByOtherRegistration(tx: Sql, taxId: string | null, partnerId: string): Promise<boolean> {
    if (taxId === null) return false;
    // From the deal-registration version in force in this transaction's snapshot, as its contract types it.
    const days = this.gate.parameters(tx, DEAL_REGISTRATION_CONTRACT).registrationValidityDays;
    const since = new Date(this.gate.now().getTime() - days * 86_400_000);
    return DealRegistrationsRepository.approvedForOtherPartnerSince(tx, taxId, partnerId, since);
  }

  private async modeChangesInWindow(tx: Sql, customerId: string): Promise<number> {
    const now = this.gate.now();
    const months = this.gate.parameters(tx, ASSOCIATION_CONTRACT, now).modeChangeWindowMonths;
    // Calendar months in the version's time zone (Beijing time from association 1.1.0; UTC before).
    const calendar = this.gate.versionAt(tx, ASSOCIATION_CONTRACT, now).calendar;
    const since = new Date(calendar.addMonths(now.getTime(), -months));
    return AssociationsRepository.modeChangesSince(tx, customerId, since);
  }

  private async event(
    tx: Sql,
    associationId: string,
    customerId: string,
    partnerId: string,
    kind: AssociationEventKind,
    from: Mode | null,
    to: Mode | null,
    at: Date,
    decisionId: string,
  ): Promise<void> {
    await AssociationsRepository.recordEvent(tx, {
      associationId,
      customerId,
      partnerId,
      kind,
      from,
      to,
      at,
      decisionId,
    });
  }

  private async view(tx: Sql, id: string, decisionId: string): Promise<AssociationView> {
    const a = (await AssociationsRepository.find(tx, id))!;
    return {
      id: a.id,
      partnerId: a.partnerId,
      customerId: a.customerId,
      mode: a.mode,
      startedAt: iso(a.startedAt),
      endedAt: isoOrNull(a.endedAt),
      decision_id: decisionId,
    };
  }
}
