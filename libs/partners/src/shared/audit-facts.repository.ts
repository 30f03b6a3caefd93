import { Global, Module } from '@nestjs/common';
import {
  IMPACT_MONEY_SOURCE,
  type ImpactMoneySource,
  type RefundOrderFact,
  SUBJECT_NAMES,
  type SubjectNames,
  type TransferLegFact,
} from '@pps/audit';
import { TransfersRepository } from '@pps/ledger';
import type { Sql } from '@pps/platform';

interface RefundOrderRow {
  decision_id: string;
  customer_id: string;
  partner_id: string | null;
  paid_by_partner_id: string | null;
}

/** The ledger's transfers (a stateless repository: statements only). */
const TRANSFERS = new TransfersRepository();

/** A PostgreSQL array literal of uuids: `{a,b,c}`. */
function uuidArray(values: readonly string[]): string {
  for (const value of values) if (!/^[0-9A-Za-z-]+$/.test(value)) throw new Error(`uuidArray: unsafe element ${value}`);
  return `{${values.join(',')}}`;
}

/** A literal for ILIKE: `%`, `_` and `\\` match themselves. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * What the audit library asks of the layers above it (its ports {@link ImpactMoneySource} and
 * {@link SubjectNames}): the money a decision's transfer moved and the order behind a refund, for
 * impact and shadow reports; partner and customer ids by name, for the decision search.
 * The legs come from the ledger's public API, the orders and names from the partners' tables.
 */
const AuditFactsRepository: ImpactMoneySource & SubjectNames = {
  async transferLegs(db: Sql, transferIds: readonly string[]): Promise<TransferLegFact[]> {
    const found = await TRANSFERS.findByIds(db, transferIds);
    return found.flatMap((t) =>
      t.legs.map((l) => ({
        transferId: t.id,
        amount: l.amount,
        currency: l.currency,
        ownerType: l.ownerType,
        ownerId: l.ownerId,
      })),
    );
  },

  async refundOrders(db: Sql, decisionIds: readonly string[]): Promise<RefundOrderFact[]> {
    const rows = await db.query<RefundOrderRow>(
      `select r.decision_id, o.customer_id, o.partner_id, o.paid_by_partner_id
       from refunds r join orders o on o.id = r.order_id where r.decision_id = any(?::uuid[])`,
      [uuidArray(decisionIds)],
    );
    return rows.map((r) => ({
      decisionId: r.decision_id,
      customerId: r.customer_id,
      partnerId: r.partner_id,
      paidByPartnerId: r.paid_by_partner_id,
    }));
  },

  async partnerIdsNamed(db: Sql, text: string): Promise<string[]> {
    const like = containsPattern(text);
    const rows = await db.query<{ id: string }>(`select id from partners where name ilike ? or real_name ilike ?`, [
      like,
      like,
    ]);
    return rows.map((r) => r.id);
  },

  async customerIdsNamed(db: Sql, text: string): Promise<string[]> {
    const rows = await db.query<{ id: string }>(`select id from customers where name ilike ?`, [containsPattern(text)]);
    return rows.map((r) => r.id);
  },
};

/** Provides the audit library's ports (global: the audit module, below partners, injects them). */
@Global()
@Module({
  providers: [
    { provide: IMPACT_MONEY_SOURCE, useValue: AuditFactsRepository },
    { provide: SUBJECT_NAMES, useValue: AuditFactsRepository },
  ],
  exports: [IMPACT_MONEY_SOURCE, SUBJECT_NAMES],
})
export class AuditFactsModule {}
