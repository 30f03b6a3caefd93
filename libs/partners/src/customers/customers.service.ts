import { Injectable } from '@nestjs/common';
import { LedgerService } from '@pps/ledger';
import { Clock, formatAmount, NotFoundError, type Sql } from '@pps/platform';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { AssociationsRepository } from '../associations/associations.repository';
import { CUSTOMER } from '../shared/errors';
import { assertOwns } from '../shared/partner-scope';
import type { RequestContext } from '../shared/request-context';
import { iso } from '../shared/sql';
import { TransactionRunner } from '../shared/transaction-runner';
import { type CustomerFlags, fullFlags } from './customer';
import { CustomersRepository } from './customers.repository';

export interface CreateCustomerCommand {
  name: string;
  /** The company's tax id: how a deal registration's prospect is recognised. */
  taxId?: string;
  createdAt?: string;
  flags?: Partial<CustomerFlags>;
}

export interface CustomerView {
  id: string;
  name: string;
  taxId: string | null;
  createdAt: string;
  flags: CustomerFlags;
  balance: string;
  voucherBalance: string;
  association: { id: string; partnerId: string; mode: 'referral' | 'resale' } | null;
}

@Injectable()
export class CustomersService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly clock: Clock,
  ) {}

  create(ctx: RequestContext, cmd: CreateCustomerCommand): Promise<CustomerView> {
    return this.runner.run(ctx, { operation: 'customer.create', input: cmd }, async (tx) => {
      const id = randomUUID();
      await this.insertIn(tx, id, cmd);
      return this.view(tx, id);
    });
  }

  /** Inserts the customer row and opens its accounts, inside the caller's transaction. */
  async insertIn(tx: Sql, id: string, cmd: CreateCustomerCommand): Promise<void> {
    const now = this.clock.now();
    await CustomersRepository.insert(tx, {
      id,
      name: cmd.name,
      taxId: cmd.taxId ?? null,
      flags: fullFlags(cmd.flags),
      createdAt: cmd.createdAt ? new Date(cmd.createdAt) : now,
      registeredAt: now,
    });
    await this.ledger.openAccount(tx, { ownerType: 'customer', ownerId: id, kind: 'customer_cash' }, new Decimal(0));
    await this.ledger.openAccount(tx, { ownerType: 'customer', ownerId: id, kind: 'customer_voucher' }, new Decimal(0));
  }

  /** A partner key sees only customers associated with its partner. */
  async get(ctx: RequestContext, id: string): Promise<CustomerView> {
    const view = await this.view(this.runner.reader(), id);
    assertOwns(ctx.caller, view.association?.partnerId);
    return view;
  }

  async view(em: Sql, id: string): Promise<CustomerView> {
    const customer = await CustomersRepository.find(em, id);
    if (!customer) throw new NotFoundError(CUSTOMER, id);
    const balances = await this.ledger.balances(em, 'customer', id);
    const association = await AssociationsRepository.activeOf(em, id);
    return {
      id: customer.id,
      name: customer.name,
      taxId: customer.taxId,
      createdAt: iso(customer.createdAt),
      flags: customer.flags,
      balance: formatAmount(balances.get('customer_cash')?.balance ?? 0),
      voucherBalance: formatAmount(balances.get('customer_voucher')?.balance ?? 0),
      association: association
        ? { id: association.id, partnerId: association.partnerId, mode: association.mode }
        : null,
    };
  }
}
