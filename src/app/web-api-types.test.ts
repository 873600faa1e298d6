import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWebApiTypes } from './web-api-types.ts';

describe('web app API types', () => {
  it('web/src/api/schema.d.ts matches the OpenAPI document (else run `npm run gen:api`)', async () => {
    const committed = readFileSync(
      join(import.meta.dirname, '..', '..', 'web', 'src', 'api', 'schema.d.ts'),
      'utf8',
    );
    const fresh = await generateWebApiTypes();
    expect(fresh.includes('"/api/v1/conversations"')).toBe(true);
    expect(committed === fresh, 'stale: run `npm run gen:api`').toBe(true);
  });
});
