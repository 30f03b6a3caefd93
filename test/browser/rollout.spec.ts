import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { World } from '../support/world';
import { collectPageErrors, launchChromium, screenshot } from './support/chromium';
import { refundCandidate } from './support/refund-candidate';

/**
 * Issue 20 in the console, in Chromium, against the real service with four eyes
 * (ACTIVATION_APPROVALS=2): set a shadow version, see its report with the money charts after live
 * refunds, simulate facts side by side with the difference highlighted, request an activation and
 * approve it as a second admin (the requester and an auditor see no approve button), the instances
 * page, decision search by partner name. Screenshots under test-output/console/rollout-*.png.
 */
jest.setTimeout(60_000);

describe('safe rollout in the web console', () => {
  let t: TestApp;
  let w: World;
  let base: string;
  let browser: Browser;
  let first: { context: BrowserContext; page: Page };
  let secondAdminKey: string;
  let auditorKey: string;
  const errors: string[] = [];
  const seeded = { alpha: '', beta: '' };

  async function switchedRefund(partnerId: string, amount: string): Promise<string> {
    const customer = await w.customer({ name: `Switched ${amount}` });
    const association = await w.associate(partnerId, customer.id, 'referral');
    const order = await w.ok('POST', '/v1/orders', { customerId: customer.id, amount, paymentMethod: 'online' });
    await w.ok('POST', `/v1/associations/${association.id}/switch`, { mode: 'resale' });
    return (await w.ok('POST', `/v1/orders/${order.id}/refunds`, {})).decision_id as string;
  }

  async function newTab() {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
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

  beforeAll(async () => {
    t = await startTestApp({ config: { activationApprovals: 2 } });
    w = new World(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    secondAdminKey = await t.key('admin');
    auditorKey = await t.key('auditor');
    seeded.alpha = (await w.partner({ name: 'Alpha Cloud' })).id;
    seeded.beta = (await w.partner({ name: 'Beta Systems' })).id;
    const published = await t.request('POST', '/v1/rule-sets/refund-destination/versions', { body: refundCandidate() });
    expect(published.status).toBe(201);
    browser = await launchChromium();
    first = await newTab();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('sets a shadow version from the rule set page; after live refunds its report charts the money per partner and over time', async () => {
    const { page } = first;
    await signIn(page, t.adminKey, 'admin');
    await page.getByRole('link', { name: 'refund-destination', exact: true }).click();
    await page.getByRole('link', { name: 'Shadow version and report →' }).click();
    await page.getByTestId('shadow-current').getByText('No shadow version is set.').waitFor();
    const form = page.getByRole('form', { name: 'Set the shadow' });
    await form.getByLabel('Version').selectOption('1.1.0');
    await form.getByLabel('Reason (required)').fill('CHG-20 refunds to customers, on live traffic first');
    await form.getByRole('button', { name: 'Shadow 1.1.0' }).click();
    await page.getByTestId('shadow-current').getByText('1.1.0').waitFor();

    // Live traffic while the shadow runs: two switched-referral refunds (they differ) and one that does not.
    await switchedRefund(seeded.alpha, '70.00');
    await switchedRefund(seeded.beta, '30.00');
    const plain = await w.customer({ name: 'Plain Referral' });
    await w.associate(seeded.beta, plain.id, 'referral');
    const order = await w.ok('POST', '/v1/orders', { customerId: plain.id, amount: '12.00', paymentMethod: 'online' });
    await w.ok('POST', `/v1/orders/${order.id}/refunds`, {});

    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByTestId('shadow-examined').getByText('3').waitFor();
    await page.getByTestId('shadow-differing').getByText('2').waitFor();
    await page.getByTestId('shadow-moved').getByText('100.00').waitFor();
    const chart = page.getByTestId('money-chart');
    await chart.waitFor();
    expect(await chart.locator('g.bar-neg').count()).toBe(2);
    await chart.getByText('Alpha Cloud', { exact: true }).waitFor();
    await chart.getByText('-70.00', { exact: true }).waitFor();
    await chart.getByText('-30.00', { exact: true }).waitFor();
    const overTime = page.getByTestId('money-time-chart');
    await overTime.waitFor();
    expect(await overTime.locator('rect[fill]').count()).toBeGreaterThanOrEqual(2);
    await overTime.getByText('Beta Systems', { exact: true }).waitFor();
    await screenshot(page, 'rollout-shadow-report');
  });

  it('simulates facts against the active, the shadow and a stored version side by side, the difference highlighted', async () => {
    const { page } = first;
    await page.getByRole('link', { name: 'Simulator', exact: true }).click();
    await page.getByLabel('Rule set').selectOption('refund-destination');
    const facts = page.getByRole('form', { name: 'Facts' });
    await facts.locator('select[name="modeAtPurchase"]').selectOption('referral');
    await facts.locator('select[name="currentAssociation"]').selectOption('same_partner');
    await facts.locator('select[name="switchedReferralToResale"]').selectOption('true');
    await facts.locator('select[name="paymentMethod"]').selectOption('online');
    expect(await facts.locator('input[name="shadow"]').isChecked()).toBe(true);
    await facts.locator('select[name="storedVersion"]').selectOption('1.0.0');
    await facts.getByRole('button', { name: 'Evaluate side by side' }).click();
    const sim = page.getByTestId('simulation');
    await sim.waitFor();
    const columns = sim.locator('article.sim-column');
    expect(await columns.count()).toBe(3);
    const active = sim.locator('article[data-kind="active"]');
    const shadow = sim.locator('article[data-kind="shadow"]');
    const stored = sim.locator('article[data-kind="stored"]');
    await active.getByText('allow → association_partner_account').waitFor();
    await shadow.getByText('allow → customer_account').waitFor();
    expect(await shadow.getAttribute('data-differs')).toBe('true');
    expect(await stored.getAttribute('data-differs')).toBe('false');
    await shadow.getByText('differs from active').waitFor();
    // The condition trace: each rule with its conditions, fact values and results.
    await active
      .locator('[data-rule="referral-switched-to-resale-refunds-to-partner"]')
      .getByText('matched', { exact: true })
      .waitFor();
    expect(await shadow.locator('.trace-conditions li').count()).toBeGreaterThan(3);
    const highlighted = await page.evaluate(
      'getComputedStyle(document.querySelector(\'article[data-kind="shadow"]\')).borderColor',
    );
    expect(highlighted).toBe('rgb(217, 119, 6)');
    await screenshot(page, 'rollout-simulator');
  });

  it('an activation becomes a change request the requester cannot approve; a second admin approves it; the history names both', async () => {
    const { page } = first;
    await page.goto(`${base}/console/rule-sets/refund-destination`);
    await page.getByRole('button', { name: 'Activate 1.1.0' }).click();
    await page.getByRole('form', { name: 'Activate 1.1.0' }).getByLabel('Reason (required)').fill('CHG-20 go');
    await page.getByRole('button', { name: 'Confirm activation of 1.1.0' }).click();
    await page.waitForURL('**/rule-sets/refund-destination/change-requests');
    const card = page.locator('article[data-status="pending"]');
    await card.waitFor();
    await card.getByText('activate 1.0.0 → 1.1.0').waitFor();
    await card.getByText(/As a shadow: 3 live decisions, 2 differed/).waitFor();
    await card.getByText('Another admin approves or rejects your request.').waitFor();
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await screenshot(page, 'rollout-change-request-requester');

    const auditor = await newTab();
    await signIn(auditor.page, auditorKey, 'auditor');
    await auditor.page.goto(`${base}/console/rule-sets/refund-destination/change-requests`);
    await auditor.page.locator('article[data-status="pending"]').waitFor();
    expect(await auditor.page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await auditor.context.close();

    const second = await newTab();
    await signIn(second.page, secondAdminKey, 'admin');
    await second.page.goto(`${base}/console/rule-sets/refund-destination/change-requests`);
    const pending = second.page.locator('article[data-status="pending"]');
    await pending.getByLabel('Reason (required)').fill('reviewed the shadow report');
    await screenshot(second.page, 'rollout-change-request-approver');
    await pending.getByRole('button', { name: 'Approve' }).click();
    await second.page
      .locator('article[data-status="approved"]')
      .getByText(/approved by/)
      .waitFor();
    await second.page.goto(`${base}/console/rule-sets/refund-destination`);
    await second.page.locator('tr[data-version="1.1.0"]').getByText('active').waitFor();
    const me = async (key: string) => (await t.request('GET', '/v1/api-keys/me', { key })).body.id as string;
    await second.page
      .getByTestId('four-eyes')
      .getByText(`requested ${(await me(t.adminKey)).slice(0, 8)}, approved ${(await me(secondAdminKey)).slice(0, 8)}`)
      .waitFor();
    await screenshot(second.page, 'rollout-approved');
    await second.context.close();
  });

  it('the instances page shows this instance in step; decisions are found by partner name', async () => {
    const { page } = first;
    await page.getByRole('link', { name: 'Instances', exact: true }).click();
    const table = page.getByTestId('instances');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBe(1);
    await table.getByText('in step').waitFor();
    await table.getByText(/refund-destination 1\.1\.0/).waitFor();
    await screenshot(page, 'rollout-instances');

    await page.getByRole('link', { name: 'Decisions', exact: true }).click();
    const search = page.getByRole('form', { name: 'Search decisions' });
    await search.getByLabel('Partner name').fill('alpha');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/partnerName=alpha/);
    const rows = page.getByTestId('decisions').locator('tbody tr');
    await rows.first().waitFor();
    const expected = (await t.request('GET', `/v1/decisions?partnerId=${seeded.alpha}`)).body.items.length as number;
    expect(await rows.count()).toBe(expected);
    await screenshot(page, 'rollout-decisions-by-name');
  });
});
