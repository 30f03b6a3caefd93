import { Injectable } from '@nestjs/common';
import { formatAmount, type Sql, writeAll } from '@pps/platform';
import type Decimal from 'decimal.js';
import type { OwnerType, PostedLeg, TransferRequest, TransferView } from './ledger.types';

/** One row per leg of a transfer, with the account the leg moved. */
interface TransferLegRow {
  id: string;
  code: string;
  decision_id: string;
  created_at: Date;
  account_id: string;
  owner_type: OwnerType;
  owner_id: string;
  kind: string;
  amount: string;
  currency: string;
}

const SELECT_LEGS = `
  select t.id, t.code, t.decision_id, t.created_at,
         l.account_id::text as account_id, a.owner_type, a.owner_id, a.kind, l.amount::text as amount, l.currency
    from transfers t
    join transfer_legs l on l.transfer_id = t.id
    join accounts a on a.id = l.account_id`;

/** Rows (one per leg, grouped by transfer in order) → transfers with their legs. */
function toViews(rows: TransferLegRow[]): TransferView[] {
  const byId = new Map<string, TransferView>();
  for (const row of rows) {
    let transfer = byId.get(row.id);
    if (!transfer) {
      transfer = {
        id: row.id,
        code: row.code,
        decision_id: row.decision_id,
        createdAt: row.created_at.toISOString(),
        legs: [],
      };
      byId.set(row.id, transfer);
    }
    transfer.legs.push({
      accountId: row.account_id,
      ownerType: row.owner_type,
      ownerId: row.owner_id,
      kind: row.kind,
      amount: row.amount,
      currency: row.currency,
    });
  }
  return [...byId.values()];
}

/**
 * Every statement on `transfers` and `transfer_legs` (append-only tables: rows are inserted, never
 * changed). Each method runs on the `Sql` it is given.
 */
@Injectable()
export class TransfersRepository {
  /**
   * Writes the transfer, its legs (numbered from 1 in the order given) and the accounts' new
   * balances. In a transaction the three are held and sent in ONE statement with the use case's
   * other final writes (the decision that authorises the transfer, the Idempotency-Key answer), so
   * that none of them is ever written without the others; a second posting on the same accounts in
   * the same transaction sends the first before it is held. The caller has locked the accounts and
   * checked double entry and floors.
   */
  async insert(
    sql: Sql,
    transfer: Pick<TransferRequest, 'id' | 'code' | 'decisionId' | 'createdAt' | 'metadata'>,
    legs: PostedLeg[],
    balances: Map<string, Decimal>,
  ): Promise<void> {
    const legValues = legs.map(() => '(?::uuid, ?::smallint, ?::bigint, ?::numeric, ?)').join(', ');
    const balanceValues = [...balances.keys()].map(() => '(?::bigint, ?::numeric)').join(', ');
    const rows = [...balances.keys()].map((id) => `accounts:${id}`);
    await writeAll(sql, [
      {
        text: `insert into transfers (id, code, decision_id, created_at, metadata) values (?, ?, ?, ?, ?::jsonb)`,
        values: [
          transfer.id,
          transfer.code,
          transfer.decisionId,
          transfer.createdAt,
          JSON.stringify(transfer.metadata ?? {}),
        ],
        rows,
      },
      {
        text: `insert into transfer_legs (transfer_id, leg_no, account_id, amount, currency) values ${legValues}`,
        values: legs.flatMap((l, i) => [transfer.id, i + 1, l.accountId, l.amount, l.currency]),
      },
      {
        text: `update accounts a set balance = v.balance, version = a.version + 1
             from (values ${balanceValues}) as v(id, balance) where a.id = v.id`,
        values: [...balances.entries()].flatMap(([id, balance]) => [id, formatAmount(balance)]),
      },
    ]);
  }

  /** One transfer with its legs in order, or null. */
  async findById(sql: Sql, id: string): Promise<TransferView | null> {
    const rows = await sql.query<TransferLegRow>(`${SELECT_LEGS} where t.id = ? order by l.leg_no`, [id]);
    return toViews(rows)[0] ?? null;
  }

  /** These transfers with their legs in order (transfers in id order; unknown ids are left out). */
  async findByIds(sql: Sql, ids: readonly string[]): Promise<TransferView[]> {
    for (const id of ids) if (!/^[0-9A-Za-z-]+$/.test(id)) throw new Error(`not a transfer id: ${id}`);
    const rows = await sql.query<TransferLegRow>(`${SELECT_LEGS} where t.id = any(?::uuid[]) order by t.id, l.leg_no`, [
      `{${ids.join(',')}}`,
    ]);
    return toViews(rows);
  }

  /** An owner's most recent transfers (any leg on one of its accounts), newest first, with their legs. */
  async recentOfOwner(sql: Sql, ownerType: OwnerType, ownerId: string, limit: number): Promise<TransferView[]> {
    const rows = await sql.query<TransferLegRow>(
      `with recent as (
         select t.id, t.seq from transfers t
          where t.id in (select l.transfer_id from transfer_legs l join accounts a on a.id = l.account_id
                          where a.owner_type = ? and a.owner_id = ?)
          order by t.seq desc limit ?)
       ${SELECT_LEGS} join recent r on r.id = t.id
       order by r.seq desc, l.leg_no`,
      [ownerType, ownerId, limit],
    );
    return toViews(rows);
  }
}

/**
 * A sub-query of the legs (`amount`, the transfer's `code`) that the account `accountSql` (an SQL
 * expression; `?` by default) received or paid in the transfers whose authorising decision passes
 * `decisionCondition(decisionIdSql)` — for another library's statement that needs ledger history
 * in the same round trip, without naming the ledger's tables itself. Values: those of
 * `accountSql`, then those of the condition.
 */
export function legsOfAccountSql(decisionCondition: (decisionIdSql: string) => string, accountSql = '?'): string {
  // Each leg's transfer is looked up by its key (a LATERAL sub-query that OFFSET 0 keeps from being
  // flattened into a join): the cost follows the account's own legs, never the size of `transfers`.
  // As a plain join, a cached generic plan picked while the tables were small hashed a sequential
  // scan of every transfer into each call (issue 19: 1.3 ms of PostgreSQL per allocation, growing).
  return `select l.amount, t.code from transfer_legs l
          cross join lateral (select x.code, x.decision_id from transfers x where x.id = l.transfer_id offset 0) t
          where l.account_id = (${accountSql}) and ${decisionCondition('t.decision_id')}`;
}
