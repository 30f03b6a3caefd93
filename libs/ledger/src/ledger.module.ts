import { Module } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository';
import { LedgerService } from './ledger.service';
import { TransfersQueryService } from './transfers-query.service';
import { TransfersRepository } from './transfers.repository';

@Module({
  providers: [AccountsRepository, TransfersRepository, LedgerService, TransfersQueryService],
  exports: [LedgerService, TransfersQueryService],
})
export class LedgerModule {}
