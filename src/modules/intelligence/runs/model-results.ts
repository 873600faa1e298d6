import type { Queryable } from '../../../kernel/db/database.ts';

/** One stored model result: the latest output of `model` for one subject (a contact, ad, campaign…). */
export interface ModelResult {
  subjectType: string;
  subjectId: string;
  result: unknown;
}

const CHUNK = 2_000;

/**
 * Replaces the stored results of `model` for these subjects (upsert on workspace, model, subject),
 * in chunks, in the caller's transaction. Results are JSON (chart series, parameters, evidence).
 */
export async function saveModelResults(
  tx: Queryable,
  workspaceId: string,
  model: string,
  runId: string | null,
  results: readonly ModelResult[],
): Promise<void> {
  for (let i = 0; i < results.length; i += CHUNK) {
    const slice = results.slice(i, i + CHUNK);
    await tx.query(
      `INSERT INTO model_results (workspace_id, model, subject_type, subject_id, run_id, result)
       SELECT $1, $2, t.subject_type, t.subject_id, $3::uuid, t.result::jsonb
       FROM unnest($4::text[], $5::text[], $6::text[]) AS t(subject_type, subject_id, result)
       ON CONFLICT (workspace_id, model, subject_type, subject_id)
       DO UPDATE SET result = EXCLUDED.result, run_id = EXCLUDED.run_id, computed_at = now()`,
      [
        workspaceId,
        model,
        runId,
        slice.map((r) => r.subjectType),
        slice.map((r) => r.subjectId),
        slice.map((r) => JSON.stringify(r.result)),
      ],
    );
  }
}

/** The stored result of `model` for one subject, with when it was computed; null when none. */
export async function loadModelResult<T = unknown>(
  db: Queryable,
  workspaceId: string,
  model: string,
  subjectType: string,
  subjectId: string,
): Promise<{ result: T; computedAt: string; runId: string | null } | null> {
  const r = await db.query<{ result: T; computed_at: string; run_id: string | null }>(
    `SELECT result, computed_at, run_id FROM model_results
     WHERE workspace_id = $1 AND model = $2 AND subject_type = $3 AND subject_id = $4`,
    [workspaceId, model, subjectType, subjectId],
  );
  const row = r.rows[0];
  return row
    ? { result: row.result, computedAt: new Date(row.computed_at).toISOString(), runId: row.run_id }
    : null;
}
