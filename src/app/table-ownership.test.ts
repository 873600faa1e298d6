/**
 * "A module reads and writes only its own tables; other modules go through its service"
 * (docs/architecture.md, Code layout). A static scan of the SQL in every non-test file of
 * src/modules/<module>/ and src/integrations/: the string and template literals are parsed with the
 * TypeScript compiler, and `INSERT INTO t`, `UPDATE t … SET`, `DELETE FROM t`, `TRUNCATE t` (writes)
 * and `FROM t`, `JOIN t` (reads) are matched against the table → module map below. Drizzle typed
 * queries count too: a table imported from a `*.schema.ts` file is written when passed to
 * `.insert(` / `.update(` / `.delete(`, read otherwise.
 *
 * - A write of another module's table always fails: move it into the owner, behind its service.
 * - A read of another module's table fails unless it is listed in READ_EXCEPTIONS with the reason
 *   (joins for listings and job reloads that would otherwise cost extra round trips).
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
  channels: 'channels',
  sandbox_requests: 'channels',
  agents: 'agents',
  contacts: 'contacts',
  identities: 'contacts',
  segments: 'contacts',
  segment_members: 'contacts',
  conversations: 'inbox',
  messages: 'inbox',
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
};

/**
 * Reads of another module's table that stay, each with its reason. Key: `<file under src/> <table>`.
 * Only reads can be excepted; a foreign write never is.
 */
const READ_EXCEPTIONS: Record<string, string> = {
  // Inbox listings and job reloads: one statement per page / per job instead of a service call per row.
  'modules/inbox/conversation.repository.ts channels': 'conversation list shows the channel (platform, name)',
  'modules/inbox/conversation.repository.ts contacts': 'conversation list shows the contact name and phone',
  'modules/inbox/pipeline/agent-reply.job.ts channels':
    'the job reloads message, channel and agent in one read',
  'modules/inbox/pipeline/agent-reply.job.ts agents':
    'the job reloads message, channel and agent in one read',
  'modules/inbox/pipeline/agent-reply.job.ts contacts': 'the agent input carries the contact name',
  'modules/inbox/pipeline/outbound-send.job.ts channels':
    'the send job reloads message and channel in one read',
  // Contact listings show what intelligence computed about each contact.
  'modules/contacts/contact-list.ts orders': 'contact list shows order count and last order day',
  'modules/contacts/contact-list.ts contact_ltv': 'contact list shows LTV and churn risk',
  'modules/contacts/segment.repository.ts contact_ltv': 'segment member list shows LTV and churn risk',
  // Intelligence listings name the contact behind an order or an LTV row (keyset-paginated joins).
  'modules/intelligence/orders/orders.repository.ts contacts': 'order list shows the customer id',
  'modules/intelligence/runs/ltv.repository.ts contacts': 'LTV list shows the contact name and customer id',
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

  it('every table the migrations create has an owning module', () => {
    const dir = join(SRC, 'kernel', 'db', 'migrations');
    const created = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => [
        ...readFileSync(join(dir, f), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/g),
      ])
      .map((m) => m[1]!);
    expect(created.length).toBeGreaterThan(10);
    expect(created.filter((t) => !(t in OWNER))).toEqual([]);
  });

  it('a module writes only its own tables', () => {
    const bad = accesses.filter((a) => a.kind === 'write' && (foreign(a) || !moduleOf(a.file)));
    expect(bad.map(key)).toEqual([]);
  });

  it('integrations touch no table at all (they hand records to callbacks)', () => {
    expect(accesses.filter((a) => a.file.startsWith('integrations/')).map(key)).toEqual([]);
  });

  it("a module reads another module's table only where READ_EXCEPTIONS says why", () => {
    const reads = accesses.filter((a) => a.kind === 'read' && moduleOf(a.file) && foreign(a));
    expect(reads.filter((a) => !(key(a) in READ_EXCEPTIONS)).map(key)).toEqual([]);
    const used = new Set(reads.map(key));
    // A stale exception (the read moved behind a service) must be removed from the list.
    expect(Object.keys(READ_EXCEPTIONS).filter((k) => !used.has(k))).toEqual([]);
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
