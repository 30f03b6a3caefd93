import { Client } from 'pg';

export interface InvariantReport {
  sumsNotZero: Array<{ currency: string; sum: string }>;
  accountsNotEqualToLegs: Array<{ id: string; balance: string; legs: string }>;
  belowFloor: Array<{ id: string; balance: string; floor: string }>;
  transfersWithoutAllowDecision: string[];
  unbalancedTransfers: string[];
}

/**
 * The ledger's invariants, read straight from PostgreSQL: balances sum to zero per currency, each
 * account equals the sum of its legs, none is below its floor, every transfer balances and names
 * an allow decision that names it back.
 */
export async function checkLedgerInvariants(databaseUrl: string): Promise<InvariantReport> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const q = async <T>(sql: string) => (await c.query(sql)).rows as T[];
    return {
      sumsNotZero: await q(
        `select currency, sum(balance)::text as sum from accounts group by currency having sum(balance) <> 0`,
      ),
      accountsNotEqualToLegs: await q(`
        select a.id::text, a.balance::text, coalesce(sum(l.amount), 0)::text as legs
        from accounts a left join transfer_legs l on l.account_id = a.id
        group by a.id having a.balance <> coalesce(sum(l.amount), 0)`),
      belowFloor: await q(
        `select id::text, balance::text, floor::text from accounts where floor is not null and balance < floor`,
      ),
      transfersWithoutAllowDecision: (
        await q<{ id: string }>(`
          select t.id from transfers t left join decisions d on d.id = t.decision_id
          where d.id is null or d.effect <> 'allow' or d.transfer_id is distinct from t.id`)
      ).map((r) => r.id),
      unbalancedTransfers: (
        await q<{ transfer_id: string }>(
          `select transfer_id from transfer_legs group by transfer_id, currency having sum(amount) <> 0`,
        )
      ).map((r) => r.transfer_id),
    };
  } finally {
    await c.end();
  }
}

export const NO_VIOLATIONS: InvariantReport = {
  sumsNotZero: [],
  accountsNotEqualToLegs: [],
  belowFloor: [],
  transfersWithoutAllowDecision: [],
  unbalancedTransfers: [],
};

/** How many decisions and transfers exist: "nothing written" means these do not move. */
export async function countRows(databaseUrl: string): Promise<{ decisions: number; transfers: number }> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query(
      `select (select count(*) from decisions)::int as decisions, (select count(*) from transfers)::int as transfers`,
    );
    return rows[0] as { decisions: number; transfers: number };
  } finally {
    await c.end();
  }
}
