import type { Queryable } from '../../../kernel/db/database.ts';

/** Kinds of insight, and what can be done with each. */
export type InsightKind = 'anomaly' | 'fatigue' | 'churn_risk' | 'budget';
export type InsightSeverity = 'info' | 'warning' | 'critical';
export type InsightStatus = 'new' | 'acknowledged' | 'applied' | 'dismissed';

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
  recommendation: Recommendation | null;
}

/**
 * Stores insights: new fingerprints are inserted as `new`; a finding seen again gets fresh evidence,
 * severity and text but keeps its status (a dismissed insight stays dismissed, an applied one stays
 * applied), so reruns are safe. Returns how many were new.
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
       ON CONFLICT (workspace_id, fingerprint) DO UPDATE SET severity = EXCLUDED.severity, title = EXCLUDED.title,
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
        i.chart ? JSON.stringify(i.chart) : null,
      ],
    );
    if (r.rows[0]?.inserted) created++;
  }
  return created;
}
