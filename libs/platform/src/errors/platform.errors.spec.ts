import { HttpException } from '@nestjs/common';
import { toEnvelope } from '../http/exception.filter';
import { CatalogueError } from './domain.error';
import { NotFoundError, PLATFORM_ERROR, RoleForbiddenError } from './platform.errors';

describe('catalogue errors', () => {
  it('fill their placeholders in each language, a localized value by language', () => {
    const e = new CatalogueError(
      {
        code: 'PPS.9999',
        kind: 'conflict',
        messages: { zh: '{what}已{status}: {id}', en: '{what} is {status}: {id}' },
      },
      { params: { what: { zh: '请求', en: 'The request' }, status: { zh: '批准', en: 'approved' }, id: 7 } },
    );
    expect(e.messages).toEqual({ zh: '请求已批准: 7', en: 'The request is approved: 7' });
    expect(e.status).toBe(409);
  });

  it('leave an unknown placeholder as it is, and never fill inside a value', () => {
    const e = new CatalogueError(
      { code: 'PPS.9999', kind: 'bad_input', messages: { zh: '{a} {b}', en: '{a} {b}' } },
      { params: { a: '{b}' } },
    );
    expect(e.messages).toEqual({ zh: '{b} {b}', en: '{b} {b}' });
  });

  it('NotFoundError names the thing in each language, with its id under the field it names', () => {
    const partner = new NotFoundError({ zh: '合作伙伴', en: 'Partner', idField: 'partnerId' }, 'p1');
    expect([partner.code, partner.messages, partner.details]).toEqual([
      'PPS.0404',
      { zh: '合作伙伴不存在: p1', en: 'Partner not found: p1' },
      { partnerId: 'p1' },
    ]);
    const payout = new NotFoundError('Payout', 'x');
    expect([payout.messages, payout.details]).toEqual([
      { zh: 'Payout不存在: x', en: 'Payout not found: x' },
      { id: 'x' },
    ]);
  });

  it('RoleForbiddenError lists the allowed roles in English', () => {
    expect(new RoleForbiddenError('partner', ['admin', 'auditor']).messages).toEqual({
      zh: '角色 partner 无权调用此接口',
      en: 'Role partner may not call this route (allowed: admin, auditor)',
    });
  });
});

describe('the envelope of a framework error', () => {
  // What each status answered before the catalogue (#18): the same codes and messages.
  const BEFORE: Record<number, { code: string; zh: string; en: string }> = {
    400: { code: 'CBC.0100', zh: '参数错误', en: 'Bad request' },
    401: { code: 'PPS.0401', zh: '未认证', en: 'Unauthenticated' },
    403: { code: 'PPS.0403', zh: '无权限', en: 'Forbidden' },
    404: { code: 'PPS.0404', zh: '资源不存在', en: 'Not found' },
    405: { code: 'PPS.0405', zh: '方法不允许', en: 'Method not allowed' },
    409: { code: 'PPS.0409', zh: '冲突', en: 'Conflict' },
    413: { code: 'PPS.0413', zh: '请求体过大', en: 'Request body too large' },
    414: { code: 'PPS.0414', zh: '请求地址过长', en: 'URI too long' },
    415: { code: 'PPS.0415', zh: '不支持的内容类型', en: 'Unsupported content type: send application/json' },
    431: { code: 'PPS.0431', zh: '请求头过大', en: 'Request header fields too large' },
    429: { code: 'PPS.0429', zh: '请求过于频繁', en: 'Too many requests' },
  };

  it.each(Object.entries(BEFORE))('%s keeps its code and messages', (status, known) => {
    const error = { statusCode: Number(status) };
    expect(toEnvelope(error)).toEqual({
      status: Number(status),
      body: { error_code: known.code, error_msg: known.en },
    });
    expect(toEnvelope(error, 'zh-CN').body).toEqual({ error_code: known.code, error_msg: known.zh });
  });

  it('a status the catalogue has no answer for keeps its number; 503 and 500 have theirs', () => {
    expect(toEnvelope({ statusCode: 406 }).body.error_code).toBe('PPS.0406');
    expect(toEnvelope(new HttpException('down', 503))).toEqual({
      status: 503,
      body: { error_code: 'PPS.0503', error_msg: 'Service unavailable' },
    });
    expect(toEnvelope(new Error('boom'), 'zh')).toEqual({
      status: 500,
      body: { error_code: PLATFORM_ERROR.internal.code, error_msg: '内部错误' },
    });
  });
});
