import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Clock } from '../clock';
import { Database } from '../database/sql';
import {
  BadInputError,
  DatabaseUnavailableError,
  KeyRevokesItselfError,
  NotFoundError,
} from '../errors/platform.errors';
import { runIdempotent } from '../http/idempotency';
import { type ApiKey, ROLES, type Role } from './api-key.entity';
import { type ApiKeyRow, ApiKeysRepository } from './api-keys.repository';
import type { Caller } from './caller';

const KEY_PREFIX = 'pps_';
const CACHE_TTL_MS = 10_000;
const CACHE_MAX = 10_000;

export interface IssuedKey {
  id: string;
  /** The secret, shown once; `null` on a retry with the same Idempotency-Key (only its hash is stored). */
  key: string | null;
  role: Role;
  partnerId: string | null;
  expiresAt: string | null;
}

/** What `GET /v1/api-keys` shows of a key: everything but its hash. */
export interface ApiKeyView {
  id: string;
  role: Role;
  partnerId: string | null;
  label: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

const isoOrNull = (v: Date | null) => (v === null ? null : v.toISOString());

function toView(r: ApiKeyRow): ApiKeyView {
  return {
    id: r.id,
    role: r.role,
    partnerId: r.partner_id,
    label: r.label,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    expiresAt: isoOrNull(r.expires_at),
    revokedAt: isoOrNull(r.revoked_at),
  };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Issues and checks API keys. Only the sha256 of a key is stored: keys are 256 random bits, so a
 * deliberately slow hash (bcrypt, argon2) would add latency to every request and no security.
 * Successful look-ups are cached for 10 s, so a revocation takes effect at once in the process that
 * revoked it and within 10 s in every other process; an expired key (`expiresAt`, by the service's
 * clock) is refused from that instant (the cache never outlives it).
 */
@Injectable()
export class ApiKeyService {
  private readonly logger = new Logger(ApiKeyService.name);
  private readonly cache = new Map<string, { caller: Caller; expiresAt: number; keyExpiresAt?: number }>();

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async authenticate(key: string): Promise<Caller | undefined> {
    const hash = hashApiKey(key);
    const hit = this.cache.get(hash);
    const now = Date.now();
    const clockNow = this.clock.now();
    if (hit && hit.expiresAt > now && (hit.keyExpiresAt === undefined || hit.keyExpiresAt > clockNow.getTime()))
      return hit.caller;
    let row: ApiKey | null;
    try {
      row = await this.keys.findUsable(hash, clockNow);
    } catch (e) {
      // The key could not be checked (the database is unreachable): a 503 the client may retry, not a 500.
      this.logger.warn(`API key look-up failed: ${e instanceof Error ? e.message : String(e)}`);
      throw new DatabaseUnavailableError();
    }
    if (!row) return undefined;
    const caller: Caller = { keyId: row.id, role: row.role, partnerId: row.partnerId ?? undefined };
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { caller, expiresAt: now + CACHE_TTL_MS, keyExpiresAt: row.expiresAt?.getTime() });
    return caller;
  }

  async issue(
    role: Role,
    partnerId: string | undefined,
    createdBy?: string,
    label?: string,
    options: { expiresAt?: Date; idempotencyKey?: string } = {},
  ): Promise<IssuedKey> {
    if (!ROLES.includes(role)) throw new BadInputError(`role must be one of ${ROLES.join(', ')}`, [{ field: 'role' }]);
    if ((role === 'partner') !== (partnerId !== undefined)) {
      throw new BadInputError('partnerId is required for role partner and not allowed for other roles', [
        { field: 'partnerId', problems: ['partnerId goes with role partner, and only with it'] },
      ]);
    }
    if (options.expiresAt && options.expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new BadInputError('expiresAt must be in the future', [
        { field: 'expiresAt', problems: ['must be in the future'] },
      ]);
    }
    const { answer } = await runIdempotent<IssuedKey>(
      this.db,
      {
        scope: createdBy ?? 'anonymous',
        key: options.idempotencyKey,
        request: { operation: 'api-key.issue', role, partnerId, label, expiresAt: options.expiresAt?.toISOString() },
        // the secret is shown once and stored hashed only: a retry gets the same key's id, not its secret
        stored: (issued) => ({ ...issued, key: null }),
      },
      async (tx) => {
        const key = KEY_PREFIX + randomBytes(32).toString('base64url');
        const id = await this.keys.insert(tx, {
          keyHash: hashApiKey(key),
          role,
          partnerId: partnerId ?? null,
          label: label ?? null,
          createdBy: createdBy ?? null,
          expiresAt: options.expiresAt ?? null,
        });
        return {
          id,
          key,
          role,
          partnerId: partnerId ?? null,
          expiresAt: options.expiresAt?.toISOString() ?? null,
        };
      },
    );
    return answer;
  }

  /** Every key, newest first (hashes are never shown). */
  async list(): Promise<ApiKeyView[]> {
    const rows = await this.keys.list();
    return rows.map(toView);
  }

  /**
   * Revokes a key: it answers 401 at once in this process and within the cache lifetime (10 s)
   * in every other process on the database. Revoking the key that asks is refused (409), so that an
   * admin cannot lock itself out: rotate by creating the new key, then revoking the old with it.
   */
  async revoke(id: string, by: Caller): Promise<ApiKeyView> {
    if (id === by.keyId) {
      throw new KeyRevokesItselfError();
    }
    const row = await this.keys.revoke(id, this.clock.now());
    if (!row) throw new NotFoundError('API key', id);
    for (const [hash, entry] of this.cache) if (entry.caller.keyId === id) this.cache.delete(hash);
    return toView(row);
  }

  /**
   * Makes sure an admin can get in: `ADMIN_API_KEY` becomes an admin key; without it, the first
   * start creates one admin key and writes it to `<dataDir>/admin-api-key` (mode 0600).
   */
  async ensureAdminKey(adminApiKey: string | undefined, dataDir: string): Promise<void> {
    if (adminApiKey) {
      await this.keys.insertAdmin(hashApiKey(adminApiKey), 'env:ADMIN_API_KEY');
      this.logger.log('ADMIN_API_KEY is an admin key');
      return;
    }
    const file = path.join(dataDir, 'admin-api-key');
    if (await this.keys.hasBootstrapAdmin()) {
      const hasFile = await fs.access(file).then(
        () => true,
        () => false,
      );
      this.logger.log(
        hasFile
          ? `The admin API key is in ${file}`
          : `An admin key was created earlier, but ${file} is gone; set ADMIN_API_KEY to get in`,
      );
      return;
    }
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const inserted = await this.keys.insertAdmin(hashApiKey(key), 'bootstrap-admin');
    if (!inserted) return; // another process on this database created it first
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(file, `${key}\n`, { mode: 0o600 });
    await fs.chmod(file, 0o600);
    this.logger.warn(`Created the first admin API key; it is in ${file} (mode 0600)`);
  }
}
