import type { Type } from '@nestjs/common';
import type { DecisionWindow } from '@pps/audit';
import { adminKeyIdByHash, BadInputError, createValidationPipe, hashApiKey } from '@pps/platform';
import { toWindow, WindowQueryDto } from '@pps/policy-service';
import { type CliContext, CliUsageError } from './commands/cli-command';
import { cliConfig, type CliServices } from './database';

const pipe = createValidationPipe();

const optionName = (field: string): string => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * The command's input as the service's DTO of the same operation, validated by the service's own
 * pipe (one validation for HTTP and CLI: the same versions, reasons and instants are accepted). Every
 * problem is a usage error naming the option: `--effective-from must be an RFC 3339 instant …`.
 */
export async function validated<T extends object>(
  dto: Type<T>,
  input: Record<string, string | undefined>,
  type: 'body' | 'query' = 'body',
): Promise<T> {
  const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  try {
    return (await pipe.transform(given, { type, metatype: dto })) as T;
  } catch (e) {
    if (!(e instanceof BadInputError)) throw e;
    const details = Array.isArray(e.details) ? (e.details as Array<{ field: string; problems?: string[] }>) : [];
    const problems = details.flatMap((d) =>
      (d.problems ?? []).map((p) =>
        p.startsWith(d.field) ? optionName(d.field) + p.slice(d.field.length) : `${optionName(d.field)}: ${p}`,
      ),
    );
    throw new CliUsageError(problems.length > 0 ? problems.join('; ') : e.messages.en);
  }
}

/** `--from` / `--to`: RFC 3339 instants with an offset, exactly as the HTTP API's window query. */
export async function windowOf(options: Record<string, string | undefined>): Promise<DecisionWindow> {
  return toWindow(await validated(WindowQueryDto, { from: options.from, to: options.to }, 'query'));
}

/** Who a mutating command names in the history, as given: an admin key (`PPS_API_KEY`) or `--by`. */
export interface ActorInput {
  key?: string;
  by?: string;
}

/**
 * Checks, before any connection, that a mutating command says who runs it: `--by <admin key label
 * or id>` or the admin key itself in `PPS_API_KEY` (one of the two). Where a second admin must
 * approve (`keyOnly`: four eyes), only the key counts, since `--by` proves nothing.
 */
export function actorInput(
  context: CliContext,
  command: string,
  by: string | undefined,
  keyOnly = cliConfig(context).activationApprovals > 1,
): ActorInput {
  const key = context.env.PPS_API_KEY || undefined;
  if (keyOnly) {
    if (!key)
      throw new CliUsageError(
        `${command}: ACTIVATION_APPROVALS=2 (four eyes): set PPS_API_KEY to your admin key (it names you in the history${by ? '; --by does not prove who you are' : ''})`,
      );
    if (by) throw new CliUsageError(`${command}: with four eyes PPS_API_KEY names you; leave out --by`);
    return { key };
  }
  if (key && by) throw new CliUsageError(`${command}: give --by or PPS_API_KEY, not both`);
  if (!key && !by)
    throw new CliUsageError(
      `${command} needs --by <admin key label or id> or PPS_API_KEY=<your admin key>: the history names who did it`,
    );
  return key ? { key } : { by };
}

/**
 * The id of the admin key the actor names, as the HTTP API records `caller.keyId`: the usable admin
 * key of `PPS_API_KEY` (by its hash), or the one admin key (not revoked, not expired) whose label or
 * id is `--by`.
 */
export async function actorId(services: CliServices, actor: ActorInput): Promise<string> {
  if (actor.key !== undefined) {
    const id = await adminKeyIdByHash(services.db, hashApiKey(actor.key));
    if (id === undefined) throw new CliUsageError('PPS_API_KEY is not an admin key of this database');
    return id;
  }
  const name = actor.by as string;
  const now = Date.now();
  const matches = (await services.apiKeys.list()).filter(
    (k) =>
      k.role === 'admin' &&
      k.revokedAt === null &&
      (k.expiresAt === null || Date.parse(k.expiresAt) > now) &&
      (k.id === name || k.label === name),
  );
  if (matches.length === 1) return matches[0].id;
  throw new CliUsageError(
    matches.length === 0
      ? `--by ${name}: no admin key of this database has that label or id (an admin issues one: POST /v1/api-keys {"role":"admin","label":"${name}"})`
      : `--by ${name}: ${matches.length} admin keys have that label; give the key's id`,
  );
}
