import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

export const SERVICE_MAIN = path.join(__dirname, '../../dist/apps/policy-service/src/main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the built service (`dist/`, as `npm start` does) as a child process on a loopback port. */
export async function spawnService(env: Record<string, string>, port?: number): Promise<ServiceProcess> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, [SERVICE_MAIN], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(p), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, port: p, baseUrl: `http://127.0.0.1:${p}`, output: () => out, exited };
}

/** Polls `GET /health` until 200, the process exits, or the time is up. */
export async function waitHealthy(service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void service.exited.then(() => (ended = true));
  while (Date.now() < deadline && !ended) {
    try {
      const res = await fetch(`${service.baseUrl}/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`service did not become healthy:\n${service.output().slice(-3000)}`);
}

export async function stopService(service: ServiceProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number> {
  const started = Date.now();
  if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill(signal);
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 15_000);
  await service.exited;
  clearTimeout(timer);
  return Date.now() - started;
}
