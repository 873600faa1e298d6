import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testing/fixtures.ts';
import { normalizeTables } from '../../testing/markdown.ts';
import { ERROR_CATALOG, OmnifyError } from './catalog.ts';

const doc = normalizeTables(readFileSync(join(REPO_ROOT, 'docs/errors.md'), 'utf8'));
const rows = [...doc.matchAll(/^\| `(OMNIFY_ERR_[A-Z_]+)` \| (\d{3}) \| (\w+) \|/gm)].map((m) => ({
  code: m[1]!,
  status: Number(m[2]),
  errorClass: m[3]!,
}));

describe('error catalog', () => {
  it('documents every code with its status and class, and nothing stale', () => {
    const documented = new Map(rows.map((r) => [r.code, r]));
    for (const [code, entry] of Object.entries(ERROR_CATALOG)) {
      expect(documented.get(code), `${code} missing from docs/errors.md`).toEqual({
        code,
        status: entry.status,
        errorClass: entry.errorClass,
      });
    }
    expect(rows.map((r) => r.code).sort()).toEqual(Object.keys(ERROR_CATALOG).sort());
  });

  it('answers clients with code and message only, never a stack', () => {
    const e = new OmnifyError(
      'OMNIFY_ERR_PLATFORM_REJECTED',
      undefined,
      { platformCode: '131047' },
      { cause: new Error('inner') },
    );
    const body = e.toResponse();
    expect(body).toEqual({
      error: {
        code: 'OMNIFY_ERR_PLATFORM_REJECTED',
        message: ERROR_CATALOG.OMNIFY_ERR_PLATFORM_REJECTED.message,
        details: { platformCode: '131047' },
      },
    });
    expect(JSON.stringify(body)).not.toContain('inner');
    expect(e.retryable).toBe(false);
    expect(new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT').retryable).toBe(true);
  });
});
