import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyService } from '../auth/api-key.service';
import { MetricsService } from '../observability/metrics.service';
import { toEnvelope } from './exception.filter';

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
 * OpenAPI document at `/docs` (behind a key, like every route but `/health`).
 */
export function configureApp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  const keys = app.get(ApiKeyService);

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
    if (request.url === '/docs' || request.url.startsWith('/docs/') || request.url.startsWith('/docs-json')) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      const caller = match ? await keys.authenticate(match[1]) : undefined;
      if (!caller) {
        const { status, body } = toEnvelope({ statusCode: 401, message: 'The API documentation needs an API key' });
        return reply.status(status).send(body);
      }
    }
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
