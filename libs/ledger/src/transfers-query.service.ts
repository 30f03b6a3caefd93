import { Injectable } from '@nestjs/common';
import { Database, NotFoundError } from '@pps/platform';
import { AccountsRepository } from './accounts.repository';
import type { TransferView } from './ledger.types';
import { TransfersRepository } from './transfers.repository';

/** Read-only views of the ledger's transfers, for auditors and the console (plain reads on the pool). */
@Injectable()
export class TransfersQueryService {
  constructor(
    private readonly db: Database,
    private readonly transfers: TransfersRepository,
    private readonly accounts: AccountsRepository,
  ) {}

  /** @throws NotFoundError */
  async get(id: string): Promise<TransferView> {
    const transfer = await this.transfers.findById(this.db, id);
    if (!transfer) throw new NotFoundError('Transfer', id);
    return transfer;
  }

  /**
   * The partner's most recent transfers (any leg on one of its accounts), newest first. A partner
   * the ledger has no account of does not exist: its accounts are opened in the transaction that
   * creates it.
   * @throws NotFoundError
   */
  async ofPartner(partnerId: string, limit: number): Promise<{ partnerId: string; items: TransferView[] }> {
    const accounts = await this.accounts.idsByOwner(this.db, 'partner', partnerId);
    if (accounts.size === 0) throw new NotFoundError('Partner', partnerId);
    return { partnerId, items: await this.transfers.recentOfOwner(this.db, 'partner', partnerId, limit) };
  }
}
