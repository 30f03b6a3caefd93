import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { DecisionLogService } from './decision-log.service';
import { DecisionSealerService } from './decision-sealer.service';

/** The decision log: the writer (used by every gated use case), the sealer, and the auditors' service. */
@Module({
  providers: [DecisionLogService, DecisionSealerService, AuditService],
  exports: [DecisionLogService, DecisionSealerService, AuditService],
})
export class AuditModule {}
