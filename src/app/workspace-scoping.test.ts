import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as agents from '../modules/agents/agents.schema.ts';
import * as channels from '../modules/channels/channels.schema.ts';
import * as contacts from '../modules/contacts/contacts.schema.ts';
import * as inbox from '../modules/inbox/inbox.schema.ts';
import * as intelligence from '../modules/intelligence/intelligence.schema.ts';
import * as templates from '../modules/templates/templates.schema.ts';
import * as users from '../modules/users/users.schema.ts';
import * as workspaces from '../modules/workspaces/workspaces.schema.ts';

/**
 * The scoping rule (docs/architecture.md, "Typed queries"): every typed query of a table with a
 * `workspace_id` column is confined to one workspace by a `Scope` (src/kernel/db/orm.ts): its
 * WHERE is `scope.where(table, …)` and its insert values `scope.values(…)`. A query that must not
 * be confined says why in a `// unscoped: <reason>` comment in its statement; those exceptions are
 * listed below, so a new one shows up in review.
 */
const EXCEPTIONS = [
  'modules/channels/channel.repository.ts: the webhook lookup by channel id (the channel tells the workspace)',
  "modules/channels/channel.repository.ts: the receive loops serve every workspace's channels; each record carries its workspace",
  'modules/workspaces/api-keys.ts: a configured key may already belong to any workspace',
  'modules/workspaces/api-keys.ts: authentication finds the workspace from the key',
  "modules/inbox/events.repository.ts: the process-wide reader takes every workspace's new events and hands each to its workspace's streams",
  "modules/inbox/events.repository.ts: the bounds of the whole log (the readers' start position, resume points past retention)",
  "modules/inbox/events.repository.ts: retention applies to every workspace's events alike",
  'modules/intelligence/ads/ad-sync.job.ts: the ad-sync job loads its sync by id (the row tells the workspace)',
  'modules/intelligence/insights/action.job.ts: the insight-action job loads its action by id (the row tells the workspace)',
  'modules/intelligence/runs/intel-run.job.ts: the intel-run job loads its run by id (the row tells the workspace)',
  "modules/users/users.repository.ts: a user's memberships span workspaces",
  'modules/users/sessions.repository.ts: a session cookie finds its workspace from the token',
  "modules/users/sessions.repository.ts: a password reset ends the user's sessions in every workspace",
  'modules/users/invitations.repository.ts: an invitation link finds its workspace from the token',
];

/** Export names of the tables with a `workspace_id` column. */
const workspaceTables = new Set(
  Object.values({ agents, channels, contacts, inbox, intelligence, templates, users, workspaces }).flatMap(
    (m) =>
      Object.entries(m)
        .filter(
          ([, t]) => t instanceof PgTable && getTableConfig(t).columns.some((c) => c.name === 'workspace_id'),
        )
        .map(([name]) => name),
  ),
);

interface Finding {
  line: number;
  text: string;
}

/** The typed queries of `source` on workspace tables that no scope confines, and the exceptions' reasons. */
function checkScoping(source: string, tables: Set<string>): { unscoped: Finding[]; exceptions: string[] } {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const unscoped: Finding[] = [];
  const exceptions: string[] = [];
  const callName = (n: ts.Node) =>
    ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)
      ? n.expression.name.text
      : undefined;
  const visit = (node: ts.Node) => {
    const name = callName(node);
    const call = node as ts.CallExpression;
    const target =
      name && ['from', 'update', 'delete', 'insert'].includes(name) ? call.arguments[0] : undefined;
    if (target && ts.isIdentifier(target) && tables.has(target.text)) {
      // The whole chain: climb while this call is the receiver of the next `.method(…)`.
      let top: ts.Node = node;
      while (ts.isPropertyAccessExpression(top.parent) && ts.isCallExpression(top.parent.parent)) {
        top = top.parent.parent;
      }
      const calls: ts.CallExpression[] = [];
      for (let n: ts.Node = top; ts.isCallExpression(n); ) {
        calls.push(n);
        n = ts.isPropertyAccessExpression(n.expression) ? n.expression.expression : n.expression;
      }
      const isScopeCall = (arg: ts.Expression | undefined, method: string, firstArg?: string) =>
        !!arg &&
        ts.isCallExpression(arg) &&
        callName(arg) === method &&
        (firstArg === undefined || arg.arguments[0]?.getText() === firstArg);
      const scopedBy =
        name === 'insert'
          ? calls.some((c) => callName(c) === 'values' && isScopeCall(c.arguments[0], 'values'))
          : calls.some(
              (c) =>
                callName(c) === 'where' &&
                (isScopeCall(c.arguments[0], 'where', target.text) ||
                  // and(scope.where(table, …), more)
                  (ts.isCallExpression(c.arguments[0]!) &&
                    c.arguments[0].arguments.some((a) => isScopeCall(a, 'where', target.text)))),
            );
      if (!scopedBy) {
        let stmt: ts.Node = node;
        while (!ts.isStatement(stmt) && stmt.parent) stmt = stmt.parent;
        const before = source.slice(stmt.getFullStart(), top.getStart());
        const reason = /\/\/ unscoped: (.+)/.exec(before)?.[1]?.trim();
        if (reason) exceptions.push(reason);
        else
          unscoped.push({
            line: file.getLineAndCharacterOfPosition(top.getStart()).line + 1,
            text: top.getText().replace(/\s+/g, ' '),
          });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { unscoped, exceptions };
}

const srcDir = join(import.meta.dirname, '..');
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('workspace scoping of typed queries', () => {
  it('confines every query of a workspace table through a scope, or names it as an exception', () => {
    const users = sourceFiles(srcDir).filter((f) => readFileSync(f, 'utf8').includes('kernel/db/orm.ts'));
    expect(users.length).toBeGreaterThanOrEqual(4);
    const unscoped: string[] = [];
    const exceptions: string[] = [];
    for (const f of users) {
      const rel = relative(srcDir, f);
      const r = checkScoping(readFileSync(f, 'utf8'), workspaceTables);
      unscoped.push(...r.unscoped.map((u) => `${rel}:${u.line}: ${u.text}`));
      exceptions.push(...r.exceptions.map((e) => `${rel}: ${e}`));
    }
    expect(unscoped).toEqual([]);
    expect(exceptions.sort()).toEqual([...EXCEPTIONS].sort());
  });

  it('finds a query that forgets the workspace and accepts the scoped forms', () => {
    const tables = new Set(['channels']);
    const bad = checkScoping(
      `async function f(db, s, id) {
        await orm(db).select().from(channels).where(eq(channels.id, id));
        await s.db.update(channels).set({ name: 'x' }).where(eq(channels.id, id));
        await s.db.delete(channels).where(s.where(agents, eq(channels.id, id)));
        await s.db.insert(channels).values({ id, workspaceId: 'w' });
      }`,
      tables,
    );
    expect(bad.unscoped.map((u) => u.line)).toEqual([2, 3, 4, 5]);
    const good = checkScoping(
      `async function f(db, s, id, k) {
        await s.db.select().from(channels).where(s.where(channels, eq(channels.id, id)));
        await s.db.select().from(channels).where(and(s.where(channels), k.after)).limit(3);
        await s.db.insert(channels).values(s.values({ id })).returning();
        await orm(db).select().from(agents);
        // unscoped: a reason
        await orm(db).delete(channels);
      }`,
      tables,
    );
    expect(good).toEqual({ unscoped: [], exceptions: ['a reason'] });
  });
});
