/**
 * "A module reads and writes only its own tables; other modules go through its service"
 * (docs/architecture.md, Code layout). A static scan of the SQL in every non-test file of
 * src/modules/<module>/ and src/integrations/: the string and template literals are parsed with the
 * TypeScript compiler, and `INSERT INTO t`, `UPDATE t … SET`, `DELETE FROM t`, `TRUNCATE t` (writes)
 * and `FROM t`, `JOIN t` (reads) are matched against the table → module map below. Drizzle typed
 * queries count too: a table imported from a `*.schema.ts` file is written when passed to
 * `.insert(` / `.update(` / `.delete(`, read otherwise.
 *
 * - A write or a read of another module's table always fails: move it into the owner, behind its
 *   service (listings page over their own rows, then enrich the page with one batch call per owner:
 *   `channelSummaries`, `contactSummaries`, the contacts module's `ContactFacets` provider).
 * - Integrations touch no table at all: the module that uses them passes callbacks.
 * - Every table the migrations create has an owner here, and every exception is still needed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

/** Each table's owning module (pg-boss's own schema belongs to the queue and is not listed). */
const OWNER: Record<string, string> = {
  workspaces: 'workspaces',
  api_keys: 'workspaces',
  users: 'users',
  memberships: 'users',
  sessions: 'users',
  invitations: 'users',
  password_resets: 'users',
  channels: 'channels',
  sandbox_requests: 'channels',
  agents: 'agents',
  contacts: 'contacts',
  identities: 'contacts',
  segments: 'contacts',
  segment_members: 'contacts',
  contact_merges: 'contacts',
  contact_merge_suggestions: 'contacts',
  conversations: 'inbox',
  conversation_reads: 'inbox',
  messages: 'inbox',
  events: 'inbox',
  templates: 'templates',
  imports: 'intelligence',
  orders: 'intelligence',
  ad_accounts: 'intelligence',
  ad_campaigns: 'intelligence',
  ad_sets: 'intelligence',
  ads: 'intelligence',
  ad_daily_metrics: 'intelligence',
  ad_sync_runs: 'intelligence',
  model_runs: 'intelligence',
  model_results: 'intelligence',
  contact_ltv: 'intelligence',
  insights: 'intelligence',
  insight_actions: 'intelligence',
  intel_schedules: 'intelligence',
  intel_known_events: 'intelligence',
  media_files: 'media',
  webchat_sessions: 'webchat',
};

const WRITE_PATTERNS = [
  /\bINSERT\s+INTO\s+([a-z_][a-z0-9_]*)/gi,
  /\bUPDATE\s+([a-z_][a-z0-9_]*)\s+(?:AS\s+)?(?:[a-z_][a-z0-9_]*\s+)?SET\b/gi,
  /\bDELETE\s+FROM\s+([a-z_][a-z0-9_]*)/gi,
  /\bTRUNCATE\s+(?:TABLE\s+)?([a-z_][a-z0-9_]*)/gi,
];
const READ_PATTERNS = [/\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)\b(?!\s*\()/gi];

interface Access {
  file: string;
  table: string;
  kind: 'write' | 'read';
}

/** The text of every string and template literal of a TypeScript source (template parts separately). */
function literals(source: string): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (
      ts.isStringLiteral(n) ||
      ts.isNoSubstitutionTemplateLiteral(n) ||
      ts.isTemplateHead(n) ||
      ts.isTemplateMiddle(n) ||
      ts.isTemplateTail(n)
    ) {
      // Module specifiers are paths, not SQL.
      if (!(ts.isImportDeclaration(n.parent) || ts.isExportDeclaration(n.parent))) out.push(n.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true));
  return out;
}

/** The tables of {@link OWNER} that `source`'s SQL writes and reads (a written table is not also listed as read). */
function tableAccesses(file: string, source: string): Access[] {
  const found = new Map<string, Access>();
  const add = (table: string, kind: Access['kind']) => {
    const t = table.toLowerCase();
    if (!(t in OWNER)) return;
    const prior = found.get(t);
    if (!prior || (prior.kind === 'read' && kind === 'write')) found.set(t, { file, table: t, kind });
  };
  for (const text of literals(source)) {
    for (const re of WRITE_PATTERNS) for (const m of text.matchAll(re)) add(m[1]!, 'write');
    for (const re of READ_PATTERNS) for (const m of text.matchAll(re)) add(m[1]!, 'read');
  }
  return [...found.values()];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !/\.(test|bench)\.ts$/.test(f) && !f.endsWith('.contract-suite.ts'))
    .map((f) => join(dir, f));
}

const moduleOf = (file: string) => /^modules\/([^/]+)\//.exec(file)?.[1];

/**
 * Tables a file touches through Drizzle table definitions (`import { contacts } from '…/x.schema.ts'`):
 * a write when the imported table is passed to `.insert(`, `.update(` or `.delete(`, else a read.
 * A namespace import (`import * as s`) counts as writing every table of that schema file.
 */
function schemaAccesses(absFile: string, source: string): Access[] {
  const file = relative(SRC, absFile);
  const out: Access[] = [];
  for (const m of source.matchAll(/import\s+(?:type\s+)?([^;]+?)\s+from\s+'([^']+\.schema\.ts)'/g)) {
    const schema = readFileSync(join(absFile, '..', m[2]!), 'utf8');
    const tableOf = new Map(
      [...schema.matchAll(/export const (\w+) = pgTable\(\s*'([a-z_]+)'/g)].map((t) => [t[1]!, t[2]!]),
    );
    const clause = m[1]!.trim();
    if (clause.startsWith('*')) {
      for (const table of tableOf.values()) out.push({ file, table, kind: 'write' });
      continue;
    }
    for (const spec of clause.replace(/[{}]/g, '').split(',')) {
      const [name, local = name] = spec.trim().split(/\s+as\s+/);
      const table = name && tableOf.get(name.replace(/^type\s+/, ''));
      if (!table || !local) continue;
      const writes = new RegExp(`\\.(?:insert|update|delete)\\(\\s*${local}\\b`).test(source);
      out.push({ file, table, kind: writes ? 'write' : 'read' });
    }
  }
  return out;
}

function scan(): Access[] {
  const out: Access[] = [];
  for (const abs of [...sourceFiles(join(SRC, 'modules')), ...sourceFiles(join(SRC, 'integrations'))]) {
    const source = readFileSync(abs, 'utf8');
    out.push(...tableAccesses(relative(SRC, abs), source), ...schemaAccesses(abs, source));
  }
  return out;
}

const foreign = (a: Access) => moduleOf(a.file) !== OWNER[a.table];
const key = (a: Access) => `${a.file} ${a.table}`;

describe('table ownership', () => {
  const accesses = scan();

  it('the scanner sees writes, reads and aliases in SQL literals, not in comments or imports', () => {
    const src = `import { x } from './contacts.ts';
      // DELETE FROM messages (a comment)
      const a = \`WITH n AS (INSERT INTO contacts (id) VALUES ($1) RETURNING id)
        UPDATE identities d SET handle = 'x' FROM found f JOIN conversations c ON true\`;
      const b = 'SELECT * FROM unnest($1::text[]) u JOIN orders o ON o.id = u';`;
    expect(
      tableAccesses('f.ts', src)
        .map((a) => `${a.kind} ${a.table}`)
        .sort(),
    ).toEqual(['read conversations', 'read orders', 'write contacts', 'write identities']);
  });

  it('finds SQL in every module it knows (the scan is not silently empty)', () => {
    const modules = new Set(accesses.map((a) => moduleOf(a.file)));
    for (const m of new Set(Object.values(OWNER))) expect(modules, m).toContain(m);
  });

  /** Each file under src/modules/<module>/migrations/: its module and the text of its string literals. */
  const migrationFiles = () =>
    readdirSync(join(SRC, 'modules')).flatMap((module) => {
      const dir = join(SRC, 'modules', module, 'migrations');
      let files: string[] = [];
      try {
        files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
      } catch {
        // A module without migrations.
      }
      return files.map((f) => ({ module, sql: literals(readFileSync(join(dir, f), 'utf8')).join('\n') }));
    });

  it('every table the migrations create has an owning module', () => {
    const created = migrationFiles()
      .flatMap((f) => [...f.sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/gi)])
      .map((m) => m[1]!.toLowerCase());
    expect(created.length).toBeGreaterThan(20);
    expect(created.filter((t) => !(t in OWNER))).toEqual([]);
    // …and every owned table is created by some migration.
    expect(Object.keys(OWNER).filter((t) => !created.includes(t))).toEqual([]);
  });

  /**
   * Schema changes a module makes to another module's table, each with its reason. Key:
   * `<module> <table>`. Only where the module order leaves no other way.
   */
  const MIGRATION_EXCEPTIONS: Record<string, string> = {
    'intelligence segment_members':
      'the foreign key segment_members.added_by_action → insight_actions: contacts migrates before intelligence, whose tables reference contacts',
  };

  it("a module's migrations create, alter, index and update only tables it owns", () => {
    const patterns = [
      /\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/gi,
      /\bALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?([a-z_][a-z0-9_]*)/gi,
      /\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/gi,
      /\bCREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?[a-z0-9_]*\s*ON\s+(?:ONLY\s+)?([a-z_][a-z0-9_]*)/gi,
      ...WRITE_PATTERNS,
    ];
    const touched = new Set<string>();
    for (const f of migrationFiles())
      for (const re of patterns)
        for (const m of f.sql.matchAll(re)) touched.add(`${f.module} ${m[1]!.toLowerCase()}`);
    expect(touched.size).toBeGreaterThan(20);
    const foreignChanges = [...touched].filter((k) => {
      const [module, table] = k.split(' ');
      return OWNER[table!] !== module;
    });
    expect(foreignChanges.filter((k) => !(k in MIGRATION_EXCEPTIONS))).toEqual([]);
    expect(Object.keys(MIGRATION_EXCEPTIONS).filter((k) => !touched.has(k))).toEqual([]);
  });

  it('a module writes only its own tables', () => {
    const bad = accesses.filter((a) => a.kind === 'write' && (foreign(a) || !moduleOf(a.file)));
    expect(bad.map(key)).toEqual([]);
  });

  it('integrations touch no table at all (they hand records to callbacks)', () => {
    expect(accesses.filter((a) => a.file.startsWith('integrations/')).map(key)).toEqual([]);
  });

  it("a module reads only its own tables (another module's data comes through its service)", () => {
    const reads = accesses.filter((a) => a.kind === 'read' && moduleOf(a.file) && foreign(a));
    expect(reads.map(key)).toEqual([]);
  });

  it("each module's Drizzle schema file declares only tables that module owns", () => {
    const bad: string[] = [];
    for (const abs of sourceFiles(join(SRC, 'modules')).filter((f) => f.endsWith('.schema.ts'))) {
      const file = relative(SRC, abs);
      for (const t of readFileSync(abs, 'utf8').matchAll(/pgTable\(\s*'([a-z_]+)'/g))
        if (OWNER[t[1]!] !== moduleOf(file)) bad.push(`${file} ${t[1]}`);
    }
    expect(bad).toEqual([]);
  });
});
