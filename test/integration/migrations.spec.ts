import { MIGRATIONS, migrateUrl as migrateUrlWith } from '@pps/platform';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { migrateUrl, withEmptyDatabase } from './migrations-support';

describe('committed migrations', () => {
  it('apply to an empty database, then a second run applies nothing', async () => {
    await withEmptyDatabase(async (url, listTables) => {
      const first = await migrateUrl(url);
      expect(first.length).toBeGreaterThan(0);
      expect(await listTables()).toEqual(expect.arrayContaining(['api_keys', 'schema_migrations']));
      const second = await migrateUrl(url);
      expect(second).toEqual([]);
    });
  });

  it('two processes migrating one empty database together apply each migration once', async () => {
    await withEmptyDatabase(async (url, _listTables, count) => {
      const [a, b] = await Promise.all([migrateUrl(url), migrateUrl(url)]);
      expect([...a, ...b].sort()).toEqual([...new Set([...a, ...b])].sort());
      expect(a.length + b.length).toBe(await count());
    });
  });

  it('refuse to make transfers.decision_id NOT NULL over a transfer without a decision, and say so', async () => {
    await withEmptyDatabase(async (url, _listTables, count) => {
      await migrateUrlWith(url, MIGRATIONS);
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`insert into transfers (id, code, decision_id, created_at) values ($1, 'legacy', null, now())`, [
          randomUUID(),
        ]);
      } finally {
        await c.end();
      }
      await expect(migrateUrl(url)).rejects.toThrow(/1 transfer\(s\) have no decision_id/);
      expect(await count()).toBe(MIGRATIONS.length);
    });
  });
});
