import type { Sql } from '@pps/platform';

type RegistrationStatus = 'pending' | 'approved' | 'rejected';

/** A partner's registration of a prospect (报备客户), recognised by its tax id. */
export interface DealRegistration {
  id: string;
  partnerId: string;
  prospectName: string;
  taxId: string;
  status: RegistrationStatus;
  createdAt: Date;
  approvedAt: Date | null;
  expiresAt: Date | null;
}

interface RegistrationRow {
  id: string;
  partner_id: string;
  prospect_name: string;
  tax_id: string;
  status: RegistrationStatus;
  created_at: Date;
  approved_at: Date | null;
  expires_at: Date | null;
}

function toRegistration(r: RegistrationRow): DealRegistration {
  return {
    id: r.id,
    partnerId: r.partner_id,
    prospectName: r.prospect_name,
    taxId: r.tax_id,
    status: r.status,
    createdAt: r.created_at,
    approvedAt: r.approved_at,
    expiresAt: r.expires_at,
  };
}

export type InvitationChannel = 'online' | 'offline';

/** An invitation link of a registration; only the hash of its token is stored. */
export interface Invitation {
  tokenHash: string;
  registrationId: string;
  channel: InvitationChannel;
  createdAt: Date;
  expiresAt: Date | null;
  usedAt: Date | null;
}

interface InvitationRow {
  token_hash: string;
  registration_id: string;
  channel: InvitationChannel;
  created_at: Date;
  expires_at: Date | null;
  used_at: Date | null;
}

function toInvitation(r: InvitationRow): Invitation {
  return {
    tokenHash: r.token_hash,
    registrationId: r.registration_id,
    channel: r.channel,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    usedAt: r.used_at,
  };
}

/** The `deal_registrations` table. */
export const DealRegistrationsRepository = {
  /** A registration; `lock` takes its row lock (`for update`). */
  async find(sql: Sql, id: string, options: { lock?: boolean } = {}): Promise<DealRegistration | undefined> {
    const [row] = await sql.query<RegistrationRow>(
      `select * from deal_registrations where id = ?${options.lock ? ' for update' : ''}`,
      [id],
    );
    return row ? toRegistration(row) : undefined;
  },

  async insertPending(
    sql: Sql,
    r: { id: string; partnerId: string; prospectName: string; taxId: string; createdAt: Date },
  ): Promise<DealRegistration> {
    const [row] = await sql.query<RegistrationRow>(
      `insert into deal_registrations (id, partner_id, prospect_name, tax_id, status, created_at) values (?, ?, ?, ?, 'pending', ?) returning *`,
      [r.id, r.partnerId, r.prospectName, r.taxId, r.createdAt],
    );
    return toRegistration(row);
  },

  async approve(sql: Sql, id: string, approvedAt: Date, expiresAt: Date): Promise<DealRegistration> {
    const [row] = await sql.query<RegistrationRow>(
      `update deal_registrations set status = 'approved', approved_at = ?, expires_at = ? where id = ? returning *`,
      [approvedAt, expiresAt, id],
    );
    return toRegistration(row);
  },

  /** One registration decision per prospect at a time (a transaction-scoped advisory lock on its tax id). */
  async lockProspect(sql: Sql, taxId: string): Promise<void> {
    await sql.query(`select pg_advisory_xact_lock(hashtextextended(?, 7241))`, [`deal-registration:${taxId}`]);
  },

  /** When another partner's registration of this prospect was last approved (null: never). */
  async otherPartnerApprovedAt(sql: Sql, taxId: string, partnerId: string): Promise<Date | null> {
    const [row] = await sql.query<{ at: Date | null }>(
      `select max(approved_at) as at from deal_registrations where tax_id = ? and partner_id <> ? and status = 'approved'`,
      [taxId, partnerId],
    );
    return row?.at ?? null;
  },

  /** Whether another partner holds a registration of this tax id approved after `approvedAfter`. */
  async approvedForOtherPartnerSince(
    sql: Sql,
    taxId: string,
    partnerId: string,
    approvedAfter: Date,
  ): Promise<boolean> {
    const [row] = await sql.query<{ n: number }>(
      `select count(*)::int as n from deal_registrations
       where tax_id = ? and partner_id <> ? and status = 'approved' and approved_at > ?`,
      [taxId, partnerId, approvedAfter],
    );
    return row.n > 0;
  },
};

/** The `invitations` table: the links of a deal registration. */
export const InvitationsRepository = {
  async insert(
    sql: Sql,
    i: {
      tokenHash: string;
      registrationId: string;
      channel: InvitationChannel;
      createdAt: Date;
      expiresAt: Date | null;
    },
  ): Promise<void> {
    await sql.query(
      `insert into invitations (token_hash, registration_id, channel, created_at, expires_at) values (?, ?, ?, ?, ?)`,
      [i.tokenHash, i.registrationId, i.channel, i.createdAt, i.expiresAt],
    );
  },

  /** The invitation of a token hash, locked (`for update`): one acceptance at a time. */
  async lockByTokenHash(sql: Sql, tokenHash: string): Promise<Invitation | undefined> {
    const [row] = await sql.query<InvitationRow>(`select * from invitations where token_hash = ? for update`, [
      tokenHash,
    ]);
    return row ? toInvitation(row) : undefined;
  },

  async markUsed(sql: Sql, tokenHash: string, usedAt: Date, customerId: string): Promise<void> {
    await sql.query(`update invitations set used_at = ?, used_by_customer_id = ? where token_hash = ?`, [
      usedAt,
      customerId,
      tokenHash,
    ]);
  },
};
