import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { DecisionLogService } from './decision-log.service';
import { DecisionSealerService } from './decision-sealer.service';
import { ShadowLogService } from './shadow-log';

/** The decision log: the writer (used by every gated use case), the sealer, and the auditors' service. */
@Module({
  providers: [DecisionLogService, DecisionSealerService, AuditService, ShadowLogService],
  exports: [DecisionLogService, DecisionSealerService, AuditService, ShadowLogService],
})
export class AuditModule {}
