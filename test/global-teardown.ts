import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const embedded = globalThis.__PPS_EMBEDDED__;
  if (!embedded) return;
  await embedded.pg.stop();
  rmSync(embedded.dir, { recursive: true, force: true });
  globalThis.__PPS_EMBEDDED__ = undefined;
}
