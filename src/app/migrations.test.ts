/**
 * The modules' migrations as `migrate` applies them (src/kernel/db/migrate.ts): modules in the order
 * of MODULES, each module's by version. Checked without a database, on the SQL text: a statement
 * references, alters or indexes only tables created before it, so the order of MODULES is a
 * dependency order; and every file under src/modules/<module>/migrations/ is wired into its module.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planMigrations } from '../kernel/db/migrate.ts';
import type { ModuleMigration } from '../kernel/module.ts';
import { MODULES } from './modules.ts';

const MODULES_DIR = join(import.meta.dirname, '..', 'modules');

/** SQL without `--` comments, whitespace collapsed, lower case. */
const normalize = (sql: string) =>
  sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .toLowerCase();

/** Tables a statement needs to exist: referenced by a foreign key, altered, indexed or updated. */
function tablesUsed(sql: string): string[] {
  const s = normalize(sql);
  return [
    ...s.matchAll(/\breferences ([a-z_][a-z0-9_]*)/g),
    ...s.matchAll(/\balter table (?:if exists )?(?:only )?([a-z_][a-z0-9_]*)/g),
    ...s.matchAll(
      /\bcreate (?:unique )?index (?:if not exists )?[a-z_0-9]* ?on (?:only )?([a-z_][a-z0-9_]*)/g,
    ),
    ...s.matchAll(/\bupdate ([a-z_][a-z0-9_]*) set\b/g),
  ].map((m) => m[1]!);
}

const tableCreated = (sql: string) =>
  /^create table (?:if not exists )?([a-z_][a-z0-9_]*)/.exec(normalize(sql).trim())?.[1];

describe('module migrations', () => {
  const plan = planMigrations(MODULES);

  it('the SQL scan finds references, alters, indexes and updates', () => {
    expect(
      tablesUsed(`CREATE TABLE x (a uuid REFERENCES workspaces(id), b uuid REFERENCES  contacts (id))`),
    ).toEqual(['workspaces', 'contacts']);
    expect(tablesUsed('ALTER TABLE api_keys ADD CONSTRAINT c CHECK (true)')).toEqual(['api_keys']);
    expect(tablesUsed('CREATE UNIQUE INDEX i ON messages (a) WHERE b')).toEqual(['messages']);
    expect(tablesUsed(`UPDATE contacts SET demo = true`)).toEqual(['contacts']);
    expect(tableCreated('CREATE TABLE\n  segments (id int)')).toBe('segments');
  });

  it("never references a later module's table (MODULES is in dependency order)", () => {
    const createdBy = new Map<string, string>();
    const bad: string[] = [];
    for (const m of plan) {
      for (const sql of m.statements) {
        for (const t of tablesUsed(sql)) {
          const owner = createdBy.get(t) ?? (tableCreated(sql) === t ? m.module : undefined);
          if (!owner) bad.push(`${m.module}/${m.version} uses ${t} before it is created`);
        }
        const t = tableCreated(sql);
        if (t && createdBy.has(t)) bad.push(`${m.module}/${m.version} creates ${t} again`);
        if (t) createdBy.set(t, m.module);
      }
    }
    expect(bad).toEqual([]);
    expect(createdBy.size).toBeGreaterThan(20);
  });

  it('every module migration file is in its module, and every module migration has a file', async () => {
    const files: string[] = [];
    for (const module of readdirSync(MODULES_DIR)) {
      const dir = join(MODULES_DIR, module, 'migrations');
      let names: string[];
      try {
        names = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
      } catch {
        continue;
      }
      for (const f of names) {
        files.push(`${module}/${f}`);
        const { migration } = (await import(join(dir, f))) as { migration: ModuleMigration };
        const owner = MODULES.find((m) => m.name === module);
        expect(owner?.migrations, `${module}/${f}`).toContain(migration);
        // The file name carries the version: NNN-<name>.ts.
        expect(f, `${module}/${f}`).toBe(
          `${String(migration.version).padStart(3, '0')}-${migration.name}.ts`,
        );
      }
    }
    expect(files.length).toBe(plan.length);
  });
});
