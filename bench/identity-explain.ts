/**
 * Server-side timing of what the app really runs, for the identity benchmark
 * (bench/identity-resolve.ts). The app's parameterized statements are named prepared statements on
 * their pool connection (`omnify_<sha1>`, src/kernel/db/postgres.ts), whose plan PostgreSQL caches:
 * after five runs it usually keeps a generic plan. So a plain `EXPLAIN ANALYZE <text>` (always
 * planned afresh for the given values) may show another plan than the app's. {@link explaining}
 * instead runs `EXPLAIN (ANALYZE …) EXECUTE omnify_<sha1>(…)`: the app's own prepared statement on
 * that connection with its cached plan, the arguments sent as text the server casts to the
 * statement's parameter types, in the text forms the driver sends (`pg`'s `prepareValue`).
 */
import { createHash } from 'node:crypto';
import type { Queryable, QueryOptions } from '../src/kernel/db/database.ts';

/** A plan node of `EXPLAIN (FORMAT JSON)` (the fields read here). */
export interface PlanNode {
  'Node Type': string;
  'Parent Relationship'?: string;
  'Subplan Name'?: string;
  'CTE Name'?: string;
  'Actual Total Time'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** What one statement cost at the database. */
export interface ExplainedStatement {
  text: string;
  /** `Execution Time`, ms (triggers included, planning and commit not). */
  executionMs: number;
  /** Whether the app's own prepared statement (its cached plan) was explained, or a fresh plan. */
  cachedPlan: boolean;
  /** The JSON plan's root. */
  plan: PlanNode;
}

const EXPLAINABLE = /^\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\b/i;
const statementName = (text: string) =>
  `omnify_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;

/**
 * The text form of a parameter as the `pg` driver sends it (its `prepareValue`), for the kinds the
 * inbox and contacts statements pass: null, dates (as instants), arrays (array literals), objects
 * (JSON) and scalars.
 */
function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const item = (v: unknown) => {
      const t = textOf(v);
      return t === null ? 'NULL' : `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    };
    return `{${value.map(item).join(',')}}`;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One `EXECUTE` argument: NULL, or the value's text form as base64, decoded and cast by the server. */
function argument(value: unknown, type: string): string {
  const text = textOf(value);
  if (text === null) return `NULL::${type}`;
  return `convert_from(decode('${Buffer.from(text, 'utf8').toString('base64')}', 'base64'), 'UTF8')::${type}`;
}

/**
 * A Queryable over transaction `tx` that, before running each statement for real, explains it with
 * `EXPLAIN (ANALYZE, FORMAT JSON)` inside a savepoint rolled back (so the real run sees what it would
 * have seen) and hands the result to `record`. Statements with parameters are explained through the
 * app's prepared statement on this connection when it exists (see the file's docstring), else as
 * text with the parameters bound.
 */
export function explaining(tx: Queryable, record: (s: ExplainedStatement) => void): Queryable {
  return {
    async query<T>(text: string, params?: readonly unknown[], options?: QueryOptions) {
      if (EXPLAINABLE.test(text)) {
        await tx.query('SAVEPOINT bench_explain');
        let types: string[] | undefined;
        if (params && params.length > 0) {
          const r = await tx.query<{ types: string[] }>(
            'SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = $1',
            [statementName(text)],
          );
          types = r.rows[0]?.types;
        }
        const explain = 'EXPLAIN (ANALYZE, FORMAT JSON)';
        const r = types
          ? await tx.query<{ 'QUERY PLAN': Array<Record<string, unknown>> }>(
              `${explain} EXECUTE ${statementName(text)}(${params!.map((p, i) => argument(p, types![i]!)).join(', ')})`,
            )
          : await tx.query<{ 'QUERY PLAN': Array<Record<string, unknown>> }>(`${explain} ${text}`, params);
        await tx.query('ROLLBACK TO SAVEPOINT bench_explain');
        const out = r.rows[0]!['QUERY PLAN'][0]!;
        record({
          text,
          executionMs: out['Execution Time'] as number,
          cachedPlan: types !== undefined,
          plan: out.Plan as PlanNode,
        });
      }
      return tx.query<T>(text, params, options);
    },
  };
}

/** The text plan (`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)`) of the app's prepared statement for `text`, as {@link explaining} runs it. */
export async function textPlan(tx: Queryable, text: string, params: readonly unknown[]): Promise<string> {
  const r = await tx.query<{ types: string[] }>(
    'SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = $1',
    [statementName(text)],
  );
  const types = r.rows[0]?.types;
  if (!types) throw new Error('the statement is not prepared on this connection yet');
  await tx.query('SAVEPOINT bench_plan');
  const plan = await tx.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE ${statementName(text)}(${params.map((p, i) => argument(p, types[i]!)).join(', ')})`,
  );
  await tx.query('ROLLBACK TO SAVEPOINT bench_plan');
  return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
}

const inclusive = (n: PlanNode) => (n['Actual Total Time'] ?? 0) * (n['Actual Loops'] ?? 0);

/**
 * Time spent in a subtree itself, ms: its inclusive time less that of the CTE scans in it (whose
 * first reader evaluates the scanned CTE, counted on that CTE's own node) — but keeping the subplans
 * their filters run (the `NOT EXISTS` probes of `new_senders` are filters of a CTE scan).
 */
function ownTime(n: PlanNode): number {
  let t = inclusive(n);
  const walk = (x: PlanNode) => {
    for (const c of x.Plans ?? []) {
      if (c['Node Type'] === 'CTE Scan') {
        t -= inclusive(c);
        for (const sub of c.Plans ?? []) if (sub['Parent Relationship'] === 'SubPlan') t += inclusive(sub);
      } else walk(c);
    }
  };
  walk(n);
  return Math.max(0, t);
}

/**
 * Time, ms, the batch ingest statement spent in the contacts module's identity CTEs (`found`,
 * `renamed`, `new_senders`, `new_contacts`, `new_identities`: identity-batch.ts), from its
 * `EXPLAIN ANALYZE` plan with per-node timing; 0 when the plan has none of them.
 */
export function identityCteTime(root: PlanNode): number {
  const names = new Set([
    'CTE found',
    'CTE renamed',
    'CTE new_senders',
    'CTE new_contacts',
    'CTE new_identities',
  ]);
  let t = 0;
  for (const c of root.Plans ?? []) if (names.has(c['Subplan Name'] ?? '')) t += ownTime(c);
  return t;
}
