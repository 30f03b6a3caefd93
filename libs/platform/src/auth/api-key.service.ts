import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BadInputError, DomainError } from '../errors/domain.error';
import { ApiKey, ROLES, type Role } from './api-key.entity';
import type { Caller } from './caller';

const KEY_PREFIX = 'pps_';
const CACHE_TTL_MS = 10_000;
const CACHE_MAX = 10_000;

export interface IssuedKey {
  id: string;
  key: string;
  role: Role;
  partnerId: string | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Issues and checks API keys. Only the sha256 of a key is stored: keys are 256 random bits, so a
 * deliberately slow hash (bcrypt, argon2) would add latency to every request and no security.
 * Successful look-ups are cached for 10 s, so a revocation takes effect within that time.
 */
@Injectable()
export class ApiKeyService {
  private readonly logger = new Logger(ApiKeyService.name);
  private readonly cache = new Map<string, { caller: Caller; expiresAt: number }>();

  constructor(private readonly em: EntityManager) {}

  async authenticate(key: string): Promise<Caller | undefined> {
    const hash = hashApiKey(key);
    const hit = this.cache.get(hash);
    const now = Date.now();
    if (hit && hit.expiresAt > now) return hit.caller;
    let row: ApiKey | null;
    try {
      row = await this.em.fork().findOne(ApiKey, { keyHash: hash, revokedAt: null });
    } catch (e) {
      // The key could not be checked (the database is unreachable): a 503 the client may retry, not a 500.
      this.logger.warn(`API key look-up failed: ${e instanceof Error ? e.message : String(e)}`);
      throw new DomainError('unavailable', 'PPS.0503', {
        zh: '暂时无法验证 API 密钥，请稍后重试',
        en: 'The API key cannot be checked at the moment; retry the request',
      });
    }
    if (!row) return undefined;
    const caller: Caller = { keyId: row.id, role: row.role, partnerId: row.partnerId ?? undefined };
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { caller, expiresAt: now + CACHE_TTL_MS });
    return caller;
  }

  async issue(role: Role, partnerId: string | undefined, createdBy?: string, label?: string): Promise<IssuedKey> {
    if (!ROLES.includes(role)) throw new BadInputError(`role must be one of ${ROLES.join(', ')}`, [{ field: 'role' }]);
    if ((role === 'partner') !== (partnerId !== undefined)) {
      throw new BadInputError('partnerId is required for role partner and not allowed for other roles', [
        { field: 'partnerId', problems: ['partnerId goes with role partner, and only with it'] },
      ]);
    }
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const em = this.em.fork();
    const row = new ApiKey(hashApiKey(key), role, partnerId);
    row.createdBy = createdBy;
    row.label = label;
    await em.persistAndFlush(row);
    return { id: row.id, key, role, partnerId: partnerId ?? null };
  }

  /**
   * Makes sure an admin can get in: `ADMIN_API_KEY` becomes an admin key; without it, the first
   * start creates one admin key and writes it to `<dataDir>/admin-api-key` (mode 0600).
   */
  async ensureAdminKey(adminApiKey: string | undefined, dataDir: string): Promise<void> {
    const em = this.em.fork();
    const conn = em.getConnection();
    if (adminApiKey) {
      await conn.execute(
        `insert into api_keys (id, key_hash, role, label) values (gen_random_uuid(), ?, 'admin', 'env:ADMIN_API_KEY')
         on conflict (key_hash) do nothing`,
        [hashApiKey(adminApiKey)],
      );
      this.logger.log('ADMIN_API_KEY is an admin key');
      return;
    }
    const file = path.join(dataDir, 'admin-api-key');
    const existing = await conn.execute(`select 1 from api_keys where label = 'bootstrap-admin'`);
    if (existing.length > 0) {
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
    const inserted = await conn.execute(
      `insert into api_keys (id, key_hash, role, label) values (gen_random_uuid(), ?, 'admin', 'bootstrap-admin')
       on conflict do nothing returning id`,
      [hashApiKey(key)],
    );
    if (inserted.length === 0) return; // another process on this database created it first
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(file, `${key}\n`, { mode: 0o600 });
    await fs.chmod(file, 0o600);
    this.logger.warn(`Created the first admin API key; it is in ${file} (mode 0600)`);
  }
}
