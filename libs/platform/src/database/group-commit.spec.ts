import fc from 'fast-check';
import { GroupCommit } from './group-commit';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GroupCommit', () => {
  it('writes concurrent rows in few statements and answers each only after its batch committed', async () => {
    const committed = new Set<number>();
    const batches: number[][] = [];
    const group = new GroupCommit<number>(
      async (rows) => {
        batches.push(rows);
        await sleep(5);
        for (const r of rows) committed.add(r);
      },
      { maxRows: 64, concurrency: 2 },
    );
    const seenCommitted: boolean[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => group.add(i).then(() => seenCommitted.push(committed.has(i)))),
    );
    expect(seenCommitted).toHaveLength(200);
    expect(seenCommitted.every(Boolean)).toBe(true);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(batches.length).toBeLessThanOrEqual(8);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(64);
  });

  it('writes a lone row at once, without waiting for company', async () => {
    const group = new GroupCommit<string>(() => Promise.resolve(), { maxRows: 64, concurrency: 2 });
    const started = Date.now();
    await group.add('alone');
    expect(Date.now() - started).toBeLessThan(50);
  });

  it('a row that breaks its batch fails its own caller only', async () => {
    const written: string[] = [];
    const group = new GroupCommit<string>(
      async (rows) => {
        await sleep(1);
        if (rows.includes('bad')) throw new Error('constraint violated');
        written.push(...rows);
      },
      { maxRows: 64, concurrency: 1 },
    );
    const results = await Promise.allSettled(['a', 'b', 'bad', 'c'].map((r) => group.add(r)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(written.sort()).toEqual(['a', 'b', 'c']);
  });

  it('property: a row is committed exactly once if and only if its caller was answered with success', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 3 }), bad: fc.boolean() }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        async (rows, concurrency, maxRows) => {
          const committed: number[] = [];
          const group = new GroupCommit<number>(
            async (batch) => {
              await sleep(1);
              if (batch.some((i) => rows[i].bad)) throw new Error('bad row');
              committed.push(...batch);
            },
            { maxRows, concurrency },
          );
          const outcomes = await Promise.all(
            rows.map(async (r, i) => {
              await sleep(r.delay);
              return group.add(i).then(
                () => true,
                () => false,
              );
            }),
          );
          for (let i = 0; i < rows.length; i++) {
            expect(outcomes[i]).toBe(!rows[i].bad);
            expect(committed.filter((c) => c === i)).toHaveLength(rows[i].bad ? 0 : 1);
          }
          expect(group.waiting).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });
});
