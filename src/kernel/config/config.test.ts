import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe('./data');
    expect(c.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('converts numbers and booleans from strings', () => {
    const c = loadConfig({ PORT: '9090', OMNIFY_WORKERS: 'false', BODY_LIMIT_BYTES: '2048' });
    expect(c.port).toBe(9090);
    expect(c.workers).toBe(false);
    expect(c.bodyLimitBytes).toBe(2048);
  });

  it('sizes the PostgreSQL pool from DATABASE_POOL_SIZE (10 by default) and refuses 0', () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('keeps 8 MB of hot pages by default (PAGE_CACHE_MB), none with 0, and refuses a negative size', () => {
    expect(loadConfig({}).pageCacheMb).toBe(8);
    expect(loadConfig({ PAGE_CACHE_MB: '0' }).pageCacheMb).toBe(0);
    expect(() => loadConfig({ PAGE_CACHE_MB: '-1' })).toThrow(/PAGE_CACHE_MB/);
  });

  it('reads secrets from *_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnify-cfg-'));
    writeFileSync(join(dir, 'key'), 'file-provided-api-key-0123456789\n');
    expect(loadConfig({ OMNIFY_API_KEY_FILE: join(dir, 'key') }).apiKey).toBe(
      'file-provided-api-key-0123456789',
    );
  });

  it('lists every problem with its variable name', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', OMNIFY_API_KEY: 'short' });
      expect.unreachable();
    } catch (e: any) {
      expect(e.code).toBe('OMNIFY_ERR_CONFIG_INVALID');
      const paths = e.details.fields.map((f: { path: string }) => f.path);
      expect(paths).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'OMNIFY_API_KEY']));
    }
  });

  it('checks INTEL_SCHEDULE with a cron parser and names the variable', () => {
    expect(loadConfig({ INTEL_SCHEDULE: '*/30 2-4 * * mon-fri' }).intelSchedule).toBe('*/30 2-4 * * mon-fri');
    expect(loadConfig({ INTEL_SCHEDULE: 'off' }).intelSchedule).toBe('off');
    for (const bad of ['99 3 * * *', '0 25 * * *', '0 3 * * someday']) {
      expect(() => loadConfig({ INTEL_SCHEDULE: bad }), bad).toThrow(
        expect.objectContaining({
          code: 'OMNIFY_ERR_CONFIG_INVALID',
          message: expect.stringMatching(/INTEL_SCHEDULE: is not a valid cron expression/),
        }),
      );
    }
  });
});

describe('docs/configuration.md', () => {
  it('documents every variable with its default', async () => {
    const { readFileSync } = await import('node:fs');
    const { REPO_ROOT } = await import('../../testing/fixtures.ts');
    const { CONFIG_ENV_NAMES, ConfigSchema } = await import('./config.ts');
    const { normalizeTables } = await import('../../testing/markdown.ts');
    const doc = normalizeTables(readFileSync(join(REPO_ROOT, 'docs/configuration.md'), 'utf8'));
    for (const [field, env] of Object.entries(CONFIG_ENV_NAMES)) {
      const def = (ConfigSchema.properties as Record<string, { default?: unknown }>)[field]?.default;
      const expected = def === undefined ? '—' : `\`${def}\``;
      expect(doc, env).toContain(`| \`${env}\` | ${expected} |`);
    }
  });
});

describe('CLV settings', () => {
  it('reads CLV_HORIZON_MONTHS and CLV_MONTHLY_DISCOUNT_RATE, with defaults, and refuses absurd values by name', () => {
    expect(loadConfig({})).toMatchObject({ clvHorizonMonths: 12, clvMonthlyDiscountRate: 0.01 });
    expect(loadConfig({ CLV_HORIZON_MONTHS: '24', CLV_MONTHLY_DISCOUNT_RATE: '0' })).toMatchObject({
      clvHorizonMonths: 24,
      clvMonthlyDiscountRate: 0,
    });
    expect(() => loadConfig({ CLV_MONTHLY_DISCOUNT_RATE: '0.9' })).toThrow(/CLV_MONTHLY_DISCOUNT_RATE/);
    expect(() => loadConfig({ CLV_HORIZON_MONTHS: '1e9' })).toThrow(/CLV_HORIZON_MONTHS/);
  });
});
