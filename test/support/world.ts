import type { TestApp } from './test-app';

/** Builds partners, customers and associations through the public API, as a client would. */
export class World {
  constructor(private readonly t: TestApp) {}

  async ok(method: string, url: string, body?: unknown, key?: string) {
    const res = await this.t.request(method, url, { body, key });
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${res.text}`);
    return res.body;
  }

  async partner(overrides: Record<string, unknown> = {}): Promise<{ id: string; [k: string]: unknown }> {
    return this.ok('POST', '/v1/partners', {
      name: 'Partner',
      kind: 'reseller',
      realName: '某某科技有限公司',
      ...overrides,
    });
  }

  async topUp(partnerId: string, amount: string) {
    return this.ok('POST', `/v1/partners/${partnerId}/top-ups`, { amount });
  }

  async customer(overrides: Record<string, unknown> = {}): Promise<{ id: string; [k: string]: unknown }> {
    return this.ok('POST', '/v1/customers', { name: 'Customer', ...overrides });
  }

  async associate(
    partnerId: string,
    customerId: string,
    mode: 'referral' | 'resale',
  ): Promise<{ id: string; [k: string]: unknown }> {
    return this.ok('POST', '/v1/associations', { partnerId, customerId, mode });
  }

  async allocate(partnerId: string, customerId: string, amount: string) {
    return this.ok('POST', '/v1/adjustments', { partnerId, customerId, operation: 'allocate', amount });
  }

  /** A funded partner with a resale customer holding `customerBalance`. */
  async resaleCustomer(options: { partnerFunds?: string; customerBalance?: string; creditLimit?: string } = {}) {
    const partner = await this.partner(options.creditLimit ? { creditLimit: options.creditLimit } : {});
    if (options.partnerFunds) await this.topUp(partner.id, options.partnerFunds);
    const customer = await this.customer();
    const association = await this.associate(partner.id, customer.id, 'resale');
    if (options.customerBalance) await this.allocate(partner.id, customer.id, options.customerBalance);
    return { partner, customer, association };
  }

  async partnerBalances(partnerId: string) {
    return (await this.ok('GET', `/v1/partners/${partnerId}`)).balances as {
      cash: string;
      available: string;
      incentive: string;
      voucherQuota: string;
    };
  }

  async customerView(customerId: string) {
    return this.ok('GET', `/v1/customers/${customerId}`);
  }
}
