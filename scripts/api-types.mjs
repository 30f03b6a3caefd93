// Reads the service's OpenAPI document (JSON) on stdin and prints the console's API types
// (apps/console/src/api-schema.ts): openapi-typescript, formatted with the repository's prettier
// config. Run by test/e2e/console-api-types.e2e-spec.ts, which fails while the file is stale.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '../apps/console/src/api-schema.ts');
const HEADER = `/**
 * Generated from the service's OpenAPI document (GET /docs-json) by openapi-typescript — do not edit.
 * Regenerate: PPS_UPDATE_API_TYPES=1 npx jest test/e2e/console-api-types.e2e-spec.ts
 * (npm test fails while this file is stale.)
 */
`;

let input = '';
for await (const chunk of process.stdin) input += chunk;
const source = HEADER + astToString(await openapiTS(JSON.parse(input)));
const options = (await prettier.resolveConfig(target)) ?? {};
process.stdout.write(await prettier.format(source, { ...options, filepath: target }));
