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
});
