import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app';

const GENERATED = path.join(__dirname, '../../apps/console/src/api-schema.ts');
const GENERATOR = path.join(__dirname, '../../scripts/api-types.mjs');

/**
 * The console's API types (apps/console/src/api-schema.ts) are generated from the service's OpenAPI
 * document: this fails while they are stale. Regenerate with PPS_UPDATE_API_TYPES=1.
 */
describe("the console's API types are generated from the OpenAPI document", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('apps/console/src/api-schema.ts is current', async () => {
    const doc = await t.request('GET', '/docs-json');
    expect(doc.status).toBe(200);
    // openapi-typescript is ESM-only in parts; it runs in its own node process.
    const generated = spawnSync(process.execPath, [GENERATOR], { input: doc.text, encoding: 'utf8' });
    expect(generated.stderr).toBe('');
    expect(generated.status).toBe(0);
    if (process.env.PPS_UPDATE_API_TYPES === '1') writeFileSync(GENERATED, generated.stdout);
    let current = '';
    try {
      current = readFileSync(GENERATED, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== generated.stdout)
      throw new Error(
        'apps/console/src/api-schema.ts is stale: regenerate it with PPS_UPDATE_API_TYPES=1 npx jest test/e2e/console-api-types.e2e-spec.ts',
      );
  });
});
