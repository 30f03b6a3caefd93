import { Database } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@pps/platform';

interface TransferLegView {
  accountId: string;
  ownerType: 'platform' | 'partner' | 'customer';
  ownerId: string;
  /** The account's kind (cash, incentive, voucher_quota, revenue …). */
  kind: string;
  /** Signed decimal string: positive credits the account, negative debits it. */
  amount: string;
  currency: string;
}

export interface TransferView {
  id: string;
  code: string;
  /** The allow decision that authorised the transfer. */
  decisionId: string | null;
  createdAt: string;
  legs: TransferLegView[];
}

interface Row {
  id: string;
  code: string;
  decision_id: string | null;
  created_at: string;
  account_id: string;
  owner_type: TransferLegView['ownerType'];
  owner_id: string;
  kind: string;
  amount: string;
  currency: string;
}

const SELECT_LEGS = `
  select t.id, t.code, t.decision_id,
         to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
         l.account_id::text as account_id, a.owner_type, a.owner_id, a.kind, l.amount::text as amount, l.currency
    from transfers t
    join transfer_legs l on l.transfer_id = t.id
    join accounts a on a.id = l.account_id`;

/** Read-only views of the ledger's transfers, for auditors and the console (SQL: reads only). */
@Injectable()
export class TransfersQuery {
  constructor(private readonly em: Database) {}

  /** @throws NotFoundError */
  async get(id: string): Promise<TransferView> {
    const rows = await this.em.query<Row>(`${SELECT_LEGS} where t.id = ? order by l.leg_no`, [id]);
    const [transfer] = group(rows);
    if (!transfer) throw new NotFoundError('Transfer', id);
    return transfer;
  }

  /** The partner's most recent transfers (any leg on one of its accounts), newest first. @throws NotFoundError */
  async ofPartner(partnerId: string, limit: number): Promise<{ partnerId: string; items: TransferView[] }> {
    const em = this.em;
    const found = await em.query<{ id: string }>(`select id from partners where id = ?`, [partnerId]);
    if (found.length === 0) throw new NotFoundError('Partner', partnerId);
    const rows = await em.query<Row>(
      `with recent as (
         select t.id, t.seq from transfers t
          where t.id in (select l.transfer_id from transfer_legs l join accounts a on a.id = l.account_id
                          where a.owner_type = 'partner' and a.owner_id = ?)
          order by t.seq desc limit ?)
       ${SELECT_LEGS} join recent r on r.id = t.id
       order by r.seq desc, l.leg_no`,
      [partnerId, limit],
    );
    return { partnerId, items: group(rows) };
  }
}

/** Rows (one per leg, grouped by transfer in order) → transfers with their legs. */
function group(rows: Row[]): TransferView[] {
  const byId = new Map<string, TransferView>();
  for (const row of rows) {
    let transfer = byId.get(row.id);
    if (!transfer) {
      transfer = { id: row.id, code: row.code, decisionId: row.decision_id, createdAt: row.created_at, legs: [] };
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
