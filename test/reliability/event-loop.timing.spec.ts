import { bigAccountAdjustmentFile } from '../support/big-rule-file';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 14: one publish of a 758 KB rule file kept /health waiting 7.4 s, and an impact with a
 * large candidate 1.1 s. Validation, compilation, embedded tests and the candidate's evaluation now
 * run in the rule worker thread: /health answers within 100 ms (p99) throughout.
 */
describe('heavy rule work off the event loop', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { bodyLimitBytes: 4 * 1024 * 1024 } });
  });
  afterAll(() => t.close());

  /** Polls GET /health every 10 ms while `work` runs; returns its latencies (ms) and the work's result. */
  async function probeWhile<T>(work: () => Promise<T>): Promise<{ latencies: number[]; result: T }> {
    const latencies: number[] = [];
    let done = false;
    const probe = (async () => {
      while (!done) {
        const start = process.hrtime.bigint();
        const res = await t.request('GET', '/health', { key: null });
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
        expect(res.status).toBe(200);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    try {
      return { latencies, result: await work() };
    } finally {
      done = true;
      await probe;
    }
  }

  const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))];

  it('publishing a ~750 KB file (1,000 rules — the limit — and 2,000 embedded tests) and a large impact keep /health p99 ≤ 100 ms', async () => {
    const file = bigAccountAdjustmentFile('7.0.0', { rules: 1000, tests: 2000, targetBytes: 750 * 1024 });
    const bytes = JSON.stringify(file).length;
    expect(bytes).toBeGreaterThanOrEqual(740 * 1024);
    expect(bytes).toBeLessThan(1024 * 1024);

    const publish = await probeWhile(() =>
      t.request('POST', '/v1/rule-sets/account-adjustment/versions', { body: file }),
    );
    expect(publish.result.status).toBe(201);
    expect(publish.latencies.length).toBeGreaterThan(20); // it took a while: the probe ran throughout
    expect({ p99: p99(publish.latencies) <= 100, p99ms: p99(publish.latencies) }).toMatchObject({ p99: true });

    // decisions for the impact to replay: recorded checks of the rule set
    const facts = {
      operation: 'allocate',
      amount: '10.00',
      associationMode: 'resale',
      associatedWithPartner: true,
      partnerAvailable: '100.00',
      customerBalance: '0.00',
      adjustmentInProgress: false,
    };
    for (let i = 0; i < 20; i++)
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          t.request('POST', '/v1/rule-sets/account-adjustment/evaluate', {
            body: { facts: { ...facts, amount: `${100000 + i * 20 + j}.37` } },
          }),
        ),
      );
    const candidate = bigAccountAdjustmentFile('7.1.0', { rules: 1000, tests: 10, targetBytes: 950 * 1024 });
    const impact = await probeWhile(() =>
      t.request('POST', '/v1/rule-sets/account-adjustment/impact', { body: { candidate } }),
    );
    expect(impact.result.status).toBe(200);
    expect(impact.result.body).toMatchObject({ examined: 400, changed: expect.any(Number) });
    expect(impact.result.body.changed).toBeGreaterThan(300); // the generated rules deny those amounts
    expect({ p99: p99(impact.latencies) <= 100, p99ms: p99(impact.latencies) }).toMatchObject({ p99: true });
  }, 180_000);

  it('an impact window larger than the bound is refused with a clear error (422 PPS.0031), nothing examined', async () => {
    const bounded = await startTestApp();
    try {
      const { DEFAULT_IMPACT_LIMITS } = await import('@pps/audit');
      const saved = { ...DEFAULT_IMPACT_LIMITS };
      DEFAULT_IMPACT_LIMITS.maxDecisions = 3;
      try {
        for (let i = 0; i < 4; i++)
          await bounded.request('POST', '/v1/rule-sets/payment/evaluate', {
            body: {
              facts: {
                operation: 'top_up',
                paymentMethod: 'online',
                amount: '1.00',
                payerAvailable: '0',
                payerAssociatedWithCustomer: false,
              },
            },
          });
        const res = await bounded.request('POST', '/v1/rule-sets/payment/impact', { body: { version: '1.1.0' } });
        expect(res).toMatchObject({
          status: 422,
          body: { error_code: 'PPS.0031', details: { limit: 'size', maxDecisions: 3 } },
        });
        const narrow = await bounded.request('POST', '/v1/rule-sets/payment/impact', {
          body: { version: '1.1.0', from: '2099-01-01T00:00:00Z' },
        });
        expect(narrow.status).toBe(200);
      } finally {
        Object.assign(DEFAULT_IMPACT_LIMITS, saved);
      }
    } finally {
      await bounded.close();
    }
  });
});
