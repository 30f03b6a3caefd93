import { BadInputError, ServiceSecretsRepository } from '@pps/platform';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditDb } from './audit-db';
import type { SealedDecision } from './decision-record';
import { DecisionsRepository } from './decisions.repository';
import type { SubjectNames } from './subject-names.port';

export interface DecisionFilter {
  ruleSet?: string;
  partnerId?: string;
  customerId?: string;
  /** Part of the partner's name or real name (case-insensitive). */
  partnerName?: string;
  /** Part of the customer's name (case-insensitive). */
  customerName?: string;
  effect?: 'allow' | 'deny';
  from?: Date;
  to?: Date;
  cursor?: string;
  limit?: number;
  order?: 'asc' | 'desc';
}

/** A list item: the record without its bulky parts (facts, per-condition results); `GET /v1/decisions/:id` has them. */
type DecisionSummary = Omit<SealedDecision, 'facts' | 'results'>;

export interface DecisionPage {
  items: DecisionSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * The cursor is opaque to clients: base64url of `{"t": decidedAt (µs ISO), "i": id}`, then `.` and
 * the base64url HMAC-SHA256 of that payload under the database's `cursor-hmac` secret. A cursor
 * that was forged or edited fails the signature and is a 400 before anything parses its content.
 */
export function encodeCursor(decidedAt: string, id: string, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ t: decidedAt, i: id }), 'utf8').toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function decodeCursor(cursor: string, secret: string): { t: string; i: string } {
  try {
    const [payload, signature, extra] = cursor.split('.');
    const expected = Buffer.from(sign(payload, secret));
    const given = Buffer.from(signature ?? '');
    if (extra === undefined && given.length === expected.length && timingSafeEqual(given, expected)) {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
      if (typeof parsed.t === 'string' && MICROS.test(parsed.t) && typeof parsed.i === 'string' && UUID.test(parsed.i))
        return { t: parsed.t, i: parsed.i };
    }
  } catch {
    // fall through
  }
  throw new BadInputError('Invalid request: cursor: not a cursor this service issued', [
    { field: 'cursor', problems: ['not a cursor this service issued'] },
  ]);
}

/**
 * One page of decisions, newest first by default, by keyset on (decided_at, id) — no OFFSET scan.
 * A name filter is first resolved to the ids it matches (through `names`).
 */
export async function listDecisions(db: AuditDb, names: SubjectNames, filter: DecisionFilter): Promise<DecisionPage> {
  const secret = await cursorSecret(db);
  const limit = filter.limit ?? 50;
  const order = filter.order ?? 'desc';
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, secret);
  const rows = await DecisionsRepository.search(
    db,
    {
      ruleSet: filter.ruleSet,
      partnerId: filter.partnerId,
      customerId: filter.customerId,
      partnerIdIn: filter.partnerName === undefined ? undefined : await names.partnerIdsNamed(db, filter.partnerName),
      customerIdIn:
        filter.customerName === undefined ? undefined : await names.customerIdsNamed(db, filter.customerName),
      effect: filter.effect,
      from: filter.from,
      to: filter.to,
      after: after && { decidedAt: after.t, id: after.i },
      order,
    },
    limit + 1,
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ facts: _facts, results: _results, ...summary }) => summary),
    nextCursor: more && last ? encodeCursor(last.decidedAt, last.id, secret) : null,
  };
}

let cachedSecret: { db: AuditDb; value: string } | undefined;

/** The database's `cursor-hmac` secret (shared by every process on it), read once per AuditDb. */
async function cursorSecret(db: AuditDb): Promise<string> {
  if (cachedSecret?.db === db) return cachedSecret.value;
  const value = await ServiceSecretsRepository.value(db, 'cursor-hmac');
  if (value === undefined) throw new Error('service_secrets has no cursor-hmac: migrations were not applied');
  cachedSecret = { db, value };
  return value;
}

export function findDecision(db: AuditDb, id: string): Promise<SealedDecision | undefined> {
  return DecisionsRepository.find(db, id);
}

/** The stored facts of one decision. */
export function decisionFacts(db: AuditDb, id: string): Promise<Record<string, unknown> | undefined> {
  return DecisionsRepository.factsOf(db, id);
}
