import { Injectable } from '@nestjs/common';
import { DEFAULT_CURRENCY, type Sql } from '@pps/platform';
import Decimal from 'decimal.js';
import type { AccountBalance, AccountKind, AccountRef, LockedAccount, OwnerType } from './ledger.types';

/** A row of `accounts` (bigint ids and NUMERIC amounts arrive as strings). */
interface AccountRow {
  id: string;
  owner_type: OwnerType;
  owner_id: string;
  kind: AccountKind;
  currency: string;
  balance: string;
  floor: string | null;
}

type IdRow = Pick<AccountRow, 'id'>;
type KindRow = Pick<AccountRow, 'id' | 'kind'>;
type BalanceRow = Pick<AccountRow, 'id' | 'kind' | 'balance' | 'floor'>;

const LOCKED_COLUMNS = 'id, owner_type, owner_id, kind, currency, balance, floor';

function decimalOrNull(value: string | null): Decimal | null {
  return value === null ? null : new Decimal(value);
}

function toLocked(row: AccountRow): LockedAccount {
  return {
    id: String(row.id),
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    kind: row.kind,
    currency: row.currency,
    balance: new Decimal(row.balance),
    floor: decimalOrNull(row.floor),
  };
}

function toBalance(row: BalanceRow): AccountBalance {
  return { id: String(row.id), balance: new Decimal(row.balance), floor: decimalOrNull(row.floor) };
}

/**
 * A sub-query that locks accounts by owner and kind (`for update`, ascending id), for another
 * library's statement that reads its own rows and the accounts in one round trip without naming the
 * ledger's table itself. Its columns are JSON-safe (ids and amounts as text): aggregate its rows
 * with `json_agg` and read them back with {@link lockedFromJson}.
 */
export function lockOwnedSql(refs: readonly AccountRef[]): { text: string; values: unknown[] } {
  return {
    text: `select id::text as id, owner_type, owner_id, kind, currency, balance::text as balance, floor::text as floor
           from accounts where (owner_type, owner_id, kind, currency) in (${refs.map(() => '(?, ?::uuid, ?, ?)').join(', ')})
           order by id for update`,
    values: refs.flatMap((r) => [r.ownerType, r.ownerId, r.kind, r.currency ?? DEFAULT_CURRENCY]),
  };
}

/** The rows of {@link lockOwnedSql}, aggregated as JSON, as locked accounts. */
export function lockedFromJson(rows: unknown): LockedAccount[] {
  return (rows as AccountRow[]).map(toLocked);
}

/** Ascending by numeric value: bigint ids carried as strings ("10" after "9"). */
function ascendingIds(ids: string[]): string[] {
  return [...new Set(ids)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/**
 * Every statement on `accounts`. Each method runs on the `Sql` it is given: the use case's
 * transaction for opening and locking, the pool (or the transaction) for plain reads.
 */
@Injectable()
export class AccountsRepository {
  /**
   * Creates the account if missing and returns its id (idempotent: an existing account keeps its
   * floor). `floor` is written as given: two decimals, or null for no floor.
   */
  async open(sql: Sql, ref: AccountRef, floor: string | null): Promise<string> {
    const [row] = await sql.query<IdRow>(
      `insert into accounts (owner_type, owner_id, kind, currency, floor) values (?, ?, ?, ?, ?)
       on conflict (owner_type, owner_id, kind, currency) do update set floor = accounts.floor
       returning id`,
      [ref.ownerType, ref.ownerId, ref.kind, ref.currency ?? DEFAULT_CURRENCY, floor],
    );
    return String(row.id);
  }

  /** One owner's account ids by kind (no lock). */
  async idsByOwner(sql: Sql, ownerType: OwnerType, ownerId: string): Promise<Map<AccountKind, string>> {
    const rows = await sql.query<KindRow>(`select id, kind from accounts where owner_type = ? and owner_id = ?`, [
      ownerType,
      ownerId,
    ]);
    return new Map(rows.map((r) => [r.kind, String(r.id)]));
  }

  /** The id of one account, or null when it does not exist (no lock). */
  async findId(sql: Sql, ref: AccountRef): Promise<string | null> {
    const [row] = await sql.query<IdRow>(
      `select id from accounts where owner_type = ? and owner_id = ? and kind = ? and currency = ?`,
      [ref.ownerType, ref.ownerId, ref.kind, ref.currency ?? DEFAULT_CURRENCY],
    );
    return row ? String(row.id) : null;
  }

  /**
   * Locks the accounts (SELECT … FOR UPDATE) in ascending id order, so that two postings over the
   * same accounts queue instead of deadlocking, and returns those found, in that order.
   */
  async lock(sql: Sql, accountIds: string[]): Promise<LockedAccount[]> {
    const ids = ascendingIds(accountIds);
    const rows = await sql.query<AccountRow>(
      `select ${LOCKED_COLUMNS} from accounts
       where id in (${ids.map(() => '?').join(', ')}) order by id for update`,
      ids,
    );
    return rows.map(toLocked);
  }

  /** Finds and locks accounts by owner and kind in one statement (ascending id order); returns those found. */
  async lockOwned(sql: Sql, refs: AccountRef[]): Promise<LockedAccount[]> {
    const rows = await sql.query<AccountRow>(
      `select ${LOCKED_COLUMNS} from accounts
       where (owner_type, owner_id, kind, currency) in (${refs.map(() => '(?, ?::uuid, ?, ?)').join(', ')})
       order by id for update`,
      refs.flatMap((r) => [r.ownerType, r.ownerId, r.kind, r.currency ?? DEFAULT_CURRENCY]),
    );
    return rows.map(toLocked);
  }

  /** Balances of one owner's accounts by kind (a plain read, for answers and views). */
  async balances(sql: Sql, ownerType: OwnerType, ownerId: string): Promise<Map<AccountKind, AccountBalance>> {
    const rows = await sql.query<BalanceRow>(
      `select id, kind, balance, floor from accounts where owner_type = ? and owner_id = ?`,
      [ownerType, ownerId],
    );
    return new Map(rows.map((r) => [r.kind, toBalance(r)]));
  }
}
