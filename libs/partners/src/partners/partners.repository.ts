import type { Sql } from '@pps/platform';

export type PartnerKind = 'solution_provider' | 'reseller' | 'distributor';

/** A partner as the use cases read it. */
export interface Partner {
  id: string;
  name: string;
  kind: PartnerKind;
  realName: string;
  /** NUMERIC(20,2) as PostgreSQL writes it. */
  creditLimit: string;
  distributorId: string | null;
  /** The bank account on file, for bank-transfer payouts. */
  bankAccount: { holderName: string; number: string } | null;
  exitedAt: Date | null;
  createdAt: Date;
}

interface PartnerRow {
  id: string;
  name: string;
  kind: PartnerKind;
  real_name: string;
  credit_limit: string;
  distributor_id: string | null;
  bank_holder_name: string | null;
  bank_account_number: string | null;
  exited_at: Date | null;
  created_at: Date;
}

function toPartner(row: PartnerRow): Partner {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    realName: row.real_name,
    creditLimit: row.credit_limit,
    distributorId: row.distributor_id,
    bankAccount: row.bank_holder_name
      ? { holderName: row.bank_holder_name, number: row.bank_account_number ?? '' }
      : null,
    exitedAt: row.exited_at,
    createdAt: row.created_at,
  };
}

export interface NewPartner {
  id: string;
  name: string;
  kind: PartnerKind;
  realName: string;
  creditLimit: string;
  distributorId: string | null;
  bankAccount: { holderName: string; number: string } | null;
  createdAt: Date;
}

/** The `partners` table. */
export const PartnersRepository = {
  async find(sql: Sql, id: string): Promise<Partner | undefined> {
    const [row] = await sql.query<PartnerRow>(`select * from partners where id = ?`, [id]);
    return row ? toPartner(row) : undefined;
  },

  /** Whether the partner exists; `share` keeps it from being deleted or changed until the transaction ends. */
  async exists(sql: Sql, id: string, options: { share?: boolean } = {}): Promise<boolean> {
    const rows = await sql.query<{ id: string }>(
      `select id from partners where id = ?${options.share ? ' for share' : ''}`,
      [id],
    );
    return rows.length > 0;
  },

  async insert(sql: Sql, p: NewPartner): Promise<void> {
    await sql.query(
      `insert into partners (id, name, kind, real_name, credit_limit, distributor_id, bank_holder_name, bank_account_number, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        p.id,
        p.name,
        p.kind,
        p.realName,
        p.creditLimit,
        p.distributorId,
        p.bankAccount?.holderName ?? null,
        p.bankAccount?.number ?? null,
        p.createdAt,
      ],
    );
  },

  /** Records the partner's exit; false when there is no such partner. */
  async markExited(sql: Sql, id: string, exitedAt: Date): Promise<boolean> {
    const rows = await sql.query<{ id: string }>(`update partners set exited_at = ? where id = ? returning id`, [
      exitedAt,
      id,
    ]);
    return rows.length > 0;
  },
};
