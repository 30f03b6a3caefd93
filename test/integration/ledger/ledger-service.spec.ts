import { DecisionLogService } from '@pps/audit';
import { Database, type Sql } from '@pps/platform';
import {
  ExceedsFloorError,
  LedgerService,
  type TransferRequest,
  TransferWithoutDecisionError,
  UnbalancedTransferError,
} from '@pps/ledger';
import Decimal from 'decimal.js';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startTestApp, type TestApp } from '../../support/test-app';

/** The ledger's own guarantees, on the real database, below the use cases. */
describe('LedgerService on PostgreSQL', () => {
  let t: TestApp;
  let ledger: LedgerService;
  let em: Database;
  let decisions: DecisionLogService;
  let ruleVersion: { rule_set: string; version: string; content_hash: string };
  beforeAll(async () => {
    t = await startTestApp();
    ledger = t.app.get(LedgerService);
    em = t.app.get(Database);
    decisions = t.app.get(DecisionLogService);
    // A decision record names the rule version it was decided under: any stored one will do here.
    [ruleVersion] = await em.query<typeof ruleVersion>(
      'select rule_set, version, content_hash from rule_versions order by published_at, content_hash limit 1',
    );
    expect(ruleVersion).toBeDefined();
  });
  afterAll(() => t.close());

  async function twoAccounts(floor: Decimal | null) {
    return em.transaction(async (tx) => {
      const owner = randomUUID();
      const a = await ledger.openAccount(tx, { ownerType: 'customer', ownerId: owner, kind: 'customer_cash' }, floor);
      const b = await ledger.openAccount(tx, { ownerType: 'customer', ownerId: owner, kind: 'customer_voucher' }, null);
      return { a, b };
    });
  }

  const transfer = (legs: Array<{ accountId: string; amount: string }>): TransferRequest => ({
    id: randomUUID(),
    code: 'test',
    decisionId: randomUUID(),
    createdAt: new Date(),
    legs: legs.map((l) => ({ accountId: l.accountId, amount: new Decimal(l.amount) })),
  });

  /** Every transfer names its allow decision: records one (naming the transfer back) in the same transaction. */
  async function authorise(tx: Sql, request: TransferRequest): Promise<void> {
    await decisions.record(tx, {
      id: request.decisionId,
      decidedAt: request.createdAt,
      ruleSet: ruleVersion.rule_set,
      version: ruleVersion.version,
      contentHash: ruleVersion.content_hash,
      facts: {},
      outcome: { effect: 'allow' },
      effect: 'allow',
      reasons: [],
      results: [],
      subject: { operation: 'ledger_test' },
      transferId: request.id,
    });
  }

  /** Posts the legs as one authorised transfer. */
  async function post(tx: Sql, legs: Array<{ accountId: string; amount: string }>) {
    const request = transfer(legs);
    await authorise(tx, request);
    return ledger.post(tx, request);
  }

  it('refuses legs that do not sum to zero, a zero leg, and more than two decimals', async () => {
    const { a, b } = await twoAccounts(null);
    await expect(
      em.transaction((tx) =>
        post(tx, [
          { accountId: a, amount: '1.00' },
          { accountId: b, amount: '-0.99' },
        ]),
      ),
    ).rejects.toBeInstanceOf(UnbalancedTransferError);
    await expect(
      em.transaction((tx) =>
        post(tx, [
          { accountId: a, amount: '0' },
          { accountId: b, amount: '0' },
        ]),
      ),
    ).rejects.toBeInstanceOf(UnbalancedTransferError);
    await expect(
      em.transaction((tx) =>
        post(tx, [
          { accountId: a, amount: '0.001' },
          { accountId: b, amount: '-0.001' },
        ]),
      ),
    ).rejects.toBeInstanceOf(UnbalancedTransferError);
  });

  it('refuses a transfer that names no authorising decision, and the database refuses it too', async () => {
    const { a, b } = await twoAccounts(null);
    const unauthorised = {
      ...transfer([
        { accountId: a, amount: '1.00' },
        { accountId: b, amount: '-1.00' },
      ]),
      decisionId: null as unknown as string,
    };
    await expect(em.transaction((tx) => ledger.post(tx, unauthorised))).rejects.toBeInstanceOf(
      TransferWithoutDecisionError,
    );
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await expect(
        c.query(`insert into transfers (id, code, decision_id, created_at) values ($1, 'test', null, now())`, [
          randomUUID(),
        ]),
      ).rejects.toThrow(/decision_id/);
    } finally {
      await c.end();
    }
  });

  it('refuses to take an account below its floor, and the database refuses it too', async () => {
    const { a, b } = await twoAccounts(new Decimal(0));
    await expect(
      em.transaction((tx) =>
        post(tx, [
          { accountId: a, amount: '-0.01' },
          { accountId: b, amount: '0.01' },
        ]),
      ),
    ).rejects.toBeInstanceOf(ExceedsFloorError);
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await expect(c.query('update accounts set balance = -1 where id = $1', [a])).rejects.toThrow(/accounts_floor/);
    } finally {
      await c.end();
    }
  });

  it('posts exactly: balances move by the legs, to the cent', async () => {
    const { a, b } = await twoAccounts(null);
    const posted = await em.transaction((tx) =>
      post(tx, [
        { accountId: a, amount: '0.10' },
        { accountId: b, amount: '-0.10' },
      ]),
    );
    await em.transaction((tx) =>
      post(tx, [
        { accountId: a, amount: '0.20' },
        { accountId: b, amount: '-0.20' },
      ]),
    );
    expect(posted.legs).toEqual([
      { accountId: a, amount: '0.10', currency: 'CNY' },
      { accountId: b, amount: '-0.10', currency: 'CNY' },
    ]);
    const locked = await em.transaction((tx) => ledger.lock(tx, [b, a]));
    expect(locked.get(a)!.balance.toFixed(2)).toBe('0.30');
    expect(locked.get(b)!.balance.toFixed(2)).toBe('-0.30');
  });

  it('transfers, legs and decisions are append-only: even direct SQL cannot change or delete them', async () => {
    const { a, b } = await twoAccounts(null);
    const posted = await em.transaction((tx) =>
      post(tx, [
        { accountId: a, amount: '5.00' },
        { accountId: b, amount: '-5.00' },
      ]),
    );
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await expect(c.query(`update transfers set code = 'x' where id = $1`, [posted.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(c.query(`delete from transfer_legs where transfer_id = $1`, [posted.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(truncate(c, 'truncate transfers cascade')).rejects.toThrow(/append-only/);
      const partner = await t.request('POST', '/v1/partners', { body: { name: 'p', kind: 'reseller', realName: 'p' } });
      const topUp = await t.request('POST', `/v1/partners/${partner.body.id}/top-ups`, { body: { amount: '1.00' } });
      await expect(
        c.query(`update decisions set effect = 'deny' where id = $1`, [topUp.body.decision_id]),
      ).rejects.toThrow(/append-only/);
      await expect(c.query(`delete from decisions where id = $1`, [topUp.body.decision_id])).rejects.toThrow(
        /append-only/,
      );
      await expect(truncate(c, 'truncate decisions cascade')).rejects.toThrow(/append-only/);
      const { rows } = await c.query('select effect from decisions where id = $1', [topUp.body.decision_id]);
      expect(rows).toEqual([{ effect: 'allow' }]);
    } finally {
      await c.end();
    }
  });

  it("the service's own database role cannot change the logs at all: no UPDATE, DELETE or TRUNCATE, no trigger switched off", async () => {
    expect(new URL(t.appDatabaseUrl).username).toBe('pps_app');
    const partner = await t.request('POST', '/v1/partners', { body: { name: 'p', kind: 'reseller', realName: 'p' } });
    const topUp = await t.request('POST', `/v1/partners/${partner.body.id}/top-ups`, { body: { amount: '2.00' } });
    const c = new Client({ connectionString: t.appDatabaseUrl });
    await c.connect();
    try {
      await expect(
        c.query(`update decisions set effect = 'deny' where id = $1`, [topUp.body.decision_id]),
      ).rejects.toThrow(/permission denied/);
      await expect(c.query(`delete from transfers where id = $1`, [topUp.body.transferId])).rejects.toThrow(
        /permission denied/,
      );
      await expect(c.query('truncate transfer_legs')).rejects.toThrow(/permission denied/);
      await expect(c.query('alter table decisions disable trigger decisions_append_only')).rejects.toThrow(
        /must be owner/,
      );
      await expect(c.query('update rule_versions set content = $1', ['{}'])).rejects.toThrow(/permission denied/);
      // What it needs, it has: reading, and moving balances.
      await expect(c.query('select count(*) from decisions')).resolves.toBeDefined();
    } finally {
      await c.end();
    }
  });
});

/**
 * A TRUNCATE … CASCADE locks every table it reaches; the running service's sealer and heartbeat
 * can take those locks in another order, so PostgreSQL may end the statement as a deadlock (40P01)
 * before the append-only trigger refuses it. Retried then: what is asserted is the refusal.
 */
async function truncate(c: Client, text: string): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await c.query(text);
    } catch (e) {
      if ((e as { code?: string }).code !== '40P01' || attempt >= 10) throw e;
    }
  }
}
