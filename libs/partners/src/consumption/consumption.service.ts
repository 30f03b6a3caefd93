import { Injectable } from '@nestjs/common';
import { BadInputError, Clock, DomainError } from '@pps/platform';
import { DEFAULT_TIME_ZONE } from '@pps/rules';
import Decimal from 'decimal.js';
import { NotYourPartnerError, PartnerNotFoundError } from '../shared/errors';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';

/** CBC.8005, the vendor's "no report data" (消费子表数据为空): a report window without a record. */
class NoReportDataError extends DomainError {
  constructor() {
    super('not_found', 'CBC.8005', { zh: '消费子表数据为空', en: 'No report data' });
  }
}

export interface ConsumptionFilter {
  from?: Date;
  to?: Date;
  customerId?: string;
  subUser?: string;
}

interface ConsumptionRecord {
  orderId: string;
  customerId: string;
  subUser: string | null;
  orderedAt: string;
  currency: string;
  amount: string;
  refunded: string;
  /** amount − refunded: what the customer consumed. */
  net: string;
  paymentMethod: string;
  modeAtPurchase: string;
}

export const CONSUMPTION_GROUP_BY = ['customer', 'day', 'month'] as const;
export type ConsumptionGroupBy = (typeof CONSUMPTION_GROUP_BY)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const AT_MICROS = `to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface Row {
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

/**
 * Consumption reports of a partner (DOMAIN.md "Consumption reports"): the orders its customers
 * placed while associated with it (the order's partner at purchase), each net of its refunds.
 * Another partner's customers never appear: the partner is the first filter of every query, and a
 * partner key reads its own partner only. The summary is **not a bill** (`bill: false`): it cannot
 * be the basis of settlement, repayment or invoicing; the detail is authoritative. An empty window
 * is CBC.8005.
 */
@Injectable()
export class ConsumptionService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async detail(
    ctx: RequestContext,
    partnerId: string,
    filter: ConsumptionFilter & { cursor?: string; limit?: number },
  ) {
    await this.checkPartner(ctx, partnerId);
    checkWindow(filter);
    const limit = filter.limit ?? 50;
    const { where, params } = conditions(partnerId, filter);
    if (filter.cursor !== undefined) {
      const c = decodeCursor(filter.cursor);
      where.push(`(o.created_at, o.id) > (?::timestamptz, ?::uuid)`);
      params.push(c.t, c.i);
    }
    const rows = await this.runner.reader().query<Row>(
      `select o.id, o.customer_id, o.sub_user, ${AT_MICROS} as at, o.currency, o.amount, o.refunded_amount,
              o.payment_method, o.mode_at_purchase
       from orders o where ${where.join(' and ')} order by o.created_at, o.id limit ?`,
      [...params, limit + 1],
    );
    if (rows.length === 0 && filter.cursor === undefined) throw new NoReportDataError();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      partnerId,
      window: windowView(filter),
      items: page.map(record),
      nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.id) : null,
    };
  }

  async summary(ctx: RequestContext, partnerId: string, filter: ConsumptionFilter & { groupBy?: ConsumptionGroupBy }) {
    await this.checkPartner(ctx, partnerId);
    checkWindow(filter);
    const groupBy = filter.groupBy ?? 'customer';
    const { where, params } = conditions(partnerId, filter);
    // Days and months are the program's calendar days: Beijing time.
    const key =
      groupBy === 'customer'
        ? `o.customer_id::text`
        : `to_char(o.created_at at time zone '${DEFAULT_TIME_ZONE}', '${groupBy === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM'}')`;
    const asOf = this.clock.now();
    const rows = await this.runner
      .reader()
      .query<{ key: string; currency: string; orders: number; amount: string; refunded: string }>(
        `select ${key} as key, o.currency, count(*)::int as orders, sum(o.amount)::text as amount,
              sum(o.refunded_amount)::text as refunded
       from orders o where ${where.join(' and ')} group by 1, 2 order by 1, 2`,
        params,
      );
    if (rows.length === 0) throw new NoReportDataError();
    const groups = rows.map((r) => ({ currency: r.currency, ...group(r.key, r.orders, r.amount, r.refunded) }));
    const totals = new Map<string, { orders: number; amount: Decimal; refunded: Decimal }>();
    for (const r of rows) {
      const t = totals.get(r.currency) ?? { orders: 0, amount: new Decimal(0), refunded: new Decimal(0) };
      t.orders += r.orders;
      t.amount = t.amount.plus(r.amount);
      t.refunded = t.refunded.plus(r.refunded);
      totals.set(r.currency, t);
    }
    return {
      partnerId,
      window: windowView(filter),
      groupBy,
      timeZone: DEFAULT_TIME_ZONE,
      asOf: asOf.toISOString(),
      bill: false,
      note: 'A consumption summary is not a bill: it cannot be the basis of settlement, repayment or invoicing, and it may lag the detail records, which are authoritative.',
      groups,
      totals: [...totals].map(([currency, t]) => ({
        currency,
        ...group(undefined, t.orders, t.amount.toFixed(2), t.refunded.toFixed(2)),
      })),
    };
  }

  private async checkPartner(ctx: RequestContext, partnerId: string): Promise<void> {
    if (ctx.caller.role === 'partner' && ctx.caller.partnerId !== partnerId) throw new NotYourPartnerError();
    const [p] = await this.runner.reader().query<{ id: string }>(`select id from partners where id = ?`, [partnerId]);
    if (!p) throw new PartnerNotFoundError(partnerId);
  }
}

function conditions(partnerId: string, filter: ConsumptionFilter): { where: string[]; params: unknown[] } {
  const where = ['o.partner_id = ?'];
  const params: unknown[] = [partnerId];
  if (filter.from) {
    where.push('o.created_at >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    where.push('o.created_at < ?');
    params.push(filter.to);
  }
  if (filter.customerId) {
    where.push('o.customer_id = ?');
    params.push(filter.customerId);
  }
  if (filter.subUser) {
    where.push('o.sub_user = ?');
    params.push(filter.subUser);
  }
  return { where, params };
}

function checkWindow(filter: ConsumptionFilter): void {
  if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime()) {
    throw new BadInputError('Invalid request: from must be before to', [
      { field: 'to', problems: ['must be after from (from is inclusive, to exclusive)'] },
    ]);
  }
}

function windowView(filter: ConsumptionFilter) {
  return { from: filter.from?.toISOString() ?? null, to: filter.to?.toISOString() ?? null };
}

function record(r: Row): ConsumptionRecord {
  const amount = new Decimal(r.amount);
  const refunded = new Decimal(r.refunded_amount);
  return {
    orderId: r.id,
    customerId: r.customer_id,
    subUser: r.sub_user,
    orderedAt: r.at,
    currency: r.currency,
    amount: amount.toFixed(2),
    refunded: refunded.toFixed(2),
    net: amount.minus(refunded).toFixed(2),
    paymentMethod: r.payment_method,
    modeAtPurchase: r.mode_at_purchase,
  };
}

function group(key: string | undefined, orders: number, amount: string, refunded: string) {
  const a = new Decimal(amount);
  const r = new Decimal(refunded);
  return {
    ...(key === undefined ? {} : { key }),
    orders,
    amount: a.toFixed(2),
    refunded: r.toFixed(2),
    net: a.minus(r).toFixed(2),
  };
}

/** Opaque to clients: base64url of `{"t": orderedAt (µs ISO), "i": order id}`. */
function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify({ t: at, i: id }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { t: string; i: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    if (typeof parsed.t === 'string' && MICROS.test(parsed.t) && typeof parsed.i === 'string' && UUID.test(parsed.i))
      return { t: parsed.t, i: parsed.i };
  } catch {
    // fall through
  }
  throw new BadInputError('Invalid request: cursor: not a cursor this service issued', [
    { field: 'cursor', problems: ['not a cursor this service issued'] },
  ]);
}
