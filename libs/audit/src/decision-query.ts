import { BadInputError } from '@pps/platform';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditDb } from './audit-db';
import { RECORD_COLUMNS, SEAL_COLUMNS, type SealedDecision, type SealedRow, toSealedDecision } from './decision-record';

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
 * One page of decisions, newest first by default, by keyset on (decided_at, id) — the indexes
 * `(rule_set|partner_id|customer_id, decided_at, id)` and `(decided_at, id)` serve every filter
 * without an OFFSET scan.
 */
export async function listDecisions(db: AuditDb, filter: DecisionFilter): Promise<DecisionPage> {
  const secret = await cursorSecret(db);
  const limit = filter.limit ?? 50;
  const desc = (filter.order ?? 'desc') === 'desc';
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    where.push(sql);
    params.push(value);
  };
  if (filter.ruleSet !== undefined) add('d.rule_set = ?', filter.ruleSet);
  if (filter.partnerId !== undefined) add('d.partner_id = ?', filter.partnerId);
  if (filter.customerId !== undefined) add('d.customer_id = ?', filter.customerId);
  if (filter.partnerName !== undefined) {
    const like = `%${escapeLike(filter.partnerName)}%`;
    where.push(`d.partner_id in (select id from partners where name ilike ? or real_name ilike ?)`);
    params.push(like, like);
  }
  if (filter.customerName !== undefined)
    add(`d.customer_id in (select id from customers where name ilike ?)`, `%${escapeLike(filter.customerName)}%`);
  if (filter.effect !== undefined) add('d.effect = ?', filter.effect);
  if (filter.from !== undefined) add('d.decided_at >= ?', filter.from.toISOString());
  if (filter.to !== undefined) add('d.decided_at < ?', filter.to.toISOString());
  if (filter.cursor !== undefined) {
    const c = decodeCursor(filter.cursor, secret);
    where.push(`(d.decided_at, d.id) ${desc ? '<' : '>'} (?::timestamptz, ?::uuid)`);
    params.push(c.t, c.i);
  }
  const dir = desc ? 'desc' : 'asc';
  const rows = await db.query<SealedRow>(
    `select ${RECORD_COLUMNS}, ${SEAL_COLUMNS}
     from decisions d left join decision_seals s on s.seq = d.seq
     ${where.length ? `where ${where.join(' and ')}` : ''}
     order by d.decided_at ${dir}, d.id ${dir} limit ?`,
    [...params, limit + 1],
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit).map(toSealedDecision);
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
  const [row] = await db.query<{ value: string }>(`select value from service_secrets where name = 'cursor-hmac'`);
  if (!row) throw new Error('service_secrets has no cursor-hmac: migrations were not applied');
  cachedSecret = { db, value: row.value };
  return row.value;
}

export async function findDecision(db: AuditDb, id: string): Promise<SealedDecision | undefined> {
  const [row] = await db.query<SealedRow>(
    `select ${RECORD_COLUMNS}, ${SEAL_COLUMNS} from decisions d left join decision_seals s on s.seq = d.seq where d.id = ?`,
    [id],
  );
  return row ? toSealedDecision(row) : undefined;
}

/** A literal for ILIKE: `%`, `_` and `\\` match themselves. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
