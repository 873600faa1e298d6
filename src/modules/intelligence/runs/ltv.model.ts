import type { Database, Queryable } from '../../../kernel/db/database.ts';
import { SERVER_STATEMENT, statementSizes } from '../../../kernel/db/statement-size.ts';
import { upsertInsights } from '../insights/insights.repository.ts';
import { type Fits, localFits } from './fits.ts';
import { type LtvCustomerColumns, type LtvOrderColumns, ltvOrderColumnsBuilder } from './ltv.columns.ts';
import { CLV, type ClvSetting, type LtvOrderRow } from './ltv.fit.ts';
import { saveModelResults } from './model-results.ts';

export { CHURN_MIN_EXPECTED_PRECISION, CHURN_P_ALIVE, isoWeek } from './ltv.fit.ts';

/** What an LTV run reports back to the run's summary. */
export interface LtvRunSummary {
  status: 'completed' | 'insufficient_data';
  reason?: string;
  customers?: number;
  atRisk?: number;
  /** The run's "likely gone" P(alive) threshold (chosen from the data, see ltv.fit.ts). */
  churnThreshold?: number;
  currency?: string;
}

/**
 * The LTV and churn model run for one workspace: fits BG/NBD + Gamma-Gamma (see src/models/ltv)
 * to the workspace's orders in its main currency with the calibration period ending `asOf` (a
 * `YYYY-MM-DD` day: the job passes today in the workspace's time zone, intel-run.job.ts),
 * stores per-contact predictions (`contact_ltv`: P(alive), expected purchases in 30/90/365 days,
 * expected order value and CLV over CLV_HORIZON_MONTHS discounted at CLV_MONTHLY_DISCOUNT_RATE, in minor units), the workspace
 * summary with the calibration/holdout check (history split at two thirds of its span) and the
 * distributions a dashboard charts, the run's "likely gone" threshold (`result.churn`), and a
 * weekly churn-risk insight recommending a segment.
 * Idempotent: every write is an upsert. The fit itself runs through `fits` (a worker thread in a
 * server, see fits.ts); this function only reads and writes.
 */
export async function runLtvModel(
  db: Database,
  workspaceId: string,
  runId: string | null,
  asOf: string,
  fits: Fits = localFits,
  clv: ClvSetting = CLV,
): Promise<LtvRunSummary> {
  // Read and converted to columns a batch at a time: the orders cross to the fit's thread as typed arrays.
  const size = statementSizes(db.kind);
  const orders = await loadOrderColumns(db, workspaceId, asOf, size.readRows);
  const fit = await fits('ltv', { orders, asOf, clv });
  if (fit.status === 'insufficient_data') {
    await saveModelResults(db, workspaceId, 'ltv', runId, [
      { subjectType: 'workspace', subjectId: workspaceId, result: fit },
    ]);
    return fit;
  }
  const { customers, currency } = fit;
  // One statement per chunk, not one transaction: on the embedded database a transaction holds the
  // only connection, and with it the API, until it ends. Each row is its contact's latest prediction.
  const n = customers.customerIds.length;
  const chunk = size.writeRows;
  for (let i = 0; i < n; i += chunk) {
    const slice = (f: Exclude<keyof LtvCustomerColumns, 'customerIds'>) =>
      Array.from(customers[f].subarray(i, i + chunk));
    await db.query(
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
        customers.customerIds.slice(i, i + chunk),
        workspaceId,
        currency,
        runId,
        slice('frequency'),
        slice('recency'),
        slice('T'),
        slice('pAlive'),
        slice('expectedPurchases30'),
        slice('expectedPurchases90'),
        slice('expectedPurchases365'),
        slice('expectedAverageValue').map(roundOrNull),
        slice('clv').map(roundOrNull),
      ],
    );
  }
  await db.transaction(async (q) => {
    await saveModelResults(q, workspaceId, 'ltv', runId, [
      { subjectType: 'workspace', subjectId: workspaceId, result: fit.result },
    ]);
    if (fit.insight) await upsertInsights(q, workspaceId, runId, [fit.insight]);
  });
  return {
    status: 'completed',
    customers: customers.customerIds.length,
    atRisk: fit.atRisk,
    churnThreshold: fit.churn.threshold,
    currency,
  };
}

/**
 * The workspace's orders placed on or before `asOf` as {@link LtvOrderColumns}, read in batches of
 * `batch` (default 10,000; a run passes 1,000 on the embedded database, kernel/db/statement-size.ts)
 * by keyset on the `orders_workspace` index (newest first) and converted batch by batch, so a
 * million customers' orders never live as row objects all at once on the API's thread (as one result
 * they held it in garbage collection for up to half a second at a time). On the embedded database a
 * query runs on the API's thread too: a batch of 10,000 took about 0.1 s there, one of 1,000 about
 * 0.01 s, which bounds the pause whatever the workspace's size.
 */
export async function loadOrderColumns(
  db: Queryable,
  workspaceId: string,
  asOf: string,
  batch = SERVER_STATEMENT.readRows,
): Promise<LtvOrderColumns> {
  const columns = ltvOrderColumnsBuilder();
  const select = `SELECT id, created_at::text AS created_at, contact_id, ordered_on::text AS day,
      amount_minor::text AS amount_minor, currency
    FROM orders WHERE workspace_id = $1 AND ordered_on <= $2::date`;
  const order = `ORDER BY created_at DESC, id DESC LIMIT ${batch}`;
  let after: [string, string] | null = null;
  for (;;) {
    const r: { rows: (LtvOrderRow & { id: string; created_at: string })[] } = after
      ? await db.query(`${select} AND (created_at, id) < ($3::timestamptz, $4::uuid) ${order}`, [
          workspaceId,
          asOf,
          ...after,
        ])
      : await db.query(`${select} ${order}`, [workspaceId, asOf]);
    columns.add(r.rows);
    if (r.rows.length < batch) return columns.finish();
    const last = r.rows[r.rows.length - 1];
    after = [last.created_at, last.id];
  }
}

const roundOrNull = (v: number) => (Number.isFinite(v) ? Math.round(v) : null);
