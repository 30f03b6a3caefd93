import { Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@pps/audit';
import { DecisionVisibility } from '@pps/partners';
import { type Caller, CurrentCaller, Roles } from '@pps/platform';
import { Readable } from 'node:stream';
import { UuidPipe } from '../shared/request-context.decorator';
import { ListDecisionsQueryDto, toWindow, WindowQueryDto } from './decisions.dto';

/** The decision log for auditors (a partner key reads its own partner's records only). */
@ApiTags('decisions')
@Controller('v1/decisions')
export class DecisionsController {
  constructor(
    private readonly audit: AuditService,
    private readonly visibility: DecisionVisibility,
  ) {}

  @Get()
  @Roles('admin', 'auditor', 'service', 'partner')
  @ApiOperation({ summary: 'Decisions, newest first, filtered, by cursor (keyset on decision time and id)' })
  list(@Query() query: ListDecisionsQueryDto, @CurrentCaller() caller: Caller) {
    const { from: _from, to: _to, ...filters } = query;
    return this.audit.list(caller, { ...filters, ...toWindow(query) });
  }

  // Declared before `:id`, which is a UUID anyway.
  @Get('verify')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: 'Seal what is committed, then walk the hash chain: { ok, checked, pending, firstBrokenId? }',
  })
  verify(@Query() query: WindowQueryDto) {
    return this.audit.verify(toWindow(query));
  }

  @Get('export')
  @Roles('admin', 'auditor')
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary:
      'The records of a window as NDJSON, each with its chain fields, for offline verification (README: Auditing)',
  })
  export(@Query() query: WindowQueryDto): StreamableFile {
    return new StreamableFile(Readable.from(this.audit.exportNdjson(toWindow(query))), {
      type: 'application/x-ndjson; charset=utf-8',
      disposition: 'attachment; filename="decisions.ndjson"',
    });
  }

  @Get(':id')
  @Roles('admin', 'auditor', 'service', 'partner')
  @ApiOperation({
    summary: 'One full record: facts, version and content hash, outcome, reasons, results, subject, chain fields',
  })
  async get(@Param('id', UuidPipe) id: string, @CurrentCaller() caller: Caller) {
    const record = await this.audit.get(caller, id);
    // A partner key sees the facts of a decision about a customer not its own only as its rule set allows.
    return caller.role === 'partner' ? this.visibility.forPartner(record, caller.partnerId!) : record;
  }

  @Post(':id/replay')
  @HttpCode(200)
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: 'Re-evaluate the stored facts with the exact version (by content hash) and compare; writes nothing',
  })
  replay(@Param('id', UuidPipe) id: string) {
    return this.audit.replay(id);
  }
}
