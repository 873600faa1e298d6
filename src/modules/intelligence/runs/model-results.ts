import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../../kernel/db/database.ts';
import { keyset, scoped } from '../../../kernel/db/orm.ts';
import { SERVER_STATEMENT, type StatementSizes } from '../../../kernel/db/statement-size.ts';
import { modelResults } from '../intelligence.schema.ts';

/** One stored model result: the latest output of `model` for one subject (a contact, ad, campaign…). */
export interface ModelResult {
  subjectType: string;
  subjectId: string;
  result: unknown;
  /**
   * The result already encoded as JSON. A fit in a worker thread encodes its results there
   * (fits.worker.ts), so the API's thread copies strings instead of rebuilding and re-encoding large
   * objects (the anomaly bands of 10,000 ads stalled it for 23 s); `result` is then undefined.
   */
  resultJson?: string;
}

/**
 * Replaces the stored results of `model` for these subjects (upsert on workspace, model, subject),
 * with `q` (a transaction, or the database for one statement per chunk), in chunks of at most
 * `size.writeRows` results and about `size.chars` of JSON (default 2,000 and 8 MB; a larger single
 * result gets a statement of its own), so that no one statement holds the embedded database (and
 * with it the API's thread) for long (kernel/db/statement-size.ts). Results are JSON (chart series,
 * parameters, evidence).
 */
export async function saveModelResults(
  q: Queryable,
  workspaceId: string,
  model: string,
  runId: string | null,
  results: readonly ModelResult[],
  size: Pick<StatementSizes, 'writeRows' | 'chars'> = SERVER_STATEMENT,
): Promise<void> {
  // Each result's JSON is read (or encoded) only when its chunk is written: a fit's results decode
  // from their transferred buffer a chunk at a time (fit-transfer.ts).
  const jsonOf = (r: ModelResult) => r.resultJson ?? JSON.stringify(r.result);
  let next = results.length > 0 ? jsonOf(results[0]!) : '';
  for (let i = 0; i < results.length; ) {
    const start = i;
    const texts = [next];
    let chars = next.length;
    i++;
    while (i < results.length) {
      next = jsonOf(results[i]!);
      if (texts.length >= size.writeRows || chars + next.length > size.chars) break;
      texts.push(next);
      chars += next.length;
      i++;
    }
    const slice = results.slice(start, i);
    await q.query(
      `INSERT INTO model_results (workspace_id, model, subject_type, subject_id, run_id, result)
       SELECT $1, $2, t.subject_type, t.subject_id, $3::uuid, t.result::jsonb
       FROM unnest($4::text[], $5::text[], $6::text[]) AS t(subject_type, subject_id, result)
       ON CONFLICT (workspace_id, model, subject_type, subject_id)
       DO UPDATE SET result = EXCLUDED.result, run_id = EXCLUDED.run_id, computed_at = now()`,
      [workspaceId, model, runId, slice.map((r) => r.subjectType), slice.map((r) => r.subjectId), texts],
    );
  }
}

/** The conditions selecting one subject's result of `model`. */
const subject = (model: string, subjectType: string, subjectId: string) => [
  eq(modelResults.model, model),
  eq(modelResults.subjectType, subjectType),
  eq(modelResults.subjectId, subjectId),
];

/** The stored result of `model` for one subject, with when it was computed; null when none. */
export async function loadModelResult<T = unknown>(
  db: Queryable,
  workspaceId: string,
  model: string,
  subjectType: string,
  subjectId: string,
): Promise<{ result: T; computedAt: string; runId: string | null } | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select({ result: modelResults.result, computedAt: modelResults.computedAt, runId: modelResults.runId })
    .from(modelResults)
    .where(s.where(modelResults, ...subject(model, subjectType, subjectId)));
  return row ? { result: row.result as T, computedAt: row.computedAt.toISOString(), runId: row.runId } : null;
}

/**
 * The stored result of `model` for one subject as the database's JSON text (large chart series are
 * sent on as they are, not parsed), with when it was computed (ISO 8601 UTC); null when none.
 */
export async function loadModelResultText(
  db: Queryable,
  workspaceId: string,
  model: string,
  subjectType: string,
  subjectId: string,
): Promise<{ json: string; computedAt: string } | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select({ json: sql<string>`${modelResults.result}::text`, computedAt: modelResults.computedAt })
    .from(modelResults)
    .where(s.where(modelResults, ...subject(model, subjectType, subjectId)));
  return row ? { json: row.json, computedAt: row.computedAt.toISOString() } : null;
}

/** One subject's entry in the list of a model's results: its headline numbers (`result.summary`). */
export interface ModelResultSummary {
  subjectType: string;
  subjectId: string;
  summary: unknown;
  computedAt: string;
  runId: string | null;
}

/**
 * One page of the subjects `model` has results for (optionally of one subject type), ordered by
 * subject type and id (keyset on both as text; a bad cursor is a 400).
 */
export async function listModelResults(
  db: Queryable,
  workspaceId: string,
  model: string,
  f: { subjectType?: string; limit: number; cursor?: string },
): Promise<{ data: ModelResultSummary[]; nextCursor: string | null }> {
  const s = scoped(db, workspaceId);
  const k = keyset({
    sort: modelResults.subjectType,
    id: modelResults.subjectId,
    sortType: 'text',
    idType: 'text',
    order: 'asc',
    limit: f.limit,
    cursor: f.cursor,
  });
  const rows = await s.db
    .select({
      subjectType: modelResults.subjectType,
      id: modelResults.subjectId,
      pageAt: k.pageAt,
      summary: sql<unknown>`${modelResults.result}->'summary'`,
      computedAt: modelResults.computedAt,
      runId: modelResults.runId,
    })
    .from(modelResults)
    .where(
      s.where(
        modelResults,
        eq(modelResults.model, model),
        f.subjectType === undefined ? undefined : eq(modelResults.subjectType, f.subjectType),
        k.after,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return k.page(rows, (r) => ({
    subjectType: r.subjectType,
    subjectId: r.id,
    summary: r.summary ?? null,
    computedAt: r.computedAt.toISOString(),
    runId: r.runId,
  }));
}
