import type { Sql } from '@pps/platform';
import { type Customer, type CustomerFlags, fullFlags } from './customer';

interface CustomerRow {
  id: string;
  name: string;
  tax_id: string | null;
  flags: Partial<CustomerFlags>;
  created_at: Date;
}

function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    taxId: row.tax_id,
    flags: fullFlags(row.flags),
    createdAt: row.created_at,
  };
}

export interface NewCustomer {
  id: string;
  name: string;
  taxId: string | null;
  flags: CustomerFlags;
  createdAt: Date;
  registeredAt: Date;
}

/** The `customers` table. */
export const CustomersRepository = {
  /** The customer; `lock` takes its row lock (`for update`) until the transaction ends. */
  async find(sql: Sql, id: string, options: { lock?: boolean } = {}): Promise<Customer | undefined> {
    const [row] = await sql.query<CustomerRow>(
      `select id, name, tax_id, flags, created_at from customers where id = ?${options.lock ? ' for update' : ''}`,
      [id],
    );
    return row ? toCustomer(row) : undefined;
  },

  async insert(sql: Sql, c: NewCustomer): Promise<void> {
    await sql.query(
      `insert into customers (id, name, tax_id, flags, created_at, registered_at) values (?, ?, ?, ?::jsonb, ?, ?)`,
      [c.id, c.name, c.taxId, JSON.stringify(c.flags), c.createdAt, c.registeredAt],
    );
  },
};
