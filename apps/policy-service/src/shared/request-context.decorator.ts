import { createParamDecorator, type ExecutionContext, ParseUUIDPipe } from '@nestjs/common';
import { BadInputError, type CallerRequest } from '@pps/platform';
import type { RequestContext } from '@pps/partners';

/** The use case's view of the request: caller, request id, Idempotency-Key. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const req = ctx
    .switchToHttp()
    .getRequest<CallerRequest & { id?: string; headers: Record<string, string | string[] | undefined> }>();
  if (!req.caller) throw new Error('Ctx used on a public route');
  const key = req.headers['idempotency-key'];
  return { caller: req.caller, requestId: req.id, idempotencyKey: typeof key === 'string' ? key : undefined };
});

/** A path id that must be a UUID: anything else is 400 CBC.0100, not a database error. */
export const UuidPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new BadInputError('The id in the path must be a UUID', [{ field: 'id', problems: ['must be a UUID'] }]),
});
