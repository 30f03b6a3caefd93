import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '../database/sql';
import { ApiKey, type Role } from './api-key.entity';

/** An `api_keys` row as the service reads it (never the hash). */
export interface ApiKeyRow {
  id: string;
  role: Role;
  partner_id: string | null;
  label: string | null;
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, role, partner_id, label, created_by, created_at, expires_at, revoked_at';

/**
 * The `api_keys` table. The look-up of a caller's key goes through MikroORM's `ApiKey` entity (a
 * read by the unique hash); writes are statements on the `Sql` they are given, so that issuing a
 * key commits with its Idempotency-Key claim.
 */
@Injectable()
export class ApiKeysRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly db: Database,
  ) {}

  /** The key with this hash if it is neither revoked nor expired at `now`. */
  findUsable(keyHash: string, now: Date): Promise<ApiKey | null> {
    return this.em.fork().findOne(ApiKey, {
      keyHash,
      revokedAt: null,
      $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }],
    });
  }

  async insert(
    sql: Sql,
    key: {
      keyHash: string;
      role: Role;
      partnerId: string | null;
      label: string | null;
      createdBy: string | null;
      expiresAt: Date | null;
    },
  ): Promise<string> {
    const [row] = await sql.query<{ id: string }>(
      `insert into api_keys (id, key_hash, role, partner_id, label, created_by, created_at, expires_at)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, now(), ?) returning id`,
      [key.keyHash, key.role, key.partnerId, key.label, key.createdBy, key.expiresAt],
    );
    return row.id;
  }

  /** Every key, newest first. */
  list(): Promise<ApiKeyRow[]> {
    return this.db.query<ApiKeyRow>(`select ${COLUMNS} from api_keys order by created_at desc, id`);
  }

  /** Marks a key revoked at `at` (a second revocation keeps the first time); undefined if there is no such key. */
  async revoke(id: string, at: Date): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.query<ApiKeyRow>(
      `update api_keys set revoked_at = coalesce(revoked_at, ?) where id = ? returning ${COLUMNS}`,
      [at, id],
    );
    return row;
  }

  /** Makes `keyHash` an admin key labelled `label` unless it is one already; true if this call inserted it. */
  async insertAdmin(keyHash: string, label: 'env:ADMIN_API_KEY' | 'bootstrap-admin'): Promise<boolean> {
    const rows = await this.db.query(
      label === 'bootstrap-admin'
        ? `insert into api_keys (id, key_hash, role, label) values (gen_random_uuid(), ?, 'admin', 'bootstrap-admin')
           on conflict do nothing returning id`
        : `insert into api_keys (id, key_hash, role, label) values (gen_random_uuid(), ?, 'admin', 'env:ADMIN_API_KEY')
           on conflict (key_hash) do nothing returning id`,
      [keyHash],
    );
    return rows.length > 0;
  }

  async hasBootstrapAdmin(): Promise<boolean> {
    return (await this.db.query(`select 1 from api_keys where label = 'bootstrap-admin'`)).length > 0;
  }
}

/** The id of the usable admin key with this hash (the CLI names who acts by the key it was given). */
export async function adminKeyIdByHash(sql: Sql, keyHash: string): Promise<string | undefined> {
  const rows = await sql.query<{ id: string }>(
    `select id from api_keys where key_hash = ? and role = 'admin' and revoked_at is null and (expires_at is null or expires_at > now())`,
    [keyHash],
  );
  return rows[0]?.id;
}
