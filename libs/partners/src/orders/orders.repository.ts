import type { Sql } from '@pps/platform';

export type PaymentMethod = 'online' | 'balance' | 'voucher' | 'partner_paid';
type ModeAtPurchase = 'referral' | 'resale' | 'none';

/** A customer's purchase, with its association and mode at purchase (the refund matrix needs them). */
export interface Order {
  id: string;
  customerId: string;
  /** NUMERIC(20,2) as PostgreSQL writes it. */
  amount: string;
  refundedAmount: string;
  paymentMethod: PaymentMethod;
  paidByPartnerId: string | null;
  associationId: string | null;
  partnerId: string | null;
  modeAtPurchase: ModeAtPurchase;
  subUser: string | null;
  transferId: string | null;
  createdAt: Date;
}

interface OrderRow {
  id: string;
  customer_id: string;
  amount: string;
  refunded_amount: string;
  payment_method: PaymentMethod;
  paid_by_partner_id: string | null;
  association_id: string | null;
  partner_id: string | null;
  mode_at_purchase: ModeAtPurchase;
  sub_user: string | null;
  transfer_id: string | null;
  created_at: Date;
}

function toOrder(o: OrderRow): Order {
  return {
    id: o.id,
    customerId: o.customer_id,
    amount: o.amount,
    refundedAmount: o.refunded_amount,
    paymentMethod: o.payment_method,
    paidByPartnerId: o.paid_by_partner_id,
    associationId: o.association_id,
    partnerId: o.partner_id,
    modeAtPurchase: o.mode_at_purchase,
    subUser: o.sub_user ?? null,
    transferId: o.transfer_id,
    createdAt: o.created_at,
  };
}

export type NewOrder = Omit<Order, 'refundedAmount'>;

export interface NewRefund {
  id: string;
  orderId: string;
  amount: string;
  destinationAccountId: string;
  destination: string;
  transferId: string;
  decisionId: string;
  createdAt: Date;
}

/** The filters of a consumption report: always one partner (the order's partner at purchase). */
export interface ConsumptionQuery {
  partnerId: string;
  from?: Date;
  to?: Date;
  customerId?: string;
  subUser?: string;
}

/** One order of a consumption report; `at` is its instant with microseconds (the cursor's key). */
export interface ConsumptionLine {
  id: string;
  customerId: string;
  subUser: string | null;
  at: string;
  currency: string;
  amount: string;
  refundedAmount: string;
  paymentMethod: string;
  modeAtPurchase: string;
}

interface ConsumptionLineRow {
  id: string;
  customer_id: string;
  sub_user: string | null;
  at: string;
  currency: string;
  amount: string;
  refunded_amount: string;
  payment_method: string;
  mode_at_purchase: string;
}

export interface ConsumptionGroup {
  key: string;
  currency: string;
  orders: number;
  amount: string;
  refunded: string;
}

const AT_MICROS = `to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function consumptionWhere(q: ConsumptionQuery): { where: string[]; params: unknown[] } {
  const where = ['o.partner_id = ?'];
  const params: unknown[] = [q.partnerId];
  if (q.from) {
    where.push('o.created_at >= ?');
    params.push(q.from);
  }
  if (q.to) {
    where.push('o.created_at < ?');
    params.push(q.to);
  }
  if (q.customerId) {
    where.push('o.customer_id = ?');
    params.push(q.customerId);
  }
  if (q.subUser) {
    where.push('o.sub_user = ?');
    params.push(q.subUser);
  }
  return { where, params };
}

/** The `orders` and `refunds` tables. */
export const OrdersRepository = {
  async insert(sql: Sql, o: NewOrder): Promise<Order> {
    const [row] = await sql.query<OrderRow>(
      `insert into orders (id, customer_id, amount, payment_method, paid_by_partner_id, association_id, partner_id, mode_at_purchase, sub_user, transfer_id, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
      [
        o.id,
        o.customerId,
        o.amount,
        o.paymentMethod,
        o.paidByPartnerId,
        o.associationId,
        o.partnerId,
        o.modeAtPurchase,
        o.subUser,
        o.transferId,
        o.createdAt,
      ],
    );
    return toOrder(row);
  },

  /** The order, locked (`for update`): one refund of it at a time. */
  async lock(sql: Sql, id: string): Promise<Order | undefined> {
    const [row] = await sql.query<OrderRow>(`select * from orders where id = ? for update`, [id]);
    return row ? toOrder(row) : undefined;
  },

  async addRefunded(sql: Sql, id: string, amount: string): Promise<void> {
    await sql.query(`update orders set refunded_amount = refunded_amount + ? where id = ?`, [amount, id]);
  },

  async insertRefund(sql: Sql, r: NewRefund): Promise<void> {
    await sql.query(
      `insert into refunds (id, order_id, amount, destination_account_id, destination, transfer_id, decision_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [r.id, r.orderId, r.amount, r.destinationAccountId, r.destination, r.transferId, r.decisionId, r.createdAt],
    );
  },

  /** Whether the customer ever paid with cash (online or from its balance). */
  async hasCashSpending(sql: Sql, customerId: string): Promise<boolean> {
    const [row] = await sql.query<{ n: number }>(
      `select count(*)::int as n from orders where customer_id = ? and payment_method in ('online', 'balance')`,
      [customerId],
    );
    return row.n > 0;
  },

  /** A page of a consumption report, by (created_at, id), after the cursor's order when one is given. */
  async consumptionPage(
    sql: Sql,
    q: ConsumptionQuery,
    page: { after?: { at: string; id: string }; limit: number },
  ): Promise<ConsumptionLine[]> {
    const { where, params } = consumptionWhere(q);
    if (page.after !== undefined) {
      where.push(`(o.created_at, o.id) > (?::timestamptz, ?::uuid)`);
      params.push(page.after.at, page.after.id);
    }
    const rows = await sql.query<ConsumptionLineRow>(
      `select o.id, o.customer_id, o.sub_user, ${AT_MICROS} as at, o.currency, o.amount, o.refunded_amount,
              o.payment_method, o.mode_at_purchase
       from orders o where ${where.join(' and ')} order by o.created_at, o.id limit ?`,
      [...params, page.limit],
    );
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      subUser: r.sub_user,
      at: r.at,
      currency: r.currency,
      amount: r.amount,
      refundedAmount: r.refunded_amount,
      paymentMethod: r.payment_method,
      modeAtPurchase: r.mode_at_purchase,
    }));
  },

  /**
   * A consumption report's groups, per currency: by customer, or by calendar day or month in
   * `timeZone` (an IANA name from the program's own constants, never from a request).
   */
  async consumptionGroups(
    sql: Sql,
    q: ConsumptionQuery,
    groupBy: 'customer' | 'day' | 'month',
    timeZone: string,
  ): Promise<ConsumptionGroup[]> {
    const { where, params } = consumptionWhere(q);
    const key =
      groupBy === 'customer'
        ? `o.customer_id::text`
        : `to_char(o.created_at at time zone '${timeZone}', '${groupBy === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM'}')`;
    return sql.query<ConsumptionGroup>(
      `select ${key} as key, o.currency, count(*)::int as orders, sum(o.amount)::text as amount,
              sum(o.refunded_amount)::text as refunded
       from orders o where ${where.join(' and ')} group by 1, 2 order by 1, 2`,
      params,
    );
  },
};
