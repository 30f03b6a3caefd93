import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { World } from '../support/world';
import { collectPageErrors, launchChromium, screenshot } from './support/chromium';
import { refundCandidate } from './support/refund-candidate';

/**
 * Issue 10: the console at /console, in Debian's Chromium, against the real service (listening on a
 * loopback port) on a real PostgreSQL, seeded through the API. The steps run in order and share one
 * admin tab, as a person would: sign in → rule set and diff → impact of an uploaded candidate → a
 * denied allocation's decision, replayed → ledger → publish and activate → an auditor's view → zh
 * errors at phone width. Each page is saved under test-output/console/.
 */
jest.setTimeout(60_000);

describe('the web console in a real browser', () => {
  let t: TestApp;
  let w: World;
  let base: string;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let auditorKey: string;
  const errors: string[] = [];
  const seeded = { partnerA: '', partnerB: '', deniedDecisionId: '', switchedRefunds: [] as string[] };
  const candidate = refundCandidate();

  /** A referral customer of `partnerId` who buys online, switches to resale, and is refunded in full. */
  async function switchedRefund(partnerId: string, amount: string): Promise<string> {
    const customer = await w.customer();
    const association = await w.associate(partnerId, customer.id, 'referral');
    const order = await w.ok('POST', '/v1/orders', { customerId: customer.id, amount, paymentMethod: 'online' });
    await w.ok('POST', `/v1/associations/${association.id}/switch`, { mode: 'resale' });
    const refund = await w.ok('POST', `/v1/orders/${order.id}/refunds`, {});
    expect(refund.destination).toMatchObject({ ownerType: 'partner', ownerId: partnerId });
    return refund.decision_id as string;
  }

  async function newTab(options: { locale?: string; viewport?: { width: number; height: number } } = {}) {
    const context = await browser.newContext({
      locale: options.locale ?? 'en-US',
      viewport: options.viewport ?? { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    collectPageErrors(page, errors);
    return { context, page };
  }

  async function signIn(page: Page, key: string, role: string) {
    await page.goto(`${base}/console/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('role').filter({ hasText: role }).waitFor();
  }

  const row = (page: Page, version: string) => page.locator(`tr[data-version="${version}"]`);

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    auditorKey = await t.key('auditor');

    const a = await w.partner({ name: 'Alpha Cloud' });
    const b = await w.partner({ name: 'Beta Systems' });
    seeded.partnerA = a.id;
    seeded.partnerB = b.id;
    await w.topUp(a.id, '500.00');
    // The case the candidate changes: two refunds to partners' accounts.
    seeded.switchedRefunds.push(await switchedRefund(a.id, '70.00'), await switchedRefund(b.id, '30.00'));
    // Refunds the candidate leaves alone.
    const plain = await w.customer();
    await w.associate(b.id, plain.id, 'referral');
    const order = await w.ok('POST', '/v1/orders', { customerId: plain.id, amount: '12.00', paymentMethod: 'online' });
    await w.ok('POST', `/v1/orders/${order.id}/refunds`, {});
    const resale = await w.customer();
    await w.associate(a.id, resale.id, 'resale');
    await w.allocate(a.id, resale.id, '40.00');
    // A denied allocation: a referral customer's account cannot be allocated to (CBC.5021).
    const denied = await t.request('POST', '/v1/adjustments', {
      body: { partnerId: b.id, customerId: plain.id, operation: 'allocate', amount: '5.00' },
    });
    expect(denied.status).toBe(422);
    expect(denied.body.error_code).toBe('CBC.5021');
    seeded.deniedDecisionId = denied.body.decision_id;

    browser = await launchChromium();
    admin = await newTab();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    // A failed step shows its own error; this catches what a passing step would hide.
    expect(errors).toEqual([]);
  });

  it('signs in with a key kept in sessionStorage (a wrong key shows the API error code), and lists the rule sets', async () => {
    const { page } = admin;
    await page.goto(`${base}/console/`);
    await page.getByLabel('API key').fill('pps_not_a_key_0000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'PPS.0012' }).waitFor();
    await screenshot(page, 'sign-in');

    await page.getByLabel('API key').fill(t.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('role').filter({ hasText: 'admin' }).waitFor();
    await page.getByRole('link', { name: 'refund-destination' }).waitFor();
    expect(await page.evaluate("sessionStorage.getItem('pps.console.apiKey')")).toBe(t.adminKey);
    expect(page.url()).not.toContain(t.adminKey);
    await screenshot(page, 'rule-sets');
  });

  it('opens a rule set with its versions and history, a readable version, and the diff of two versions', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'voucher-issuance', exact: true }).click();
    await page.getByRole('heading', { name: 'voucher-issuance', exact: true }).waitFor();
    await row(page, '1.2.0').getByText('active').waitFor();
    await row(page, '1.1.0').getByText('available').waitFor();
    await row(page, '1.0.0').getByText('available').waitFor();
    expect(await page.getByRole('button', { name: /^Activate / }).count()).toBe(2); // 1.1.0 and 1.0.0
    await page.getByText('service start').first().waitFor(); // the bootstrap activation in the history
    await screenshot(page, 'rule-set');

    // voucher-issuance 1.2.0 adds the platform-grant rules and changes two (shown before and after).
    const expected = (await t.request('GET', '/v1/rule-sets/voucher-issuance/diff?from=1.1.0&to=1.2.0')).body;
    expect(expected.rulesAdded).toEqual([
      'platform-grants-only-to-distributors',
      'platform-grant-only-by-the-platform',
      'platform-grant-exceeds-limit',
    ]);
    expect(expected.rulesChanged).toEqual(['amount-must-be-positive', 'amount-at-most-two-decimals']);
    await page.getByRole('button', { name: 'Show diff' }).click();
    await page.getByRole('heading', { name: 'voucher-issuance: 1.1.0 → 1.2.0' }).waitFor();
    await page
      .getByTestId('diff')
      .getByText(
        `${expected.rulesAdded.length} rules added, ${expected.rulesRemoved.length} removed, ${expected.rulesChanged.length} changed`,
      )
      .waitFor();
    await page.locator('[data-rule="platform-grant-exceeds-limit"]').getByText('added').waitFor();
    const changed = page.locator('[data-changed-rule="amount-must-be-positive"]');
    await changed.locator('.rule-before').waitFor();
    await changed.locator('.rule-after').waitFor();
    await page
      .getByTestId('diff')
      .getByText('a platform grant one cent above the per-grant limit is denied PPS.4014', { exact: false })
      .waitFor();
    await screenshot(page, 'diff');

    await page.goto(`${base}/console/rule-sets/refund-destination/versions/1.0.0`);
    const rule = page.locator('[data-rule="referral-switched-to-resale-refunds-to-partner"]');
    await rule.getByText('switchedReferralToResale').waitFor();
    await rule.getByText('association_partner_account').waitFor();
    const parameter = page.locator('tr', { has: page.getByText('refundToPartnerBusinessDays', { exact: true }) });
    expect((await parameter.innerText()).replace(/\s+/g, ' ')).toMatch(/^refundToPartnerBusinessDays 1 integer /);
    await screenshot(page, 'version');
  });

  it('uploads a candidate refund-destination file and shows the changed decisions and the money per partner', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Impact', exact: true }).click();
    await page.getByLabel('Rule set').selectOption('refund-destination');
    await page.locator('input[name="candidateFile"]').setInputFiles({
      name: 'refund-destination-1.1.0.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(candidate, null, 2)),
    });
    await page.getByText('refund-destination-1.1.0.json').waitFor();
    await page.getByRole('button', { name: 'Show impact' }).click();

    const report = page.getByTestId('impact-report');
    await report.waitFor();
    expect(await page.getByTestId('changed').textContent()).toBe('2');
    expect(await page.getByTestId('examined').textContent()).toBe('3'); // every refund decision
    const groups = page.getByTestId('impact-groups').locator('tbody tr');
    expect(await groups.count()).toBe(1);
    const group = (await groups.first().innerText()).replace(/\s+/g, ' ');
    expect(group).toContain('allow → association_partner_account');
    expect(group).toContain('allow → customer_account');
    expect(group).toContain('PPS.3102');
    const samples = await groups
      .first()
      .locator('a.sample')
      .evaluateAll((links) => links.map((l) => l.getAttribute('href')));
    expect(samples.sort()).toEqual(seeded.switchedRefunds.map((id) => `/console/decisions/${id}`).sort());

    const chart = page.getByTestId('money-chart');
    const bars = chart.locator('[data-partner]');
    expect(await bars.count()).toBe(2);
    const barText = (await chart.textContent()) ?? '';
    expect(barText).toContain(seeded.partnerA.slice(0, 8));
    expect(barText).toContain(seeded.partnerB.slice(0, 8));
    expect(barText).toContain('-70.00');
    expect(barText).toContain('-30.00');
    await screenshot(page, 'impact');

    // A sample opens the refund decision, with the transfer it authorised.
    await groups.first().locator('a.sample').first().click();
    await page.getByRole('heading', { name: /refund-destination/ }).waitFor();
    await page.locator('table.legs').getByText('+').first().waitFor();
    await page.goBack();
  });

  it("opens a denied allocation's decision, explains it condition by condition, replays it (match) and verifies the chain", async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Decisions', exact: true }).click();
    const search = page.getByRole('form', { name: 'Search decisions' });
    await search.getByLabel('Rule set').selectOption('account-adjustment');
    await search.getByLabel('Effect').selectOption('deny');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/effect=deny/);
    const rows = page.getByTestId('decisions').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await rows.first().getByRole('link').first().click();
    await page.waitForURL(`**/console/decisions/${seeded.deniedDecisionId}`);

    await page
      .getByRole('heading', { name: /account-adjustment/ })
      .getByText('deny')
      .waitFor();
    await page.getByText('CBC.5021').first().waitFor();
    const matched = page.locator('article.rule-matched');
    expect(await matched.count()).toBeGreaterThanOrEqual(1);
    expect(await matched.first().locator('table.conditions tbody tr').count()).toBeGreaterThanOrEqual(1);
    await page.getByText('This decision authorised no transfer.').waitFor();

    await page.getByRole('button', { name: 'Replay' }).click();
    await page.getByTestId('replay-result').getByText('Replay matches').waitFor();
    await page.getByRole('button', { name: 'Verify the chain around it' }).click();
    await page.getByTestId('verify-result').getByText('Chain intact').waitFor();
    await screenshot(page, 'decision');
  });

  it("shows a partner's balances and recent transfers, each linked to its decision", async () => {
    const { page } = admin;
    await page.goto(`${base}/console/ledger/${seeded.partnerA}`);
    await page.getByRole('heading', { name: /Alpha Cloud/ }).waitFor();
    const balances = (await page.getByTestId('balances').innerText()).replace(/\s+/g, ' ');
    const api = await w.partnerBalances(seeded.partnerA);
    expect(balances).toContain(`Cash ${api.cash}`);
    expect(balances).toContain(`Available ${api.available}`);
    const transfers = page.getByTestId('transfers').locator('article.transfer');
    await transfers.first().waitFor();
    expect(await transfers.count()).toBe(3); // the top-up, the refund, the allocation
    await screenshot(page, 'ledger');
    await transfers
      .last()
      .getByRole('link', { name: /^decision / })
      .click();
    await page.getByRole('heading', { name: /payment/ }).waitFor(); // the top-up, oldest, was authorised by the payment rule set
    await page.locator('table.legs').waitFor();
  });

  it('publishes the candidate, activates it with a reason, and shows it active', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Impact', exact: true }).click();
    await page.getByLabel('Rule set').selectOption('refund-destination');
    await page.getByLabel(/Candidate rule file/).fill(JSON.stringify(candidate));
    await page.getByRole('button', { name: 'Show impact' }).click();
    await page.getByRole('button', { name: 'Publish 1.1.0' }).click();
    await page.getByRole('link', { name: /Open refund-destination to activate it/ }).click();

    await row(page, '1.1.0').getByText('available').waitFor();
    await row(page, '1.1.0').getByRole('button', { name: 'Activate 1.1.0' }).click();
    const confirm = page.getByRole('button', { name: 'Confirm activation of 1.1.0' });
    expect(await confirm.isDisabled()).toBe(true); // the reason is required
    await page.getByLabel('Reason (required)').fill('CHG-42 switched customers keep their refunds');
    await confirm.click();
    await row(page, '1.1.0').getByText('active').waitFor();
    await row(page, '1.0.0').getByText('superseded').waitFor();
    await page.getByRole('cell', { name: 'CHG-42 switched customers keep their refunds' }).waitFor();
    const sets = (await t.request('GET', '/v1/rule-sets')).body as Array<{ ruleSet: string; activeVersion: string }>;
    expect(sets.find((s) => s.ruleSet === 'refund-destination')?.activeVersion).toBe('1.1.0');
    await screenshot(page, 'activated');
  });

  it('shows an auditor no activate, rollback or publish button', async () => {
    const { context, page } = await newTab();
    try {
      await signIn(page, auditorKey, 'auditor');
      await page.getByRole('link', { name: 'refund-destination' }).click();
      await row(page, '1.0.0').getByText('superseded').waitFor();
      await row(page, '1.1.0').getByText('active').waitFor();
      expect(await page.getByRole('button', { name: /Activate/ }).count()).toBe(0);
      expect(await page.getByText('Roll back').count()).toBe(0);
      await screenshot(page, 'auditor-rule-set');

      // An auditor may check an impact, but not publish.
      await page.goto(`${base}/console/impact?ruleSet=refund-destination`);
      await page.getByRole('radio', { name: 'a stored version' }).check();
      await page.locator('select[name="version"]').selectOption('1.0.0');
      await page.getByRole('button', { name: 'Show impact' }).click();
      await page.getByTestId('impact-report').waitFor();
      expect(await page.getByRole('button', { name: /Publish/ }).count()).toBe(0);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key').waitFor();
      expect(await page.evaluate("sessionStorage.getItem('pps.console.apiKey')")).toBeNull();
    } finally {
      await context.close();
    }
  });

  it("shows API errors in the browser's language, empty states, and fits a phone-width screen", async () => {
    const { context, page } = await newTab({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    try {
      await signIn(page, t.adminKey, 'admin');
      await page.goto(`${base}/console/decisions/00000000-0000-4000-8000-000000000000`);
      await page.getByRole('alert').filter({ hasText: 'PPS.0404' }).filter({ hasText: '不存在' }).waitFor();

      await page.goto(`${base}/console/decisions?partnerId=00000000-0000-4000-8000-000000000000`);
      await page.getByText('No decision matches.').waitFor();

      await page.goto(`${base}/console/decisions/${seeded.deniedDecisionId}`);
      await page.getByText('CBC.5021').first().waitFor();
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow).toBeLessThanOrEqual(1);
      await screenshot(page, 'phone-decision');
    } finally {
      await context.close();
    }
  });
});
