import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '../errors/domain.error';

export interface ErrorEnvelope {
  error_code: string;
  error_msg: string;
  details?: unknown;
  decision_id?: string;
}

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(payload: unknown): unknown;
  sent?: boolean;
}

const HTTP_CODES: Record<number, { code: string; zh: string; en: string }> = {
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
  503: { code: 'PPS.0503', zh: '服务暂不可用', en: 'Service unavailable' },
};

/**
 * Maps any error to the envelope of API.md, with `error_msg` in the caller's language
 * (`Accept-Language: zh…` → Chinese, else English). Domain errors carry their own status and code;
 * framework errors (unknown route, body parse errors, too large) get a code by status; anything
 * else is a 500 that is logged with its stack and never shows internals to the client.
 */
export function toEnvelope(error: unknown, acceptLanguage?: string): { status: number; body: ErrorEnvelope } {
  const zh = typeof acceptLanguage === 'string' && /^zh\b/i.test(acceptLanguage.trim());
  if (error instanceof DomainError) {
    const body: ErrorEnvelope = { error_code: error.code, error_msg: zh ? error.messages.zh : error.messages.en };
    if (error.details !== undefined) body.details = error.details;
    if (error.decisionId !== undefined) body.decision_id = error.decisionId;
    return { status: error.status, body };
  }
  const status = statusOf(error);
  if (status !== undefined && status < 500) {
    const known = HTTP_CODES[status] ?? { code: `PPS.0${status}`, zh: '请求错误', en: 'Bad request' };
    const message = messageOf(error);
    const body: ErrorEnvelope = { error_code: known.code, error_msg: zh ? known.zh : (message ?? known.en) };
    if (zh && message) body.details = { message };
    return { status, body };
  }
  if (status === 503) {
    return { status, body: { error_code: 'PPS.0503', error_msg: zh ? HTTP_CODES[503].zh : HTTP_CODES[503].en } };
  }
  return { status: 500, body: { error_code: 'PPS.0500', error_msg: zh ? '内部错误' : 'Internal error' } };
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const s = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : undefined;
}

function messageOf(error: unknown): string | undefined {
  if (error instanceof HttpException) {
    const r = error.getResponse();
    if (typeof r === 'string') return r;
    const m = (r as { message?: unknown }).message;
    return Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : error.message;
  }
  return error instanceof Error ? error.message : undefined;
}

@Catch()
export class EnvelopeExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<ReplyLike>();
    const request = http.getRequest<{
      headers: Record<string, string | undefined>;
      id?: string;
      method?: string;
      url?: string;
    }>();
    const { status, body } = toEnvelope(exception, request.headers['accept-language']);
    if (status >= 500) {
      const detail = exception instanceof Error ? (exception.stack ?? exception.message) : JSON.stringify(exception);
      this.logger.error(
        `${request.method} ${request.url} (request ${request.id}) failed with an internal error: ${detail}`,
      );
    }
    if (reply.sent) return;
    reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
