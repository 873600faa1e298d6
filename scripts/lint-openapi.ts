/**
 * `npm run lint:openapi`: builds the API's OpenAPI document without a database or a listening
 * socket, writes it to a temporary file and runs `redocly lint --extends recommended` on it.
 * Exits with redocly's status: non-zero when the document has errors (warnings are printed only).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../src/app/openapi-document.ts';

const dir = mkdtempSync(join(tmpdir(), 'omnify-openapi-'));
const file = join(dir, 'openapi.json');
try {
  writeFileSync(file, JSON.stringify(await buildOpenApiDocument(), null, 2));
  const bin = join(import.meta.dirname, '..', 'node_modules', '.bin', 'redocly');
  const run = spawnSync(bin, ['lint', '--extends', 'recommended', file], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
