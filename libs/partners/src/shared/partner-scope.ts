import { type Caller, NotFoundError, PartnerScopeError, type Sql } from '@pps/platform';
import { type Association, AssociationsRepository } from '../associations/associations.repository';
import {
  type DealRegistration,
  DealRegistrationsRepository,
} from '../deal-registrations/deal-registrations.repository';
import {
  type Incentive,
  IncentivesRepository,
  type Payout,
  PayoutsRepository,
} from '../incentives/incentives.repository';
import { type Voucher, VouchersRepository } from '../vouchers/vouchers.repository';

/**
 * The one partner-scope check inside the use cases (the guard's `@PartnerScope` checks what the
 * route names; this checks what the rows say): a partner key acts on its own partner's data only,
 * 403 PPS.0014 otherwise. Platform keys (admin, service, auditor) are not scoped. Use cases load
 * scoped rows through the `loadOwned…` loaders of their repositories, which call it.
 */
export function assertOwns(caller: Caller, partnerId: string | null | undefined): void {
  if (caller.role === 'partner' && caller.partnerId !== partnerId) throw new PartnerScopeError();
}

/** The incentive, 404 when there is none, 403 when it is another partner's; `lock`: `for update`. */
export async function loadOwnedIncentive(
  sql: Sql,
  caller: Caller,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Incentive> {
  const incentive = await IncentivesRepository.find(sql, id, options);
  if (!incentive) throw new NotFoundError('Incentive', id);
  assertOwns(caller, incentive.partnerId);
  return incentive;
}

/** The payout, 404 when there is none, 403 when it is another partner's. */
export async function loadOwnedPayout(sql: Sql, caller: Caller, id: string): Promise<Payout> {
  const payout = await PayoutsRepository.find(sql, id);
  if (!payout) throw new NotFoundError('Payout', id);
  assertOwns(caller, payout.partnerId);
  return payout;
}

/** The voucher, locked (`for update`); 404 when there is none, 403 when another partner issued it. */
export async function loadOwnedVoucher(sql: Sql, caller: Caller, id: string): Promise<Voucher> {
  const voucher = await VouchersRepository.lock(sql, id);
  if (!voucher) throw new NotFoundError('Voucher', id);
  assertOwns(caller, voucher.partnerId);
  return voucher;
}

/** The deal registration, 404 when there is none, 403 when it is another partner's. */
export async function loadOwnedRegistration(sql: Sql, caller: Caller, id: string): Promise<DealRegistration> {
  const registration = await DealRegistrationsRepository.find(sql, id);
  if (!registration) throw new NotFoundError('Deal registration', id);
  assertOwns(caller, registration.partnerId);
  return registration;
}

/** The association, 404 when there is none, 403 when it is another partner's (read without a lock). */
export async function loadOwnedAssociation(sql: Sql, caller: Caller, id: string): Promise<Association> {
  const association = await AssociationsRepository.find(sql, id);
  if (!association) throw new NotFoundError('Association', id);
  assertOwns(caller, association.partnerId);
  return association;
}
