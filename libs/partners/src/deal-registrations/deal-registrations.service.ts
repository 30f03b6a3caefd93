import { Injectable } from '@nestjs/common';
import { NotFoundError, type Sql } from '@pps/platform';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AssociationsRepository } from '../associations/associations.repository';
import { AssociationsService } from '../associations/associations.service';
import { CustomersRepository } from '../customers/customers.repository';
import { OrdersRepository } from '../orders/orders.repository';
import { PartnersRepository } from '../partners/partners.repository';
import { CUSTOMER, PARTNER } from '../shared/errors';
import { loadOwnedRegistration } from '../shared/partner-scope';
import { PolicyGate } from '../shared/policy-gate';
import type { RequestContext } from '../shared/request-context';
import { iso, isoOrNull } from '../shared/sql';
import { TransactionRunner } from '../shared/transaction-runner';
import { DEAL_REGISTRATION_CONTRACT } from './deal-registration.contract';
import {
  type DealRegistration,
  DealRegistrationsRepository,
  InvitationsRepository,
} from './deal-registrations.repository';

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
      if (!(await PartnersRepository.exists(tx, cmd.partnerId))) throw new NotFoundError(PARTNER, cmd.partnerId);
      await DealRegistrationsRepository.lockProspect(tx, cmd.prospect.taxId);
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
      const registration = await DealRegistrationsRepository.insertPending(tx, {
        id,
        partnerId: cmd.partnerId,
        prospectName: cmd.prospect.name,
        taxId: cmd.prospect.taxId,
        createdAt: d.decidedAt,
      });
      return { ...registrationView(registration), decision_id: d.decisionId };
    });
  }

  approve(ctx: RequestContext, id: string) {
    return this.runner.run(ctx, { operation: 'deal-registration.approve', input: { id } }, async (tx) => {
      const found = await loadOwnedRegistration(tx, ctx.caller, id);
      await DealRegistrationsRepository.lockProspect(tx, found.taxId);
      const reg = (await DealRegistrationsRepository.find(tx, id, { lock: true }))!;
      const now = this.gate.now();
      const d = await this.gate.decide(
        tx,
        ctx,
        DEAL_REGISTRATION_CONTRACT,
        {
          operation: 'approve',
          now: now.toISOString(),
          registrationStatus: reg.status,
          otherPartnerApprovedAt: await this.otherApprovedAt(tx, reg.taxId, reg.partnerId),
        },
        { operation: 'deal-registration.approve', partnerId: reg.partnerId, registrationId: id },
        { movesMoney: false },
      );
      const expiresAt = new Date(d.decidedAt.getTime() + d.parameters.registrationValidityDays * DAY_MS);
      const approved = await DealRegistrationsRepository.approve(tx, id, d.decidedAt, expiresAt);
      return { ...registrationView(approved), decision_id: d.decisionId };
    });
  }

  invite(ctx: RequestContext, registrationId: string, channel: 'online' | 'offline') {
    return this.runner.run(
      ctx,
      { operation: 'deal-registration.invite', input: { registrationId, channel } },
      async (tx) => {
        const reg = await loadOwnedRegistration(tx, ctx.caller, registrationId);
        const now = this.gate.now();
        const d = await this.gate.decide(
          tx,
          ctx,
          DEAL_REGISTRATION_CONTRACT,
          {
            operation: 'invite',
            now: now.toISOString(),
            registrationStatus: reg.status,
            approvedAt: isoOrNull(reg.approvedAt),
            invitationChannel: channel,
          },
          { operation: 'deal-registration.invite', partnerId: reg.partnerId, registrationId, channel },
          { movesMoney: false },
        );
        // The token is a bearer secret for the customer: only its hash is stored.
        const token = randomBytes(24).toString('base64url');
        const expiresAt =
          channel === 'online'
            ? new Date(d.decidedAt.getTime() + d.parameters.onlineInvitationValidityDays * DAY_MS)
            : null;
        await InvitationsRepository.insert(tx, {
          tokenHash: hashToken(token),
          registrationId,
          channel,
          createdAt: d.decidedAt,
          expiresAt,
        });
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
        const invitation = await InvitationsRepository.lockByTokenHash(tx, hashToken(token));
        if (!invitation) throw new NotFoundError('Invitation', 'token');
        const reg = (await DealRegistrationsRepository.find(tx, invitation.registrationId))!;
        const customer = await CustomersRepository.find(tx, cmd.customerId);
        if (!customer) throw new NotFoundError(CUSTOMER, cmd.customerId);
        const assoc = await AssociationsRepository.activeOf(tx, cmd.customerId);
        const cashSpending = await OrdersRepository.hasCashSpending(tx, cmd.customerId);
        const now = this.gate.now();
        const d = await this.gate.decide(
          tx,
          ctx,
          DEAL_REGISTRATION_CONTRACT,
          {
            operation: 'accept',
            now: now.toISOString(),
            registrationStatus: reg.status,
            approvedAt: isoOrNull(reg.approvedAt),
            invitationChannel: invitation.channel,
            invitationCreatedAt: iso(invitation.createdAt),
            invitationUsed: invitation.usedAt !== null,
            customerCreatedAt: iso(customer.createdAt),
            customerHasCashSpending: cashSpending,
            customerMatchesRegistration: customer.taxId !== null && customer.taxId === reg.taxId,
            customerAssociatedWithOtherPartner: assoc !== undefined && assoc.partnerId !== reg.partnerId,
            otherPartnerApprovedAt: await this.otherApprovedAt(tx, reg.taxId, reg.partnerId),
          },
          {
            operation: 'invitation.accept',
            partnerId: reg.partnerId,
            customerId: cmd.customerId,
            registrationId: reg.id,
            channel: invitation.channel,
          },
          { movesMoney: false },
        );
        const association = await this.associations.associateIn(tx, ctx, {
          partnerId: reg.partnerId,
          customerId: cmd.customerId,
          mode: cmd.mode,
        });
        await InvitationsRepository.markUsed(tx, invitation.tokenHash, d.decidedAt, cmd.customerId);
        return {
          associationId: association.id,
          registrationId: reg.id,
          mode: association.mode,
          decision_id: association.decision_id,
          registration_decision_id: d.decisionId,
        };
      },
    );
  }

  async get(ctx: RequestContext, id: string) {
    return registrationView(await loadOwnedRegistration(this.runner.reader(), ctx.caller, id));
  }

  /** When another partner's registration of this prospect was last approved (the rule judges if it is still live). */
  private async otherApprovedAt(tx: Sql, taxId: string, partnerId: string): Promise<string | null> {
    return isoOrNull(await DealRegistrationsRepository.otherPartnerApprovedAt(tx, taxId, partnerId));
  }
}

function registrationView(r: DealRegistration) {
  return {
    id: r.id,
    partnerId: r.partnerId,
    prospect: { name: r.prospectName, taxId: r.taxId },
    status: r.status,
    createdAt: iso(r.createdAt),
    approvedAt: isoOrNull(r.approvedAt),
    expiresAt: isoOrNull(r.expiresAt),
  };
}
