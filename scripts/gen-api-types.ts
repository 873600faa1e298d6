/**
 * `npm run gen:api`: writes web/src/api/schema.d.ts, the TypeScript types of the API generated from
 * the OpenAPI document (openapi-typescript), which the web app's client (openapi-fetch) is typed
 * with — the UI uses the same documented `/api/v1` as integrators, and cannot drift from it:
 * `src/app/web-api-types.test.ts` fails when the committed file differs from a fresh generation.
 * `--check` only compares and exits 1 when stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWebApiTypes } from '../src/app/web-api-types.ts';

const file = join(import.meta.dirname, '..', 'web', 'src', 'api', 'schema.d.ts');
const fresh = await generateWebApiTypes();
if (process.argv.includes('--check')) {
  const current = readFileSync(file, 'utf8');
  if (current !== fresh) {
    process.stderr.write('web/src/api/schema.d.ts is stale: run `npm run gen:api`.\n');
    process.exitCode = 1;
  }
} else {
  writeFileSync(file, fresh);
  process.stdout.write(`Wrote ${file}\n`);
}
