import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { Client } from 'pg';
import type { TestApp } from '../support/test-app';
import type { Json } from '../support/json';

/** Money as the API wants it: a decimal string with two places, between min and max cents. */
export function randomAmount(minCents: number, maxCents: number): string {
  const cents = minCents + Math.floor(Math.random() * (maxCents - minCents + 1));
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** True when `body` is the error envelope of API.md: a string code and a string message. */
export function isEnvelope(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return (
    typeof b.error_code === 'string' &&
    b.error_code.length > 0 &&
    typeof b.error_msg === 'string' &&
    b.error_msg.length > 0
  );
}

/** Which field of a 2xx answer names the transfer that operation posted. */
export const TRANSFER_FIELD = {
  topUp: 'transferId',
  adjust: 'transferId',
  order: 'transferId',
  refund: 'transferId',
  incentive: 'transferId',
  payout: 'transferId',
  settle: 'settlementTransferId',
  disassociate: 'transferId',
} as const;

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Ids of every transfer in the ledger. */
export async function transferIds(url: string): Promise<Set<string>> {
  return withClient(
    url,
    async (c) => new Set((await c.query<{ id: string }>(`select id from transfers`)).rows.map((r) => r.id)),
  );
}

/**
 * Transfers that do not have exactly one allow decision naming them (and named by them): the
 * "every transfer to exactly one allowed decision" half of the bank test.
 */
export async function transfersWithoutExactlyOneAllow(url: string): Promise<Array<{ id: string; allows: number }>> {
  return withClient(
    url,
    async (c) =>
      (
        await c.query<{ id: string; allows: number }>(`
        select t.id, count(d.id)::int as allows
        from transfers t left join decisions d on d.transfer_id = t.id and d.effect = 'allow'
        group by t.id, t.decision_id
        having count(d.id) <> 1 or bool_or(d.id = t.decision_id) is not true`)
      ).rows,
  );
}

/** Decisions that name a transfer which does not exist: an allow whose money never moved. */
export async function allowDecisionsWithoutTransfer(url: string): Promise<string[]> {
  return withClient(url, async (c) =>
    (
      await c.query<{ id: string }>(
        `select d.id from decisions d left join transfers t on t.id = d.transfer_id where d.transfer_id is not null and t.id is null`,
      )
    ).rows.map((r) => r.id),
  );
}

/**
 * Waits until no approved bank payout is still `sending` (the bank gateway's worker posts their
 * settlement transfers after the approval's answer): then every reported settlement transfer exists.
 */
export async function waitForBankPayouts(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await withClient(
      url,
      async (c) =>
        (await c.query<{ n: number }>(`select count(*)::int as n from payouts where status = 'sending'`)).rows,
    );
    if (row.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${row.n} bank payouts still sending`);
    await sleep(100);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export type Transport = (
  method: string,
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: Json }>;

export type OpKind = keyof typeof TRANSFER_FIELD;

export interface Op {
  kind: OpKind;
  method: 'POST';
  url: string;
  body?: unknown;
}

export interface OpRecord {
  op: Op;
  status: number;
  body: Json;
  idempotencyKey?: string;
}

/**
 * A small bank for Jepsen-style tests: partners (resellers with a bank account in their real name),
 * their resale and referral customers, and random money operations over them — allocations and
 * reclamations, orders paid four ways, refunds, incentive accruals, payouts by every method, and
 * settlements of pending bank transfers. Ids learnt from answers (orders, incentives, payouts) feed
 * later operations.
 */
export class BankWorkload {
  readonly partners: string[] = [];
  readonly customers: Array<{ id: string; partnerId: string; mode: 'resale' | 'referral' }> = [];
  readonly orders: string[] = [];
  readonly incentives: Array<{ id: string; mode: 'resale' | 'referral' }> = [];
  readonly pendingPayouts: string[] = [];

  constructor(private readonly send: Transport) {}

  private async ok(method: string, url: string, body?: unknown): Promise<Json> {
    const res = await this.send(method, url, body);
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async setUp(partners = 3, resalePerPartner = 2, referralPerPartner = 1): Promise<void> {
    for (let p = 0; p < partners; p++) {
      const realName = `Bank partner ${p}`;
      const partner = await this.ok('POST', '/v1/partners', {
        name: realName,
        kind: 'reseller',
        realName,
        bankAccount: { holderName: realName, number: `1000000000${p}` },
      });
      this.partners.push(partner.id);
      await this.ok('POST', `/v1/partners/${partner.id}/top-ups`, { amount: '5000.00' });
      for (const [mode, n] of [
        ['resale', resalePerPartner],
        ['referral', referralPerPartner],
      ] as const) {
        for (let i = 0; i < n; i++) {
          const customer = await this.ok('POST', '/v1/customers', { name: `Customer ${p}.${mode}.${i}` });
          await this.ok('POST', '/v1/associations', { partnerId: partner.id, customerId: customer.id, mode });
          if (mode === 'resale')
            await this.ok('POST', '/v1/adjustments', {
              partnerId: partner.id,
              customerId: customer.id,
              operation: 'allocate',
              amount: '200.00',
            });
          this.customers.push({ id: customer.id, partnerId: partner.id, mode });
        }
      }
    }
  }

  nextOp(): Op {
    const r = Math.random();
    const customer = pick(this.customers);
    if (r < 0.35) {
      // Mostly the customer's own partner; sometimes another (a denial: not this partner's customer).
      const partnerId = Math.random() < 0.85 ? customer.partnerId : pick(this.partners);
      return {
        kind: 'adjust',
        method: 'POST',
        url: '/v1/adjustments',
        body: {
          partnerId,
          customerId: customer.id,
          operation: pick(['allocate', 'reclaim']),
          amount: randomAmount(1, 8000),
        },
      };
    }
    if (r < 0.55) {
      const paymentMethod = pick(['online', 'balance', 'partner_paid'] as const);
      return {
        kind: 'order',
        method: 'POST',
        url: '/v1/orders',
        body: {
          customerId: customer.id,
          amount: randomAmount(1, 5000),
          paymentMethod,
          ...(paymentMethod === 'partner_paid' ? { paidByPartnerId: customer.partnerId } : {}),
        },
      };
    }
    if (r < 0.68 && this.orders.length > 0) {
      return {
        kind: 'refund',
        method: 'POST',
        url: `/v1/orders/${pick(this.orders)}/refunds`,
        body: Math.random() < 0.5 ? {} : { amount: randomAmount(1, 3000) },
      };
    }
    if (r < 0.8 || this.incentives.length === 0) {
      const mode = pick(['resale', 'referral'] as const);
      return {
        kind: 'incentive',
        method: 'POST',
        url: '/v1/incentives',
        body: {
          partnerId: pick(this.partners),
          amount: randomAmount(1, 20000),
          mode,
          generatedAt: '2024-03-01T00:00:00Z',
        },
      };
    }
    if (r < 0.94 || this.pendingPayouts.length === 0) {
      const incentive = pick(this.incentives);
      // resale (2024): credit_with_owed_invoice or voucher_quota; referral: bank_transfer, credit_withdrawable, voucher_quota.
      const method = pick([
        'credit_with_owed_invoice',
        'voucher_quota',
        'credit_withdrawable',
        'bank_transfer',
      ] as const);
      return {
        kind: 'payout',
        method: 'POST',
        url: `/v1/incentives/${incentive.id}/payouts`,
        body: method === 'bank_transfer' ? { method, bankAccount: this.bankAccountFor(incentive.id) } : { method },
      };
    }
    return {
      kind: 'settle',
      method: 'POST',
      url: `/v1/payouts/${pick(this.pendingPayouts)}/${pick(['approve', 'reject'])}`,
    };
  }

  private readonly incentivePartner = new Map<string, string>();

  private bankAccountFor(incentiveId: string): { holderName: string; number: string } {
    const p = this.partners.indexOf(this.incentivePartner.get(incentiveId) ?? '');
    return { holderName: `Bank partner ${p}`, number: `1000000000${p}` };
  }

  /** Learns ids from an answer. */
  observe(op: Op, status: number, body: Json): void {
    if (status >= 300 || !body) return;
    if (op.kind === 'order') this.orders.push(body.id);
    if (op.kind === 'incentive') {
      this.incentives.push({ id: body.id, mode: (op.body as { mode: 'resale' | 'referral' }).mode });
      this.incentivePartner.set(body.id, (op.body as { partnerId: string }).partnerId);
    }
    if (op.kind === 'payout' && body.status === 'pending') this.pendingPayouts.push(body.id);
    if (op.kind === 'settle') {
      const i = this.pendingPayouts.indexOf(body.id);
      if (i >= 0) this.pendingPayouts.splice(i, 1);
    }
  }
}

/** The transfer a 2xx answer reports, if any. */
export function transferOf(op: Op, body: Json): string | undefined {
  const v = body?.[TRANSFER_FIELD[op.kind]];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Runs `clients` loops of random operations until `deadline`, each through `send`, recording
 * every answer. Each request carries a fresh Idempotency-Key (recorded), so a client can retry it.
 */
export async function runClients(
  workload: BankWorkload,
  send: Transport,
  clients: number,
  until: () => boolean,
  options: { onError?: (op: Op, e: unknown, key: string) => void } = {},
): Promise<OpRecord[]> {
  const records: OpRecord[] = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (!until()) {
        const op = workload.nextOp();
        const idempotencyKey = `bank-${client}-${n++}-${Math.random().toString(36).slice(2)}`;
        try {
          const res = await send(op.method, op.url, op.body, { 'idempotency-key': idempotencyKey });
          records.push({ op, status: res.status, body: res.body, idempotencyKey });
          workload.observe(op, res.status, res.body);
        } catch (e) {
          if (!options.onError) throw e;
          options.onError(op, e, idempotencyKey);
        }
      }
    }),
  );
  return records;
}

/** Every route the Nest app serves, as `METHOD /path`, read from its controllers' metadata. */
export function appRoutes(t: TestApp): string[] {
  const container = (t.app as Json).container as {
    getModules(): Map<string, { controllers: Map<unknown, { metatype: Json }> }>;
  };
  const routes: string[] = [];
  for (const module of container.getModules().values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype?.prototype) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
      for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler = metatype.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        for (const b of base) {
          for (const p of ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) ?? '')) {
            const full = `/${[b, p]
              .map((s) => s.replace(/^\/+|\/+$/g, ''))
              .filter(Boolean)
              .join('/')}`;
            routes.push(`${RequestMethod[method]} ${full}`);
          }
        }
      }
    }
  }
  return routes.sort();
}
