import { type Sql } from '@pps/platform';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@pps/platform';
import { createHash, randomBytes } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { AssociationsService } from '../associations/associations.service';
import { CustomerNotFoundError, NotYourPartnerError, PartnerNotFoundError } from '../shared/errors';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { iso, isoOrNull } from '../shared/sql';
import { TransactionRunner } from '../shared/transaction-runner';
import { DEAL_REGISTRATION_CONTRACT } from './deal-registration.contract';

interface RegistrationRow {
  id: string;
  partner_id: string;
  prospect_name: string;
  tax_id: string;
  status: 'pending' | 'approved' | 'rejected';
  created_at: Date | string;
  approved_at: Date | string | null;
  expires_at: Date | string | null;
}

interface InvitationRow {
  token_hash: string;
  registration_id: string;
  channel: 'online' | 'offline';
  created_at: Date | string;
  expires_at: Date | string | null;
  used_at: Date | string | null;
}

const DAY_MS = 86_400_000;

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Deal registration (报备客户): register (pending) → approve (exclusive for 15 days) → invitation
 * links (online: 7 days; offline: no expiry; each used once) → accept, which associates the customer
 * through the `association` rule set as well. Every step is a `deal-registration` decision on
 * instants from the injected clock — expiry is computed, never a background job.
 */
@Injectable()
export class DealRegistrationsService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly gate: PolicyGate,
    private readonly associations: AssociationsService,
  ) {}

  register(ctx: RequestContext, cmd: { partnerId: string; prospect: { name: string; taxId: string } }) {
    return this.runner.run(ctx, { operation: 'deal-registration.register', input: cmd }, async (tx) => {
      const [partner] = await tx.query<{ id: string }>(`select id from partners where id = ?`, [cmd.partnerId]);
      if (!partner) throw new PartnerNotFoundError(cmd.partnerId);
      await this.lockProspect(tx, cmd.prospect.taxId);
      const now = this.gate.now();
      const d = await this.gate.decide(
        tx,
        ctx,
        DEAL_REGISTRATION_CONTRACT,
        {
          operation: 'register',
          now: now.toISOString(),
          otherPartnerApprovedAt: await this.otherApprovedAt(tx, cmd.prospect.taxId, cmd.partnerId),
        },
        { operation: 'deal-registration.register', partnerId: cmd.partnerId, taxId: cmd.prospect.taxId },
        { movesMoney: false },
      );
      const id = randomUUID();
      const [row] = await tx.query<RegistrationRow>(
        `insert into deal_registrations (id, partner_id, prospect_name, tax_id, status, created_at) values (?, ?, ?, ?, 'pending', ?) returning *`,
        [id, cmd.partnerId, cmd.prospect.name, cmd.prospect.taxId, d.decidedAt],
      );
      return { ...registrationView(row), decision_id: d.decisionId };
    });
  }

  approve(ctx: RequestContext, id: string) {
    return this.runner.run(ctx, { operation: 'deal-registration.approve', input: { id } }, async (tx) => {
      const found = await this.registration(tx, ctx, id);
      await this.lockProspect(tx, found.tax_id);
      const [reg] = await tx.query<RegistrationRow>(`select * from deal_registrations where id = ? for update`, [id]);
      const now = this.gate.now();
      const d = await this.gate.decide(
        tx,
        ctx,
        DEAL_REGISTRATION_CONTRACT,
        {
          operation: 'approve',
          now: now.toISOString(),
          registrationStatus: reg.status,
          otherPartnerApprovedAt: await this.otherApprovedAt(tx, reg.tax_id, reg.partner_id),
        },
        { operation: 'deal-registration.approve', partnerId: reg.partner_id, registrationId: id },
        { movesMoney: false },
      );
      const expiresAt = new Date(d.decidedAt.getTime() + d.parameters.registrationValidityDays * DAY_MS);
      const [row] = await tx.query<RegistrationRow>(
        `update deal_registrations set status = 'approved', approved_at = ?, expires_at = ? where id = ? returning *`,
        [d.decidedAt, expiresAt, id],
      );
      return { ...registrationView(row), decision_id: d.decisionId };
    });
  }

  invite(ctx: RequestContext, registrationId: string, channel: 'online' | 'offline') {
    return this.runner.run(
      ctx,
      { operation: 'deal-registration.invite', input: { registrationId, channel } },
      async (tx) => {
        const reg = await this.registration(tx, ctx, registrationId);
        const now = this.gate.now();
        const d = await this.gate.decide(
          tx,
          ctx,
          DEAL_REGISTRATION_CONTRACT,
          {
            operation: 'invite',
            now: now.toISOString(),
            registrationStatus: reg.status,
            approvedAt: isoOrNull(reg.approved_at),
            invitationChannel: channel,
          },
          { operation: 'deal-registration.invite', partnerId: reg.partner_id, registrationId, channel },
          { movesMoney: false },
        );
        // The token is a bearer secret for the customer: only its hash is stored.
        const token = randomBytes(24).toString('base64url');
        const expiresAt =
          channel === 'online'
            ? new Date(d.decidedAt.getTime() + d.parameters.onlineInvitationValidityDays * DAY_MS)
            : null;
        await tx.query(
          `insert into invitations (token_hash, registration_id, channel, created_at, expires_at) values (?, ?, ?, ?, ?)`,
          [hashToken(token), registrationId, channel, d.decidedAt, expiresAt],
        );
        return {
          token,
          channel,
          registrationId,
          expiresAt: expiresAt ? expiresAt.toISOString() : null,
          decision_id: d.decisionId,
        };
      },
    );
  }

  /**
   * The customer accepts a link: a `deal-registration` decision (link, registration, customer), then
   * the association itself through the `association` rule set. Both decisions are recorded; a denial
   * of either leaves the link unused.
   */
  accept(ctx: RequestContext, token: string, cmd: { customerId: string; mode: 'referral' | 'resale' }) {
    return this.runner.run(
      ctx,
      { operation: 'invitation.accept', input: { tokenHash: hashToken(token), ...cmd } },
      async (tx) => {
        const [invitation] = await tx.query<InvitationRow>(
          `select * from invitations where token_hash = ? for update`,
          [hashToken(token)],
        );
        if (!invitation) throw new NotFoundError('Invitation', 'token');
        const [reg] = await tx.query<RegistrationRow>(`select * from deal_registrations where id = ?`, [
          invitation.registration_id,
        ]);
        const [customer] = await tx.query<{ id: string; tax_id: string | null; created_at: Date | string }>(
          `select id, tax_id, created_at from customers where id = ?`,
          [cmd.customerId],
        );
        if (!customer) throw new CustomerNotFoundError(cmd.customerId);
        const [assoc] = await tx.query<{ partner_id: string }>(
          `select partner_id from associations where customer_id = ? and ended_at is null`,
          [cmd.customerId],
        );
        const [spending] = await tx.query<{ n: number }>(
          `select count(*)::int as n from orders where customer_id = ? and payment_method in ('online', 'balance')`,
          [cmd.customerId],
        );
        const now = this.gate.now();
        const d = await this.gate.decide(
          tx,
          ctx,
          DEAL_REGISTRATION_CONTRACT,
          {
            operation: 'accept',
            now: now.toISOString(),
            registrationStatus: reg.status,
            approvedAt: isoOrNull(reg.approved_at),
            invitationChannel: invitation.channel,
            invitationCreatedAt: iso(invitation.created_at),
            invitationUsed: invitation.used_at !== null,
            customerCreatedAt: iso(customer.created_at),
            customerHasCashSpending: spending.n > 0,
            customerMatchesRegistration: customer.tax_id !== null && customer.tax_id === reg.tax_id,
            customerAssociatedWithOtherPartner: assoc !== undefined && assoc.partner_id !== reg.partner_id,
            otherPartnerApprovedAt: await this.otherApprovedAt(tx, reg.tax_id, reg.partner_id),
          },
          {
            operation: 'invitation.accept',
            partnerId: reg.partner_id,
            customerId: cmd.customerId,
            registrationId: reg.id,
            channel: invitation.channel,
          },
          { movesMoney: false },
        );
        const association = await this.associations.associateIn(tx, ctx, {
          partnerId: reg.partner_id,
          customerId: cmd.customerId,
          mode: cmd.mode,
        });
        await tx.query(`update invitations set used_at = ?, used_by_customer_id = ? where token_hash = ?`, [
          d.decidedAt,
          cmd.customerId,
          invitation.token_hash,
        ]);
        return {
          associationId: association.id,
          registrationId: reg.id,
          mode: association.mode,
          decision_id: association.decision_id,
          registrationDecisionId: d.decisionId,
        };
      },
    );
  }

  async get(ctx: RequestContext, id: string) {
    return registrationView(await this.registration(this.runner.reader(), ctx, id));
  }

  private async registration(em: Sql, ctx: RequestContext, id: string): Promise<RegistrationRow> {
    const [row] = await em.query<RegistrationRow>(`select * from deal_registrations where id = ?`, [id]);
    if (!row) throw new NotFoundError('Deal registration', id);
    if (ctx.caller.role === 'partner' && ctx.caller.partnerId !== row.partner_id) throw new NotYourPartnerError();
    return row;
  }

  /** One registration decision per prospect at a time: two partners racing for it take turns. */
  private async lockProspect(tx: Sql, taxId: string): Promise<void> {
    await tx.query(`select pg_advisory_xact_lock(hashtextextended(?, 7241))`, [`deal-registration:${taxId}`]);
  }

  /** When another partner's registration of this prospect was last approved (the rule judges if it is still live). */
  private async otherApprovedAt(tx: Sql, taxId: string, partnerId: string): Promise<string | null> {
    const [row] = await tx.query<{ at: Date | string | null }>(
      `select max(approved_at) as at from deal_registrations where tax_id = ? and partner_id <> ? and status = 'approved'`,
      [taxId, partnerId],
    );
    return isoOrNull(row?.at ?? null);
  }
}

function registrationView(r: RegistrationRow) {
  return {
    id: r.id,
    partnerId: r.partner_id,
    prospect: { name: r.prospect_name, taxId: r.tax_id },
    status: r.status,
    createdAt: iso(r.created_at),
    approvedAt: isoOrNull(r.approved_at),
    expiresAt: isoOrNull(r.expires_at),
  };
}
