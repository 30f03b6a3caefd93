import { Injectable } from '@nestjs/common';
import { BadInputError, Clock, formatAmount, NotFoundError } from '@pps/platform';
import { DEFAULT_TIME_ZONE } from '@pps/rules';
import Decimal from 'decimal.js';
import { type ConsumptionLine, type ConsumptionQuery, OrdersRepository } from '../orders/orders.repository';
import { PartnersRepository } from '../partners/partners.repository';
import { NoReportDataError, PARTNER } from '../shared/errors';
import { assertOwns } from '../shared/partner-scope';
import type { RequestContext } from '../shared/request-context';
import { TransactionRunner } from '../shared/transaction-runner';

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
    const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    const rows = await OrdersRepository.consumptionPage(this.runner.reader(), query(partnerId, filter), {
      after: after && { at: after.t, id: after.i },
      limit: limit + 1,
    });
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
    const asOf = this.clock.now();
    // Days and months are the program's calendar days: Beijing time.
    const rows = await OrdersRepository.consumptionGroups(
      this.runner.reader(),
      query(partnerId, filter),
      groupBy,
      DEFAULT_TIME_ZONE,
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
        ...group(undefined, t.orders, formatAmount(t.amount), formatAmount(t.refunded)),
      })),
    };
  }

  private async checkPartner(ctx: RequestContext, partnerId: string): Promise<void> {
    assertOwns(ctx.caller, partnerId);
    if (!(await PartnersRepository.exists(this.runner.reader(), partnerId)))
      throw new NotFoundError(PARTNER, partnerId);
  }
}

function query(partnerId: string, filter: ConsumptionFilter): ConsumptionQuery {
  return {
    partnerId,
    from: filter.from,
    to: filter.to,
    customerId: filter.customerId,
    subUser: filter.subUser,
  };
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

function record(r: ConsumptionLine): ConsumptionRecord {
  const amount = new Decimal(r.amount);
  const refunded = new Decimal(r.refundedAmount);
  return {
    orderId: r.id,
    customerId: r.customerId,
    subUser: r.subUser,
    orderedAt: r.at,
    currency: r.currency,
    amount: formatAmount(amount),
    refunded: formatAmount(refunded),
    net: formatAmount(amount.minus(refunded)),
    paymentMethod: r.paymentMethod,
    modeAtPurchase: r.modeAtPurchase,
  };
}

function group(key: string | undefined, orders: number, amount: string, refunded: string) {
  const a = new Decimal(amount);
  const r = new Decimal(refunded);
  return {
    ...(key === undefined ? {} : { key }),
    orders,
    amount: formatAmount(a),
    refunded: formatAmount(r),
    net: formatAmount(a.minus(r)),
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
