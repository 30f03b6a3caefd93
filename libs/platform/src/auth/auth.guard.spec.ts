import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { EnvelopeExceptionFilter } from '../http/exception.filter';
import { ApiKeyService } from './api-key.service';
import { AuthGuard } from './auth.guard';
import type { Caller } from './caller';
import { PartnerScope, Public, Roles } from './roles.decorator';

const KEYS: Record<string, Caller> = {
  admin: { keyId: 'k1', role: 'admin' },
  service: { keyId: 'k2', role: 'service' },
  auditor: { keyId: 'k3', role: 'auditor' },
  partnerA: { keyId: 'k4', role: 'partner', partnerId: 'A' },
};

@Controller('t')
class ProbeController {
  @Get('open') @Public() open() {
    return { ok: true };
  }
  @Get('admin-only') adminOnly() {
    return { ok: true };
  }
  @Get('partners/:id')
  @Roles('admin', 'service', 'partner')
  @PartnerScope('param:id')
  partner(@Param('id') id: string) {
    return { id };
  }
  @Post('moves')
  @Roles('service', 'partner')
  @PartnerScope('body:partnerId')
  move(@Body() body: unknown) {
    return body;
  }
}

@Module({
  controllers: [ProbeController],
  providers: [
    { provide: ApiKeyService, useValue: { authenticate: (key: string) => Promise.resolve(KEYS[key]) } },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: EnvelopeExceptionFilter },
  ],
})
class ProbeModule {}

describe('AuthGuard', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const call = async (method: 'GET' | 'POST', url: string, key?: string, body?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      payload: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.statusCode, body: res.json() };
  };

  it('lets anyone call a @Public route', async () => {
    expect((await call('GET', '/t/open')).status).toBe(200);
  });

  it('treats a route without @Roles as admin-only', async () => {
    expect((await call('GET', '/t/admin-only', 'admin')).status).toBe(200);
    for (const key of ['service', 'auditor', 'partnerA']) {
      expect({ key, status: (await call('GET', '/t/admin-only', key)).status }).toEqual({ key, status: 403 });
    }
  });

  it('refuses a partner key acting on another partner (path param)', async () => {
    expect((await call('GET', '/t/partners/A', 'partnerA')).status).toBe(200);
    const other = await call('GET', '/t/partners/B', 'partnerA');
    expect(other.status).toBe(403);
    expect(other.body.error_code).toBe('PPS.0014');
  });

  it('refuses a partner key acting on another partner (body field), or naming none', async () => {
    expect((await call('POST', '/t/moves', 'partnerA', { partnerId: 'A' })).status).toBe(201);
    expect((await call('POST', '/t/moves', 'partnerA', { partnerId: 'B' })).status).toBe(403);
    expect((await call('POST', '/t/moves', 'partnerA', { amount: '1.00' })).status).toBe(403);
  });

  it('does not scope non-partner roles', async () => {
    expect((await call('GET', '/t/partners/B', 'service')).status).toBe(200);
  });

  it('answers 401 for no key and for an unknown key', async () => {
    expect((await call('GET', '/t/admin-only')).body.error_code).toBe('PPS.0011');
    expect((await call('GET', '/t/admin-only', 'nope')).body.error_code).toBe('PPS.0012');
  });
});
