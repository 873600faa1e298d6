import type { Database } from '../../db/database.ts';
import { addDays, daysBetween } from '../ads/daily-metrics.ts';
import type { NewInsight } from '../insights/insights.repository.ts';
import { upsertInsights } from '../insights/insights.repository.ts';
import { type CustomerLtv, ltvReport } from '../ltv/ltv.report.ts';
import type { Transaction } from '../ltv/rfm.ts';
import { saveModelResults } from './model-results.ts';

/** Below this P(alive), a customer who bought more than once counts as at risk of churning. */
export const CHURN_P_ALIVE = 0.5;
/** Smallest data set the LTV models are fitted on. */
const MIN_CUSTOMERS = 20;
const MIN_REPEATERS = 5;
const CLV = { months: 12, monthlyDiscountRate: 0.01 };
const CHUNK = 2_000;

/** What an LTV run reports back to the run's summary. */
export interface LtvRunSummary {
  status: 'completed' | 'insufficient_data';
  reason?: string;
  customers?: number;
  atRisk?: number;
  currency?: string;
}

/**
 * The LTV and churn model run for one workspace: fits BG/NBD + Gamma-Gamma (see src/intelligence/ltv)
 * to the workspace's orders in its main currency with the calibration period ending `asOf` (UTC day),
 * stores per-contact predictions (`contact_ltv`: P(alive), expected purchases in 30/90/365 days,
 * expected order value and 12-month CLV discounted at 1 % a month, in minor units), the workspace
 * summary with the calibration/holdout check (history split at two thirds of its span) and the
 * distributions a dashboard charts, and a weekly churn-risk insight recommending a segment.
 * Idempotent: every write is an upsert.
 */
export async function runLtvModel(
  db: Database,
  workspaceId: string,
  runId: string | null,
  asOf: string = new Date().toISOString().slice(0, 10),
): Promise<LtvRunSummary> {
  const r = await db.query<{ contact_id: string; day: string; amount_minor: string; currency: string }>(
    `SELECT contact_id, ordered_on::text AS day, amount_minor::text AS amount_minor, currency
     FROM orders WHERE workspace_id = $1 AND ordered_on <= $2::date`,
    [workspaceId, asOf],
  );
  const counts = new Map<string, number>();
  for (const o of r.rows) counts.set(o.currency, (counts.get(o.currency) ?? 0) + 1);
  const currency = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'USD';
  const tx: Transaction[] = r.rows
    .filter((o) => o.currency === currency)
    .map((o) => ({ customerId: o.contact_id, date: o.day, amount: Number(o.amount_minor) }));
  const perCustomer = new Map<string, number>();
  for (const t of tx) perCustomer.set(t.customerId, (perCustomer.get(t.customerId) ?? 0) + 1);
  const repeaters = [...perCustomer.values()].filter((n) => n > 1).length;
  if (perCustomer.size < MIN_CUSTOMERS || repeaters < MIN_REPEATERS) {
    const reason = `LTV needs at least ${MIN_CUSTOMERS} customers of whom ${MIN_REPEATERS} bought again; found ${perCustomer.size} and ${repeaters}`;
    await saveModelResults(db, workspaceId, 'ltv', runId, [
      { subjectType: 'workspace', subjectId: workspaceId, result: { status: 'insufficient_data', reason } },
    ]);
    return { status: 'insufficient_data', reason };
  }

  const report = ltvReport(tx, asOf, undefined, CLV);
  const first = tx.reduce((m, t) => (t.date < m ? t.date : m), asOf);
  const span = daysBetween(first, asOf);
  const holdout =
    span >= 56 ? ltvReport(tx, addDays(first, Math.floor((span * 2) / 3)), asOf, CLV).holdout : null;
  const customers = report.customers;
  await db.transaction(async (q) => {
    for (let i = 0; i < customers.length; i += CHUNK) {
      const s = customers.slice(i, i + CHUNK);
      await q.query(
        `INSERT INTO contact_ltv (contact_id, workspace_id, frequency, recency_weeks, t_weeks, p_alive,
           expected_purchases_30, expected_purchases_90, expected_purchases_365, expected_order_value_minor,
           clv_minor, currency, run_id)
         SELECT t.contact_id, $2::uuid, t.frequency, t.recency, t.tw, t.p, t.e30, t.e90, t.e365, t.eov, t.clv, $3, $4::uuid
         FROM unnest($1::uuid[], $5::int[], $6::float8[], $7::float8[], $8::float8[],
           $9::float8[], $10::float8[], $11::float8[], $12::bigint[], $13::bigint[])
           AS t(contact_id, frequency, recency, tw, p, e30, e90, e365, eov, clv)
         ON CONFLICT (contact_id) DO UPDATE SET frequency = EXCLUDED.frequency, recency_weeks = EXCLUDED.recency_weeks,
           t_weeks = EXCLUDED.t_weeks, p_alive = EXCLUDED.p_alive, expected_purchases_30 = EXCLUDED.expected_purchases_30,
           expected_purchases_90 = EXCLUDED.expected_purchases_90, expected_purchases_365 = EXCLUDED.expected_purchases_365,
           expected_order_value_minor = EXCLUDED.expected_order_value_minor, clv_minor = EXCLUDED.clv_minor,
           currency = EXCLUDED.currency, run_id = EXCLUDED.run_id, computed_at = now()`,
        [
          s.map((c) => c.customerId),
          workspaceId,
          currency,
          runId,
          s.map((c) => c.frequency),
          s.map((c) => c.recency),
          s.map((c) => c.T),
          s.map((c) => c.pAlive),
          s.map((c) => c.expectedPurchases30),
          s.map((c) => c.expectedPurchases90),
          s.map((c) => c.expectedPurchases365),
          s.map((c) => roundOrNull(c.expectedAverageValue)),
          s.map((c) => roundOrNull(c.clv)),
        ],
      );
    }
    await saveModelResults(q, workspaceId, 'ltv', runId, [
      {
        subjectType: 'workspace',
        subjectId: workspaceId,
        result: {
          status: 'completed',
          asOf,
          currency,
          bgnbd: report.bgnbd,
          gammaGamma: report.gammaGamma,
          clv: CLV,
          customers: customers.length,
          otherCurrencyOrders: r.rows.length - tx.length,
          zeroValueOccasions: report.zeroValueOccasions,
          holdout: holdout
            ? { calibrationEnd: addDays(first, Math.floor((span * 2) / 3)), holdoutEnd: asOf, ...holdout }
            : null,
          distribution: distributions(customers),
        },
      },
    ]);
    const insight = churnInsight(customers, currency, asOf);
    if (insight) await upsertInsights(q, workspaceId, runId, [insight]);
  });
  return { status: 'completed', customers: customers.length, atRisk: atRisk(customers).length, currency };
}

const roundOrNull = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.round(v));

const atRisk = (customers: readonly CustomerLtv[]) =>
  customers.filter((c) => c.frequency >= 1 && c.pAlive < CHURN_P_ALIVE);

/** Histograms a dashboard draws: P(alive) in tenths, CLV in quantile bins (minor units). */
function distributions(customers: readonly CustomerLtv[]) {
  const pAlive = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, customers: 0 }));
  for (const c of customers) pAlive[Math.min(9, Math.floor(c.pAlive * 10))].customers++;
  const clvs = customers.map((c) => c.clv ?? 0).sort((a, b) => a - b);
  const q = (p: number) => Math.round(clvs[Math.min(clvs.length - 1, Math.floor(p * clvs.length))] ?? 0);
  return {
    pAlive,
    clvQuantiles: [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1].map((p) => ({
      quantile: p,
      clvMinor: p === 1 ? Math.round(clvs.at(-1) ?? 0) : q(p),
    })),
    totalClvMinor: Math.round(clvs.reduce((s, v) => s + v, 0)),
  };
}

/**
 * The churn-risk insight: repeat customers whose P(alive) fell below {@link CHURN_P_ALIVE}, ranked by
 * what they spent. One insight per ISO week (fingerprint), recommending a "Churn risk" segment.
 */
function churnInsight(customers: readonly CustomerLtv[], currency: string, asOf: string): NewInsight | null {
  const risk = atRisk(customers).sort(
    (a, b) => b.monetaryValue * (b.frequency + 1) - a.monetaryValue * (a.frequency + 1),
  );
  if (risk.length === 0) return null;
  const repeaters = customers.filter((c) => c.frequency >= 1).length;
  const share = risk.length / Math.max(1, repeaters);
  const pastValue = Math.round(risk.reduce((s, c) => s + c.monetaryValue * (c.frequency + 1), 0));
  const week = isoWeek(asOf);
  return {
    kind: 'churn_risk',
    severity: share >= 0.3 ? 'critical' : share >= 0.1 ? 'warning' : 'info',
    fingerprint: `churn_risk:${week}`,
    title: `${risk.length} repeat customers are likely to have churned`,
    summary: `${risk.length} of ${repeaters} repeat customers (${(share * 100).toFixed(0)} %) have P(alive) below ${CHURN_P_ALIVE}; they spent about ${(pastValue / 100).toFixed(2)} ${currency} before going quiet.`,
    subjectType: 'workspace',
    subjectId: 'customers',
    evidence: {
      asOf,
      threshold: CHURN_P_ALIVE,
      atRisk: risk.length,
      repeatCustomers: repeaters,
      pastValueMinor: pastValue,
      currency,
      top: risk.slice(0, 20).map((c) => ({
        contactId: c.customerId,
        pAlive: c.pAlive,
        frequency: c.frequency,
        weeksSinceLastPurchase: c.T - c.recency,
        averageOrderMinor: Math.round(c.monetaryValue),
      })),
    },
    recommendation: {
      action: 'add_to_segment',
      segmentName: 'Churn risk',
      contactIds: risk.slice(0, 5_000).map((c) => c.customerId),
    },
  };
}

/** ISO 8601 week label `YYYY-Www` of a UTC day. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - dow + 3);
  const year = d.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week =
    1 + Math.round(((d.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
