import fastifyStatic from '@fastify/static';
import { toEnvelope } from '@pps/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ConsoleNotBuiltError } from '../policy-service.errors';

/** The URL the console is served under; the Vite build uses the same base (apps/console/vite.config.ts). */
const CONSOLE_PREFIX = '/console';

/**
 * Where the built console is: `dist/console` of the repository, found by walking up from this file
 * (it runs from `apps/…` under jest and from `dist/apps/…` when built).
 */
export function defaultConsoleDir(from = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'apps')))
      return path.join(dir, 'dist', 'console');
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve('dist', 'console');
    dir = parent;
  }
}

// The console's pages only load their own scripts and styles and talk to this origin's /v1 API.
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** What is a (missing) file rather than a client route such as `/rule-sets/payment/versions/1.0.0`. */
const STATIC_FILE = /^assets\/|\.(?:m?js|css|map|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|txt|json|webmanifest|html)$/i;

/** A file name under the console folder: no `..`, no hidden files, no NUL, no backslashes. */
const SAFE_PATH = /^(?:[\w@-][\w.@-]*\/)*[\w@-][\w.@-]*$/;

/**
 * Serves the built console as public static files, outside Nest's router and so outside its
 * guards — on purpose: the files hold no data (the page asks the person for an API key and calls
 * the `/v1` API, which checks it). Only `GET/HEAD /console` and `/console/*` are added:
 *
 * - a file that exists under `dir` is sent (hashed `assets/*` cached for a year, the rest not cached);
 * - any other path without a file extension is a client-side route and gets `index.html`;
 * - a missing asset is 404, and a missing build is 404 with a message saying how to build it —
 *   in the service's error envelope, so the start never depends on the console being built.
 */
export async function registerConsoleRoutes(fastify: FastifyInstance, dir: string): Promise<void> {
  await fastify.register(fastifyStatic, { root: dir, serve: false });

  const sendError = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    const { status, body } = toEnvelope(error, request.headers['accept-language']);
    return reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  };

  const handler = async (request: FastifyRequest<{ Params: { '*'?: string } }>, reply: FastifyReply) => {
    if (!existsSync(path.join(dir, 'index.html'))) return sendError(request, reply, new ConsoleNotBuiltError());
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) void reply.header(name, value);
    const wanted = request.params['*'] ?? '';
    if (wanted !== '' && SAFE_PATH.test(wanted)) {
      const file = path.join(dir, wanted);
      if (isFile(file)) {
        const immutable = wanted.startsWith('assets/');
        return reply.sendFile(wanted, {
          immutable,
          maxAge: immutable ? 365 * 24 * 3600 * 1000 : 0,
          cacheControl: true,
        });
      }
    }
    if (STATIC_FILE.test(wanted)) {
      return sendError(request, reply, { statusCode: 404, message: `No such console file: ${wanted}` });
    }
    void reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  };

  fastify.get(CONSOLE_PREFIX, handler);
  fastify.get(`${CONSOLE_PREFIX}/*`, handler);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
