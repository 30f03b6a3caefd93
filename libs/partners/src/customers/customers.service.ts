import { type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import { LedgerService } from '@pps/ledger';
import { Clock } from '@pps/platform';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { CustomerNotFoundError, NotYourPartnerError } from '../shared/errors';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';
import { iso } from '../shared/sql';

const CUSTOMER_FLAGS = [
  'internal',
  'directContract',
  'liveReservedInstance',
  'liveSupportPlan',
  'uninvoicedBalance',
  'unusedStoredValueCard',
  'bonusBalance',
  'frozen',
  'inArrears',
] as const;
type CustomerFlag = (typeof CUSTOMER_FLAGS)[number];
export type CustomerFlags = Record<CustomerFlag, boolean>;

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

export interface CustomerRow {
  id: string;
  name: string;
  tax_id?: string | null;
  flags: Partial<CustomerFlags>;
  created_at: Date | string;
}

export function fullFlags(flags: Partial<CustomerFlags> | undefined): CustomerFlags {
  return Object.fromEntries(CUSTOMER_FLAGS.map((f) => [f, flags?.[f] === true])) as CustomerFlags;
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
    await tx.query(
      `insert into customers (id, name, tax_id, flags, created_at, registered_at) values (?, ?, ?, ?::jsonb, ?, ?)`,
      [
        id,
        cmd.name,
        cmd.taxId ?? null,
        JSON.stringify(fullFlags(cmd.flags)),
        cmd.createdAt ? new Date(cmd.createdAt) : now,
        now,
      ],
    );
    await this.ledger.openAccount(tx, { ownerType: 'customer', ownerId: id, kind: 'customer_cash' }, new Decimal(0));
    await this.ledger.openAccount(tx, { ownerType: 'customer', ownerId: id, kind: 'customer_voucher' }, new Decimal(0));
  }

  /** A partner key sees only customers associated with its partner. */
  async get(ctx: RequestContext, id: string): Promise<CustomerView> {
    const view = await this.view(this.runner.reader(), id);
    if (ctx.caller.role === 'partner' && view.association?.partnerId !== ctx.caller.partnerId)
      throw new NotYourPartnerError();
    return view;
  }

  async view(em: Sql, id: string): Promise<CustomerView> {
    const [row] = await em.query<CustomerRow>(
      `select id, name, tax_id, flags, created_at from customers where id = ?`,
      [id],
    );
    if (!row) throw new CustomerNotFoundError(id);
    const balances = await this.ledger.balances(em, 'customer', id);
    const [assoc] = await em.query<{ id: string; partner_id: string; mode: 'referral' | 'resale' }>(
      `select id, partner_id, mode from associations where customer_id = ? and ended_at is null`,
      [id],
    );
    return {
      id: row.id,
      name: row.name,
      taxId: row.tax_id ?? null,
      createdAt: iso(row.created_at),
      flags: fullFlags(row.flags),
      balance: (balances.get('customer_cash')?.balance ?? new Decimal(0)).toFixed(2),
      voucherBalance: (balances.get('customer_voucher')?.balance ?? new Decimal(0)).toFixed(2),
      association: assoc ? { id: assoc.id, partnerId: assoc.partner_id, mode: assoc.mode } : null,
    };
  }
}
