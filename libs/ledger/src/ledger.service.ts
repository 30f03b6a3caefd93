import { type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { BalanceOutOfRangeError, ExceedsFloorError, UnbalancedTransferError } from './ledger.errors';
import type {
  AccountKind,
  AccountRef,
  LockedAccount,
  OwnerType,
  PostedTransfer,
  TransferRequest,
} from './ledger.types';

interface AccountRow {
  id: string;
  owner_type: OwnerType;
  owner_id: string;
  kind: AccountKind;
  currency: string;
  balance: string;
  floor: string | null;
}

function toLocked(row: AccountRow): LockedAccount {
  return {
    id: String(row.id),
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    kind: row.kind,
    currency: row.currency,
    balance: new Decimal(row.balance),
    floor: row.floor === null ? null : new Decimal(row.floor),
  };
}

/** Balances are NUMERIC(20,2): the absolute value must stay below 10^18. */
const BALANCE_LIMIT = new Decimal('1e18');

/**
 * The only code that changes balances. Every method runs inside the caller's transaction (the
 * `em` it is given) and never commits: the use case commits the decision, the transfer and its
 * state change together, or nothing.
 *
 * Locking: every account a posting touches is locked with SELECT … FOR UPDATE in ascending id
 * order, so two postings over the same accounts queue instead of deadlocking or losing an update.
 */
@Injectable()
export class LedgerService {
  /** Creates the account if missing (idempotent) and returns its id. */
  async openAccount(em: Sql, ref: AccountRef, floor: Decimal | null): Promise<string> {
    const rows = await em.query<AccountRow>(
      `insert into accounts (owner_type, owner_id, kind, currency, floor) values (?, ?, ?, ?, ?)
       on conflict (owner_type, owner_id, kind, currency) do update set floor = accounts.floor
       returning id`,
      [ref.ownerType, ref.ownerId, ref.kind, ref.currency ?? 'CNY', floor === null ? null : floor.toFixed(2)],
    );
    return String(rows[0].id);
  }

  /** Account ids by kind for one owner (no lock). */
  async accountIds(em: Sql, ownerType: OwnerType, ownerId: string): Promise<Map<AccountKind, string>> {
    const rows = await em.query<AccountRow>(`select id, kind from accounts where owner_type = ? and owner_id = ?`, [
      ownerType,
      ownerId,
    ]);
    return new Map(rows.map((r) => [r.kind, String(r.id)]));
  }

  async accountId(em: Sql, ref: AccountRef): Promise<string> {
    const rows = await em.query<AccountRow>(
      `select id from accounts where owner_type = ? and owner_id = ? and kind = ? and currency = ?`,
      [ref.ownerType, ref.ownerId, ref.kind, ref.currency ?? 'CNY'],
    );
    if (rows.length === 0) throw new Error(`no ${ref.kind} account for ${ref.ownerType} ${ref.ownerId}`);
    return String(rows[0].id);
  }

  /** Locks the accounts in ascending id order and returns their current state. */
  async lock(em: Sql, accountIds: string[]): Promise<Map<string, LockedAccount>> {
    const ids = [...new Set(accountIds)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    const rows = await em.query<AccountRow>(
      `select id, owner_type, owner_id, kind, currency, balance, floor from accounts
       where id in (${ids.map(() => '?').join(', ')}) order by id for update`,
      ids,
    );
    if (rows.length !== ids.length)
      throw new Error(`accounts not found: ${ids.filter((id) => !rows.some((r) => String(r.id) === id)).join(', ')}`);
    return new Map(rows.map((r) => [String(r.id), toLocked(r)]));
  }

  /**
   * Finds and locks accounts by owner and kind in one statement (ascending id order), for the hot
   * paths that know whose accounts they need but not their ids. Throws if one is missing.
   */
  async lockOwned(em: Sql, refs: AccountRef[]): Promise<{ ids: string[]; locked: Map<string, LockedAccount> }> {
    const rows = await em.query<AccountRow>(
      `select id, owner_type, owner_id, kind, currency, balance, floor from accounts
       where (owner_type, owner_id, kind, currency) in (${refs.map(() => '(?, ?::uuid, ?, ?)').join(', ')})
       order by id for update`,
      refs.flatMap((r) => [r.ownerType, r.ownerId, r.kind, r.currency ?? 'CNY']),
    );
    const locked = new Map(rows.map((r) => [String(r.id), toLocked(r)]));
    const ids = refs.map((r) => {
      const row = rows.find(
        (a) =>
          a.owner_type === r.ownerType &&
          a.owner_id === r.ownerId &&
          a.kind === r.kind &&
          a.currency === (r.currency ?? 'CNY'),
      );
      if (!row) throw new Error(`no ${r.kind} account for ${r.ownerType} ${r.ownerId}`);
      return String(row.id);
    });
    return { ids, locked };
  }

  /** Balances of one owner's accounts by kind (a plain read, for answers and views). */
  async balances(
    em: Sql,
    ownerType: OwnerType,
    ownerId: string,
  ): Promise<Map<AccountKind, { id: string; balance: Decimal; floor: Decimal | null }>> {
    const rows = await em.query<AccountRow>(
      `select id, kind, balance, floor from accounts where owner_type = ? and owner_id = ?`,
      [ownerType, ownerId],
    );
    return new Map(
      rows.map((r) => [
        r.kind,
        { id: String(r.id), balance: new Decimal(r.balance), floor: r.floor === null ? null : new Decimal(r.floor) },
      ]),
    );
  }

  /** Sets a new floor (e.g. a partner's credit line changed); the row check refuses a floor above the balance. */
  async setFloor(em: Sql, accountId: string, floor: Decimal): Promise<void> {
    await em.query(`update accounts set floor = ?, version = version + 1 where id = ?`, [floor.toFixed(2), accountId]);
  }

  /**
   * Posts a transfer: checks double entry (legs sum to zero per currency, none zero, at most two
   * decimals), locks the accounts (ascending id; a no-op for rows this transaction holds already),
   * checks floors, then writes the transfer, its legs and the new balances in one statement.
   */
  async post(em: Sql, transfer: TransferRequest, locked?: Map<string, LockedAccount>): Promise<PostedTransfer> {
    if (transfer.legs.length < 2) throw new UnbalancedTransferError('a transfer needs at least two legs');
    for (const leg of transfer.legs) {
      if (leg.amount.isZero()) throw new UnbalancedTransferError('a leg of zero');
      if (leg.amount.decimalPlaces() > 2)
        throw new UnbalancedTransferError(`a leg with more than 2 decimals: ${leg.amount.toString()}`);
    }
    const ids = transfer.legs.map((l) => l.accountId);
    const accounts = locked && ids.every((id) => locked.has(id)) ? locked : await this.lock(em, ids);

    const sums = new Map<string, Decimal>();
    const next = new Map<string, Decimal>();
    for (const leg of transfer.legs) {
      const account = accounts.get(leg.accountId)!;
      sums.set(account.currency, (sums.get(account.currency) ?? new Decimal(0)).plus(leg.amount));
      next.set(account.id, (next.get(account.id) ?? account.balance).plus(leg.amount));
    }
    for (const [currency, sum] of sums) {
      if (!sum.isZero()) throw new UnbalancedTransferError(`legs in ${currency} sum to ${sum.toString()}`);
    }
    for (const [id, balance] of next) {
      const account = accounts.get(id)!;
      if (account.floor !== null && balance.lessThan(account.floor)) {
        throw new ExceedsFloorError(id, account.kind, balance.toFixed(2), account.floor.toFixed(2));
      }
      if (balance.abs().greaterThanOrEqualTo(BALANCE_LIMIT)) throw new BalanceOutOfRangeError(id, account.kind);
    }

    const legs = transfer.legs.map((leg) => ({
      accountId: leg.accountId,
      amount: leg.amount.toFixed(2),
      currency: accounts.get(leg.accountId)!.currency,
    }));
    const legValues = legs.map(() => '(?::uuid, ?::smallint, ?::bigint, ?::numeric, ?)').join(', ');
    const balanceValues = [...next.keys()].map(() => '(?::bigint, ?::numeric)').join(', ');
    await em.query(
      `with t as (
         insert into transfers (id, code, decision_id, created_at, metadata) values (?, ?, ?, ?, ?::jsonb) returning id
       ), l as (
         insert into transfer_legs (transfer_id, leg_no, account_id, amount, currency) values ${legValues}
       )
       update accounts a set balance = v.balance, version = a.version + 1
       from (values ${balanceValues}) as v(id, balance) where a.id = v.id`,
      [
        transfer.id,
        transfer.code,
        transfer.decisionId,
        transfer.createdAt,
        JSON.stringify(transfer.metadata ?? {}),
        ...legs.flatMap((l, i) => [transfer.id, i + 1, l.accountId, l.amount, l.currency]),
        ...[...next.entries()].flatMap(([id, balance]) => [id, balance.toFixed(2)]),
      ],
    );
    for (const [id, balance] of next) accounts.get(id)!.balance = balance;
    return { id: transfer.id, code: transfer.code, decisionId: transfer.decisionId, legs, balances: next };
  }
}
