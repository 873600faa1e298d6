import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testing/fixtures.ts';
import { normalizeTables } from '../../testing/markdown.ts';
import { capabilityMatrix } from './capabilities.ts';

describe('docs/channels.md', () => {
  it('shows the capability matrix the adapters declare', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs/channels.md'), 'utf8');
    const m = /<!-- capability-matrix:start[^>]*-->\n([\s\S]*?)\n<!-- capability-matrix:end -->/.exec(doc);
    expect(normalizeTables(m?.[1] ?? '')).toBe(normalizeTables(capabilityMatrix()));
  });
});
