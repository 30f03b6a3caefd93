import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MetricsService } from '../observability/metrics.service';
import { BadInputError } from '../errors/platform.errors';
import { toEnvelope } from './exception.filter';
import { checkStrictInput } from './strict-input';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Fastify options every instance uses: body limit, request ids from `X-Request-Id` or new. */
export function fastifyOptions(bodyLimitBytes: number) {
  return {
    bodyLimit: bodyLimitBytes,
    // Prototype-pollution keys in a JSON body are refused as a parse error (400).
    onProtoPoisoning: 'error' as const,
    onConstructorPoisoning: 'error' as const,
    // Errors of fastify's router itself (e.g. a path parameter over its length limit → 414) come
    // before any handler: they get the envelope here.
    frameworkErrors: (
      error: { statusCode?: number; message: string },
      request: FastifyRequest,
      reply: FastifyReply,
    ) => {
      const { status, body } = toEnvelope(error, request.headers['accept-language']);
      void reply.code(status).send(body);
    },
    // Errors Node's HTTP parser raises before fastify has a request (headers over 16 KB → 431,
    // Transfer-Encoding with Content-Length or other broken framing → 400) get the envelope too.
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      if (error.code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
      const message =
        status === 431
          ? 'Request header fields too large'
          : status === 414
            ? 'URI too long'
            : 'Malformed HTTP request (framing: Transfer-Encoding and Content-Length, or a broken header)';
      const body = JSON.stringify(toEnvelope({ statusCode: status, message }).body);
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      req.headers['x-request-id'] = id; // so the request logger reads the same id
      return id;
    },
  };
}

/**
 * What the HTTP app needs beyond Nest's modules: JSON-only bodies, request ids on responses,
 * request metrics, the error envelope for errors raised before Nest sees a request, and the
 * OpenAPI document at `/docs` and `/docs-json` (public like `/health`: the contract holds no data;
 * the UI's Authorize button takes the bearer key for Try it out).
 */
export function configureApp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);

  // Errors fastify raises itself (body parsing, body too large, unsupported media type) get the
  // envelope too, also on routes registered outside Nest (the console's static files).
  fastify.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toEnvelope(error, request.headers['accept-language']);
    if (status >= 500) request.log.error({ err: error }, 'request failed with an internal error');
    void reply.status(status).send(body);
  });
  // JSON only: a text/plain body would otherwise reach the handlers as a string.
  fastify.removeContentTypeParser(['text/plain']);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('x-request-id', request.id);
  });
  // Strict input, one mechanism for every route (see strict-input.ts): a body is JSON or nothing
  // (415 otherwise, form-urlencoded included), a JSON body is an object (`null`, a bare string or
  // number → 400), and no string or key anywhere holds NUL, a lone surrogate or a prototype name.
  fastify.addHook('preValidation', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    try {
      const hasBody =
        request.body !== undefined ||
        Number(request.headers['content-length'] ?? 0) > 0 ||
        request.headers['transfer-encoding'] !== undefined;
      if (hasBody) {
        const type = String(request.headers['content-type'] ?? '')
          .split(';')[0]
          .trim()
          .toLowerCase();
        if (type !== 'application/json') {
          throw Object.assign(new Error('Unsupported content type: send application/json'), { statusCode: 415 });
        }
        if (request.body === null || typeof request.body !== 'object') {
          throw new BadInputError('Invalid request: the body must be a JSON object', [
            { field: '', problems: ['must be a JSON object'] },
          ]);
        }
      }
      checkStrictInput({ query: request.query, params: request.params, body: request.body });
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Partner policy service')
      .setDescription('Partner-program money rules as versioned data, evaluated inside the ledger transaction.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
