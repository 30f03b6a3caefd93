import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '../errors/domain.error';
import { PLATFORM_ERROR, PLATFORM_ERROR_OF_STATUS } from '../errors/platform.errors';

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
    // A status the catalogue has no answer for (a framework's 406, 411 …) keeps its number in the code.
    const known = PLATFORM_ERROR_OF_STATUS[status] ?? {
      code: `PPS.0${status}`,
      messages: { zh: '请求错误', en: 'Bad request' },
    };
    const message = messageOf(error);
    const body: ErrorEnvelope = {
      error_code: known.code,
      error_msg: zh ? known.messages.zh : (message ?? known.messages.en),
    };
    if (zh && message) body.details = { message };
    return { status, body };
  }
  const known = status === 503 ? PLATFORM_ERROR.unavailable : PLATFORM_ERROR.internal;
  return {
    status: status === 503 ? 503 : 500,
    body: { error_code: known.code, error_msg: known.messages[zh ? 'zh' : 'en'] },
  };
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
