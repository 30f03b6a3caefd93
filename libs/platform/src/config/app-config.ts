import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import * as path from 'node:path';
import { BANK_ANSWER_CODES } from '../errors/platform.errors';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** What the simulated bank can be told to answer, in order, one per attempt (then: settled). */
export const BANK_SIMULATOR_ANSWERS = [
  'settled',
  BANK_ANSWER_CODES.retryable,
  BANK_ANSWER_CODES.final,
  'hang-after-settle',
] as const;
const BANK_ANSWER = BANK_SIMULATOR_ANSWERS.map((a) => a.replace('.', '\\.')).join('|');
const BANK_SCRIPT_PATTERN = new RegExp(`^(${BANK_ANSWER})(,(${BANK_ANSWER}))*$`);

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/**
 * Every setting the service reads from the environment, with its rule. README's configuration table
 * lists the same names; a wrong value stops the start with a message naming the variable.
 */
class EnvironmentVariables {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  HOST?: string;

  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_APP_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_APP_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  RULES_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86_400_000)
  BANK_RETRY_DELAY_MS?: number;

  @IsOptional()
  @IsString()
  @Matches(BANK_SCRIPT_PATTERN, {
    message: `BANK_SIMULATOR_SCRIPT must be a comma-separated list of ${BANK_SIMULATOR_ANSWERS.join(', ')}`,
  })
  BANK_SIMULATOR_SCRIPT?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  POLICY_STALE_AFTER_S?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(2)
  ACTIVATION_APPROVALS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKERS?: number;
}

export interface AppConfig {
  port: number;
  host: string;
  /** Unset means: start the embedded PostgreSQL under `dataDir/postgres`. */
  databaseUrl?: string;
  /** The service's own connection (role `pps_app`: no UPDATE/DELETE on the logs); unset → DATABASE_URL. */
  databaseAppUrl?: string;
  dataDir: string;
  adminApiKey?: string;
  logLevel: LogLevel;
  bodyLimitBytes: number;
  dbPoolSize: number;
  rulesDir: string;
  /** Requests per minute per API key; 0 switches rate limiting off. */
  rateLimitPerMinute: number;
  /** Delay before a bank transfer that failed with a retryable code (or got no answer) is sent again. */
  bankRetryDelayMs: number;
  /** The simulated bank's answers, one per attempt in order (empty: it settles every transfer). */
  bankSimulatorScript: string[];
  /** An instance that has not heard the activation channel (nor read the store) for longer fails gated operations closed. */
  policyStaleAfterS: number;
  /** 1: an admin activates alone; 2: activations and rollbacks are change requests a second admin approves. */
  activationApprovals: number;
  /** HTTP worker processes on the one port (node:cluster); 1: the process serves itself. */
  workers: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once; throws ConfigError naming every wrong setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(new EnvironmentVariablesKeys())) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(parsed, { whitelist: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map(
        (e) => `${e.property}=${JSON.stringify(raw[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`,
      ),
    );
  }
  return {
    port: parsed.PORT ?? 3000,
    host: parsed.HOST ?? '127.0.0.1',
    databaseUrl: parsed.DATABASE_URL,
    databaseAppUrl: parsed.DATABASE_APP_URL,
    dataDir: path.resolve(parsed.DATA_DIR ?? '.data'),
    adminApiKey: parsed.ADMIN_API_KEY,
    logLevel: parsed.LOG_LEVEL ?? 'info',
    bodyLimitBytes: parsed.BODY_LIMIT_BYTES ?? 1024 * 1024,
    dbPoolSize: parsed.DB_POOL_SIZE ?? 20,
    rulesDir: path.resolve(parsed.RULES_DIR ?? 'rules'),
    rateLimitPerMinute: parsed.RATE_LIMIT_PER_MINUTE ?? 60_000,
    bankRetryDelayMs: parsed.BANK_RETRY_DELAY_MS ?? 30_000,
    bankSimulatorScript: parsed.BANK_SIMULATOR_SCRIPT ? parsed.BANK_SIMULATOR_SCRIPT.split(',') : [],
    policyStaleAfterS: parsed.POLICY_STALE_AFTER_S ?? 30,
    activationApprovals: parsed.ACTIVATION_APPROVALS ?? 1,
    workers: parsed.WORKERS ?? 1,
  };
}

/** The names of the settings, for reading only those from the environment. */
class EnvironmentVariablesKeys {
  PORT = 0;
  HOST = 0;
  DATABASE_URL = 0;
  DATABASE_APP_URL = 0;
  DATA_DIR = 0;
  ADMIN_API_KEY = 0;
  LOG_LEVEL = 0;
  BODY_LIMIT_BYTES = 0;
  DB_POOL_SIZE = 0;
  RULES_DIR = 0;
  RATE_LIMIT_PER_MINUTE = 0;
  BANK_RETRY_DELAY_MS = 0;
  BANK_SIMULATOR_SCRIPT = 0;
  POLICY_STALE_AFTER_S = 0;
  ACTIVATION_APPROVALS = 0;
  WORKERS = 0;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
