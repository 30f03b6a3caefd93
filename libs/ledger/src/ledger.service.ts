import { Injectable } from '@nestjs/common';
import { DEFAULT_CURRENCY, formatAmount, Money, type Sql } from '@pps/platform';
import Decimal from 'decimal.js';
import { AccountsRepository, lockedFromJson } from './accounts.repository';
import {
  BalanceOutOfRangeError,
  ExceedsFloorError,
  TransferWithoutDecisionError,
  UnbalancedTransferError,
} from './ledger.errors';
import {
  type AccountBalance,
  type AccountKind,
  type AccountRef,
  type LockedAccount,
  type OwnerType,
  PLATFORM_OWNER_ID,
  type PlatformAccountKind,
  type PostedLeg,
  type PostedTransfer,
  type TransferRequest,
} from './ledger.types';
import { TransfersRepository } from './transfers.repository';

/** Balances are NUMERIC(20,2): the absolute value must stay below 10^18. */
const BALANCE_LIMIT = new Decimal('1e18');

function byId(accounts: LockedAccount[]): Map<string, LockedAccount> {
  return new Map(accounts.map((a) => [a.id, a]));
}

/**
 * The only code that changes balances. Every method runs inside the caller's transaction (the
 * `Sql` it is given) and never commits: the use case commits the decision, the transfer and its
 * state change together, or nothing.
 *
 * Locking: every account a posting touches is locked with SELECT … FOR UPDATE in ascending id
 * order, so two postings over the same accounts queue instead of deadlocking or losing an update.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly transfers: TransfersRepository,
  ) {}

  /** Creates the account if missing (idempotent) and returns its id. */
  openAccount(sql: Sql, ref: AccountRef, floor: Decimal | null): Promise<string> {
    return this.accounts.open(sql, ref, floor === null ? null : formatAmount(floor));
  }

  /**
   * The platform's clearing account of `kind` (in `currency`, default the program's), opened if
   * missing, and its id. The platform's accounts have no floor.
   */
  platformAccount(sql: Sql, kind: PlatformAccountKind, currency: string = DEFAULT_CURRENCY): Promise<string> {
    return this.openAccount(sql, { ownerType: 'platform', ownerId: PLATFORM_OWNER_ID, kind, currency }, null);
  }

  /** Account ids by kind for one owner (no lock). */
  accountIds(sql: Sql, ownerType: OwnerType, ownerId: string): Promise<Map<AccountKind, string>> {
    return this.accounts.idsByOwner(sql, ownerType, ownerId);
  }

  /** @throws Error when the account does not exist */
  async accountId(sql: Sql, ref: AccountRef): Promise<string> {
    const id = await this.accounts.findId(sql, ref);
    if (id === null) throw new Error(`no ${ref.kind} account for ${ref.ownerType} ${ref.ownerId}`);
    return id;
  }

  /** Locks the accounts in ascending id order and returns their current state. @throws Error when one is missing */
  async lock(sql: Sql, accountIds: string[]): Promise<Map<string, LockedAccount>> {
    const locked = byId(await this.accounts.lock(sql, accountIds));
    const wanted = [...new Set(accountIds)];
    if (locked.size !== wanted.length)
      throw new Error(`accounts not found: ${wanted.filter((id) => !locked.has(id)).join(', ')}`);
    return locked;
  }

  /**
   * Finds and locks accounts by owner and kind in one statement (ascending id order), for the hot
   * paths that know whose accounts they need but not their ids. Throws if one is missing.
   */
  async lockOwned(sql: Sql, refs: AccountRef[]): Promise<{ ids: string[]; locked: Map<string, LockedAccount> }> {
    return LedgerService.owned(refs, await this.accounts.lockOwned(sql, refs));
  }

  /**
   * The accounts another library's statement locked through `lockOwnedSql` (one round trip with its
   * own reads), matched to `refs` in order. Throws if one is missing.
   */
  static lockedByRefs(refs: AccountRef[], json: unknown): { ids: string[]; locked: Map<string, LockedAccount> } {
    return LedgerService.owned(refs, lockedFromJson(json));
  }

  private static owned(
    refs: AccountRef[],
    rows: LockedAccount[],
  ): { ids: string[]; locked: Map<string, LockedAccount> } {
    const ids = refs.map((r) => {
      const currency = r.currency ?? DEFAULT_CURRENCY;
      const row = rows.find(
        (a) => a.ownerType === r.ownerType && a.ownerId === r.ownerId && a.kind === r.kind && a.currency === currency,
      );
      if (!row) throw new Error(`no ${r.kind} account for ${r.ownerType} ${r.ownerId}`);
      return row.id;
    });
    return { ids, locked: byId(rows) };
  }

  /** Balances of one owner's accounts by kind (a plain read, for answers and views). */
  balances(sql: Sql, ownerType: OwnerType, ownerId: string): Promise<Map<AccountKind, AccountBalance>> {
    return this.accounts.balances(sql, ownerType, ownerId);
  }

  /**
   * Posts a transfer: checks that it names its decision and double entry (legs sum to zero per
   * currency, none zero, at most two decimals), locks the accounts (ascending id; a no-op for rows
   * this transaction holds already), checks floors, then writes the transfer, its legs and the new
   * balances in one statement.
   * @throws TransferWithoutDecisionError, UnbalancedTransferError (bugs in the caller)
   * @throws ExceedsFloorError, BalanceOutOfRangeError
   */
  async post(sql: Sql, transfer: TransferRequest, locked?: Map<string, LockedAccount>): Promise<PostedTransfer> {
    if (!transfer.decisionId) throw new TransferWithoutDecisionError(transfer.id);
    if (transfer.legs.length < 2) throw new UnbalancedTransferError('a transfer needs at least two legs');
    for (const leg of transfer.legs) {
      if (leg.amount.isZero()) throw new UnbalancedTransferError('a leg of zero');
      if (leg.amount.decimalPlaces() > 2)
        throw new UnbalancedTransferError(`a leg with more than 2 decimals: ${leg.amount.toString()}`);
    }
    const ids = transfer.legs.map((l) => l.accountId);
    const accounts = locked && ids.every((id) => locked.has(id)) ? locked : await this.lock(sql, ids);

    // Double entry per currency: Money refuses to add amounts of two currencies.
    const sums = new Map<string, Money>();
    const next = new Map<string, Decimal>();
    for (const leg of transfer.legs) {
      const account = accounts.get(leg.accountId)!;
      const amount = Money.of(leg.amount, account.currency);
      sums.set(account.currency, (sums.get(account.currency) ?? Money.zero(account.currency)).plus(amount));
      next.set(account.id, (next.get(account.id) ?? account.balance).plus(leg.amount));
    }
    for (const [currency, sum] of sums) {
      if (!sum.isZero()) throw new UnbalancedTransferError(`legs in ${currency} sum to ${sum.amount.toString()}`);
    }
    for (const [id, balance] of next) {
      const account = accounts.get(id)!;
      if (account.floor !== null && balance.lessThan(account.floor)) {
        throw new ExceedsFloorError(id, account.kind, formatAmount(balance), formatAmount(account.floor));
      }
      if (balance.abs().greaterThanOrEqualTo(BALANCE_LIMIT)) throw new BalanceOutOfRangeError(id, account.kind);
    }

    const legs: PostedLeg[] = transfer.legs.map((leg) => ({
      accountId: leg.accountId,
      amount: formatAmount(leg.amount),
      currency: accounts.get(leg.accountId)!.currency,
    }));
    await this.transfers.insert(sql, transfer, legs, next);
    for (const [id, balance] of next) accounts.get(id)!.balance = balance;
    return { id: transfer.id, code: transfer.code, decisionId: transfer.decisionId, legs, balances: next };
  }
}
