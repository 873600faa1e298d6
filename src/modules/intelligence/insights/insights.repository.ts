import { eq, getTableColumns, ne, sql } from 'drizzle-orm';
import type { Queryable } from '../../../kernel/db/database.ts';
import { keyset, scoped } from '../../../kernel/db/orm.ts';
import { insights } from '../intelligence.schema.ts';

/** Kinds of insight, and what can be done with each. */
export type InsightKind = 'anomaly' | 'fatigue' | 'churn_risk' | 'budget';
export type InsightSeverity = 'info' | 'warning' | 'critical';
/**
 * `new` until someone acts on it; `acknowledged`, `dismissed` (by a user) and `applied` (its
 * recommendation was carried out) are set through the API; `resolved` by a later run that no longer
 * finds what a `new` insight reported (fatigue: the ad is no longer fatigued or warned about), with
 * the reason in `evidence.resolution`.
 */
export type InsightStatus = 'new' | 'acknowledged' | 'applied' | 'dismissed' | 'resolved';

/**
 * A recommendation that can be applied in one call. `set_campaign_budgets`: new daily budgets (minor
 * units) per campaign; `pause_ad`: stop a fatigued creative; `add_to_segment`: put contacts into a
 * named segment for outreach.
 */
export type Recommendation =
  | {
      action: 'set_campaign_budgets';
      changes: { campaignId: string; fromDailyBudgetMinor: number; toDailyBudgetMinor: number }[];
      currency: string;
    }
  | { action: 'pause_ad'; adId: string }
  | { action: 'add_to_segment'; segmentName: string; contactIds: string[] };

/** An insight a model found (before storage). `fingerprint` identifies "the same finding" across runs. */
export interface NewInsight {
  kind: InsightKind;
  severity: InsightSeverity;
  fingerprint: string;
  title: string;
  summary: string;
  subjectType: string;
  subjectId: string;
  /** The numbers behind the finding (small: listed with every insight). */
  evidence: Record<string, unknown>;
  /** The chart data behind it (series, bands, curves): returned with one insight, not in lists. */
  chart?: Record<string, unknown>;
  /**
   * `JSON.stringify(chart)` when the chart arrives already encoded (a fit's answer from its worker
   * thread, fit-transfer.ts): stored as it is, and used instead of `chart`.
   */
  chartJson?: string;
  recommendation: Recommendation | null;
}

/**
 * Stores insights: new fingerprints are inserted as `new`; a finding seen again gets fresh evidence,
 * severity and text but keeps its status (a dismissed insight stays dismissed, an applied one stays
 * applied), so reruns are safe — except a `resolved` one, which is found again and so is `new` again.
 * Returns how many were inserted.
 */
export async function upsertInsights(
  tx: Queryable,
  workspaceId: string,
  runId: string | null,
  insights: readonly NewInsight[],
): Promise<number> {
  let created = 0;
  for (const i of insights) {
    const r = await tx.query<{ inserted: boolean }>(
      `INSERT INTO insights (workspace_id, kind, severity, fingerprint, title, summary, subject_type, subject_id,
         evidence, recommendation, run_id, chart)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12::jsonb)
       ON CONFLICT (workspace_id, fingerprint) DO UPDATE SET
         status = CASE WHEN insights.status = 'resolved' THEN 'new' ELSE insights.status END,
         severity = EXCLUDED.severity, title = EXCLUDED.title,
         summary = EXCLUDED.summary, evidence = EXCLUDED.evidence, chart = EXCLUDED.chart,
         recommendation = CASE WHEN insights.status = 'applied' THEN insights.recommendation
                               ELSE EXCLUDED.recommendation END,
         run_id = EXCLUDED.run_id, updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [
        workspaceId,
        i.kind,
        i.severity,
        i.fingerprint,
        i.title,
        i.summary,
        i.subjectType,
        i.subjectId,
        JSON.stringify(i.evidence),
        i.recommendation ? JSON.stringify(i.recommendation) : null,
        runId,
        i.chartJson ?? (i.chart ? JSON.stringify(i.chart) : null),
      ],
    );
    if (r.rows[0]?.inserted) created++;
  }
  return created;
}

/**
 * A finding a run looked for again and no longer found: the insight of `kind` with `fingerprint`,
 * and why it no longer holds (stored as `evidence.resolution`, e.g. `{reason: 'not_fatigued', …}`).
 */
export interface ResolvedInsight {
  kind: InsightKind;
  fingerprint: string;
  resolution: Record<string, unknown>;
}

/**
 * Closes the workspace's insights a run no longer finds: each matching insight (same kind and
 * fingerprint) that is still `new` becomes `resolved`, gets `resolution` merged into its evidence,
 * `runId` as its run, and loses its recommendation (nothing is left to apply). Insights a user acted
 * on (acknowledged, dismissed, applied) and fingerprints without an insight are left alone. Returns
 * how many were resolved.
 */
export async function resolveInsights(
  tx: Queryable,
  workspaceId: string,
  runId: string | null,
  resolved: readonly ResolvedInsight[],
): Promise<number> {
  if (resolved.length === 0) return 0;
  const r = await tx.query(
    `UPDATE insights SET status = 'resolved', recommendation = NULL, run_id = $2, updated_at = now(),
       evidence = insights.evidence || jsonb_build_object('resolution', gone.resolution::jsonb)
     FROM unnest($3::text[], $4::text[], $5::text[]) AS gone(kind, fingerprint, resolution)
     WHERE insights.workspace_id = $1 AND insights.kind = gone.kind
       AND insights.fingerprint = gone.fingerprint AND insights.status = 'new'`,
    [
      workspaceId,
      runId,
      resolved.map((g) => g.kind),
      resolved.map((g) => g.fingerprint),
      resolved.map((g) => JSON.stringify(g.resolution)),
    ],
  );
  return r.rowCount;
}

/** An insight as the API shows it; `chart` only when getting one insight. Times ISO 8601 UTC. */
export interface InsightRecord {
  id: string;
  kind: InsightKind;
  severity: InsightSeverity;
  status: InsightStatus;
  title: string;
  summary: string;
  subjectType: string;
  subjectId: string;
  evidence: Record<string, unknown>;
  chart?: Record<string, unknown> | null;
  recommendation: Recommendation | null;
  runId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Every column but `chart`, which only one-insight answers carry. */
const { chart: _chart, ...listColumns } = getTableColumns(insights);

function toInsight(r: Omit<typeof insights.$inferSelect, 'chart'> & { chart?: unknown }): InsightRecord {
  return {
    id: r.id,
    kind: r.kind as InsightKind,
    severity: r.severity as InsightSeverity,
    status: r.status as InsightStatus,
    title: r.title,
    summary: r.summary,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    evidence: r.evidence as Record<string, unknown>,
    ...('chart' in r ? { chart: r.chart as Record<string, unknown> | null } : {}),
    recommendation: r.recommendation as Recommendation | null,
    runId: r.runId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The workspace's insight `id` (a uuid) with its chart, or null when absent. */
export async function findInsight(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<InsightRecord | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select()
    .from(insights)
    .where(s.where(insights, eq(insights.id, id)));
  return row ? toInsight(row) : null;
}

/**
 * Sets the status of the workspace's insight `id` (a uuid) unless it is `applied`. Returns the
 * updated insight, `'applied'` when it is applied (unchanged), or null when absent.
 */
export async function setInsightStatus(
  db: Queryable,
  workspaceId: string,
  id: string,
  status: InsightStatus,
): Promise<InsightRecord | 'applied' | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .update(insights)
    .set({ status, updatedAt: sql`now()` })
    .where(s.where(insights, eq(insights.id, id), ne(insights.status, 'applied')))
    .returning();
  if (row) return toInsight(row);
  const [exists] = await s.db
    .select({ id: insights.id })
    .from(insights)
    .where(s.where(insights, eq(insights.id, id)));
  return exists ? 'applied' : null;
}

/** Filters of {@link listInsights}; undefined ones are skipped. */
export interface InsightFilter {
  kind?: InsightKind;
  severity?: InsightSeverity;
  status?: InsightStatus;
  limit: number;
  /** The `cursor` query parameter (a bad one is a 400 field error). */
  cursor?: string;
}

/** One page of the workspace's insights without charts, newest first (keyset on created_at, id). */
export async function listInsights(
  db: Queryable,
  workspaceId: string,
  f: InsightFilter,
): Promise<{ data: InsightRecord[]; nextCursor: string | null }> {
  const s = scoped(db, workspaceId);
  const k = keyset({ sort: insights.createdAt, id: insights.id, limit: f.limit, cursor: f.cursor });
  const rows = await s.db
    .select({ ...listColumns, pageAt: k.pageAt })
    .from(insights)
    .where(
      s.where(
        insights,
        f.kind === undefined ? undefined : eq(insights.kind, f.kind),
        f.severity === undefined ? undefined : eq(insights.severity, f.severity),
        f.status === undefined ? undefined : eq(insights.status, f.status),
        k.after,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return k.page(rows, toInsight);
}
