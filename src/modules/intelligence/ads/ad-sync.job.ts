/**
 * Ad syncs as durable jobs: `requestAdSync` records a sync run and enqueues its `ad-sync` job in one
 * transaction (the API answers 202 with the run); `runAdSync` pulls the platform's daily insights
 * outside any transaction, then stores them, asks for a model run and marks the sync `succeeded` in
 * one transaction. Safe to run twice: a finished sync is not run again, and storing is an upsert.
 */

import { eq, sql } from 'drizzle-orm';
import { createInsightsConnector } from '../../../integrations/ad-connector-registry.ts';
import type { AdInsightsRecord } from '../../../integrations/contract/ad-connector.ts';
import type { SecretBox } from '../../../kernel/crypto/secret-box.ts';
import type { Database, Queryable } from '../../../kernel/db/database.ts';
import { orm, scoped } from '../../../kernel/db/orm.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { outboundHttp } from '../../../kernel/http-client/client.ts';
import { type JobError, jobFailure } from '../../../kernel/queue/job-failure.ts';
import type { JobQueue } from '../../../kernel/queue/queue.ts';
import { adAccounts, adSyncRuns } from '../intelligence.schema.ts';
import { requestRun } from '../runs/runs.repository.ts';
import { storeAdRecords } from './ads.repository.ts';

/** Data of an `ad-sync` job: the sync run to execute. */
export interface AdSyncJob {
  syncId: string;
}

/** A sync run as the API shows it. `records` and `runId` are set once it succeeded. */
export interface AdSyncView {
  id: string;
  accountId: string;
  since: string;
  until: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  records: number | null;
  runId: string | null;
  error: JobError | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** What the sync job needs. */
export interface AdSyncDeps {
  config: { allowPrivateUrls: boolean };
  db: Database;
  queue: JobQueue;
  secrets: SecretBox;
  log: { error(obj: object, msg: string): void };
}

/** Tries of one sync before it fails for good (transient platform errors only). */
export const AD_SYNC_MAX_ATTEMPTS = 5;

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** Maps an `ad_sync_runs` row (dates selected as text). */
export function toAdSyncView(r: any): AdSyncView {
  return {
    id: r.id,
    accountId: r.account_id,
    since: day(r.since),
    until: day(r.until),
    state: r.state,
    records: r.records ?? null,
    runId: r.run_id ?? null,
    error: r.error ?? null,
    attempts: r.attempts,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

/** Columns of a sync run with its days as text (no time-zone shift). */
export const AD_SYNC_COLUMNS = `id, account_id, since::text AS since, until::text AS until, state, records, run_id,
  error, attempts, created_at, started_at, finished_at`;

/**
 * Records a sync of `accountId` for the inclusive days `[since, until]` and enqueues its job in the
 * same transaction. The caller has checked the account exists and has a connector.
 */
export async function requestAdSync(
  db: Database,
  queue: JobQueue,
  workspaceId: string,
  accountId: string,
  range: { since: string; until: string },
  requestedBy: string | null,
): Promise<AdSyncView> {
  return db.transaction(async (tx) => {
    const r = await tx.query(
      `INSERT INTO ad_sync_runs (workspace_id, account_id, since, until, requested_by)
       VALUES ($1, $2, $3::date, $4::date, $5) RETURNING ${AD_SYNC_COLUMNS}`,
      [workspaceId, accountId, range.since, range.until, requestedBy],
    );
    const view = toAdSyncView(r.rows[0]);
    await queue.enqueue<AdSyncJob>('ad-sync', { syncId: view.id }, {}, tx);
    return view;
  });
}

/**
 * The `ad-sync` job: reloads the sync; returns if it is gone or finished. Otherwise marks it
 * `running`, fetches every page from the platform (no transaction open meanwhile), then in one
 * transaction stores the records, requests a model run (when there were any) and marks it
 * `succeeded`. A transient platform error puts it back to `queued` with a delayed retry job (same
 * transaction); other errors mark it `failed` with the error's code and message. A crash before the
 * final commit leaves it `running`: pg-boss redelivers the job, which runs it again from the start.
 */
export async function runAdSync(deps: AdSyncDeps, job: AdSyncJob): Promise<void> {
  // unscoped: the ad-sync job loads its sync by id (the row tells the workspace)
  const [s] = await orm(deps.db)
    .select({
      workspaceId: adSyncRuns.workspaceId,
      accountId: adSyncRuns.accountId,
      since: adSyncRuns.since,
      until: adSyncRuns.until,
      state: adSyncRuns.state,
      attempts: adSyncRuns.attempts,
      platform: adAccounts.platform,
      externalId: adAccounts.externalId,
      connector: adAccounts.connector,
    })
    .from(adSyncRuns)
    .innerJoin(adAccounts, eq(adAccounts.id, adSyncRuns.accountId))
    .where(eq(adSyncRuns.id, job.syncId));
  if (!s || s.state === 'succeeded' || s.state === 'failed') return;
  const attempts = s.attempts + 1;
  const ws = scoped(deps.db, s.workspaceId);
  await ws.db
    .update(adSyncRuns)
    .set({ state: 'running', attempts, startedAt: sql`COALESCE(${adSyncRuns.startedAt}, now())` })
    .where(ws.where(adSyncRuns, eq(adSyncRuns.id, job.syncId)));
  try {
    if (!s.connector) {
      throw new OmnifyError('OMNIFY_ERR_CONFLICT', 'This account has no connector; import a CSV instead.');
    }
    const stored = deps.secrets.open<{ platform: string; config: unknown }>(
      s.connector,
      'ad_accounts',
      'connector',
      s.accountId,
    );
    const connector = createInsightsConnector(stored.platform, stored.config, {
      http: outboundHttp(deps.config),
    });
    const records: AdInsightsRecord[] = [];
    for await (const rec of connector.fetchDailyInsights({
      accountId: s.externalId,
      since: s.since,
      until: s.until,
    }))
      records.push(rec);
    await deps.db.transaction(async (tx) => {
      await storeAdRecords(tx, s.workspaceId, { platform: s.platform }, records);
      const runId =
        records.length > 0
          ? await requestRun(
              deps.queue,
              deps.db,
              s.workspaceId,
              ['anomaly', 'fatigue', 'forecast', 'budget'],
              `sync ${s.accountId}`,
              tx,
            )
          : null;
      const t = scoped(tx, s.workspaceId);
      await t.db
        .update(adSyncRuns)
        .set({ state: 'succeeded', records: records.length, runId, error: null, finishedAt: sql`now()` })
        .where(t.where(adSyncRuns, eq(adSyncRuns.id, job.syncId)));
    });
  } catch (e) {
    await recordFailure(deps, job, s.workspaceId, e, attempts);
  }
}

async function recordFailure(
  deps: AdSyncDeps,
  job: AdSyncJob,
  workspaceId: string,
  e: unknown,
  attempts: number,
) {
  const f = jobFailure(e, attempts, AD_SYNC_MAX_ATTEMPTS);
  if (f.error.code === 'OMNIFY_ERR_INTERNAL')
    deps.log.error({ err: e, syncId: job.syncId }, 'ad sync failed');
  await deps.db.transaction(async (tx: Queryable) => {
    const t = scoped(tx, workspaceId);
    await t.db
      .update(adSyncRuns)
      .set({ state: f.retry ? 'queued' : 'failed', error: f.error, finishedAt: f.retry ? null : sql`now()` })
      .where(t.where(adSyncRuns, eq(adSyncRuns.id, job.syncId)));
    if (f.retry) await deps.queue.enqueue<AdSyncJob>('ad-sync', job, { startAfterMs: f.delayMs }, tx);
  });
}
