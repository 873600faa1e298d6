/**
 * Ad syncs as durable jobs: `requestAdSync` records a sync run and enqueues its `ad-sync` job in one
 * transaction (the API answers 202 with the run); `runAdSync` pulls the platform's daily insights
 * outside any transaction, then stores them, asks for a model run and marks the sync `succeeded` in
 * one transaction. Safe to run twice: a finished sync is not run again, and storing is an upsert.
 */

import { eq, getTableColumns, sql } from 'drizzle-orm';
import { createInsightsConnector } from '../../../integrations/ad-connector-registry.ts';
import type { AdInsightsRecord } from '../../../integrations/contract/ad-connector.ts';
import type { SecretBox } from '../../../kernel/crypto/secret-box.ts';
import type { Database, Queryable } from '../../../kernel/db/database.ts';
import { orm, scoped } from '../../../kernel/db/orm.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { outboundHttp } from '../../../kernel/http-client/client.ts';
import { type JobError, jobFailure } from '../../../kernel/queue/job-failure.ts';
import type { JobQueue } from '../../../kernel/queue/queue.ts';
import { adAccounts, adSyncRuns } from '../intelligence.schema.ts';
import { requestRun } from '../runs/runs.repository.ts';
import { learnAccountTimeZone, type RequestedDays } from './account-time-zone.ts';
import { storeAdRecords } from './ads.repository.ts';

/** Data of an `ad-sync` job: the sync run to execute. */
export interface AdSyncJob {
  syncId: string;
  /**
   * The days the request named (the others were defaults): lets the job compute the defaults again
   * once it learns the account's time zone. Absent in jobs queued before it existed.
   */
  requested?: RequestedDays;
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
  log: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** The clock of defaulted days recomputed in a learned time zone (default: the real clock). */
  now?: () => Date;
}

/** Tries of one sync before it fails for good (transient platform errors only). */
export const AD_SYNC_MAX_ATTEMPTS = 5;

/** An `ad_sync_runs` row as Drizzle reads it (days as `YYYY-MM-DD`, times as `Date`). */
export type AdSyncRow = typeof adSyncRuns.$inferSelect;

/**
 * The columns of a sync run, its days read as text: the pg driver reads a `date` as local midnight,
 * which Drizzle's ISO conversion turns into the day before east of UTC.
 */
const SYNC_COLUMNS = {
  ...getTableColumns(adSyncRuns),
  since: sql<string>`${adSyncRuns.since}::text`,
  until: sql<string>`${adSyncRuns.until}::text`,
};

/** Maps an `ad_sync_runs` row to its API view (times ISO 8601 UTC). */
export function toAdSyncView(r: AdSyncRow): AdSyncView {
  return {
    id: r.id,
    accountId: r.accountId,
    since: r.since,
    until: r.until,
    // The table's CHECK constraint holds `state` to these four values.
    state: r.state as AdSyncView['state'],
    records: r.records,
    runId: r.runId,
    // Only `recordFailure` writes `error`: a `JobError` or null.
    error: r.error as JobError | null,
    attempts: r.attempts,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** The sync `id` of the workspace as the API shows it; null when there is none (or `id` is no uuid). */
export async function findAdSync(db: Queryable, workspaceId: string, id: string): Promise<AdSyncView | null> {
  if (!isUuid(id)) return null;
  const ws = scoped(db, workspaceId);
  const [row] = await ws.db
    .select(SYNC_COLUMNS)
    .from(adSyncRuns)
    .where(ws.where(adSyncRuns, eq(adSyncRuns.id, id)));
  return row ? toAdSyncView(row) : null;
}

/**
 * Records a sync of `accountId` for the inclusive days `[since, until]` and enqueues its job in the
 * same transaction. `requested` holds the days the caller named (the rest were defaulted; see
 * {@link AdSyncJob}). The caller has checked the account exists and has a connector.
 */
export async function requestAdSync(
  db: Database,
  queue: JobQueue,
  workspaceId: string,
  accountId: string,
  range: { since: string; until: string },
  requestedBy: string | null,
  requested: RequestedDays = range,
): Promise<AdSyncView> {
  return db.transaction(async (tx) => {
    const ws = scoped(tx, workspaceId);
    const [row] = await ws.db
      .insert(adSyncRuns)
      .values(ws.values({ accountId, since: range.since, until: range.until, requestedBy }))
      .returning(SYNC_COLUMNS);
    const view = toAdSyncView(row!);
    const named = { since: requested.since, until: requested.until };
    await queue.enqueue<AdSyncJob>('ad-sync', { syncId: view.id, requested: named }, {}, tx);
    return view;
  });
}

/**
 * The `ad-sync` job: reloads the sync; returns if it is gone or finished. Otherwise marks it
 * `running`; for an account without a time zone of its own, asks the platform for it and stores it
 * (its defaulted days then follow that zone: `learnAccountTimeZone`; a failed ask changes nothing);
 * fetches every page from the platform (no transaction open meanwhile), then in one
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
      since: SYNC_COLUMNS.since,
      until: SYNC_COLUMNS.until,
      state: adSyncRuns.state,
      attempts: adSyncRuns.attempts,
      platform: adAccounts.platform,
      externalId: adAccounts.externalId,
      connector: adAccounts.connector,
      timeZone: adAccounts.timeZone,
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
    // An account following its workspace's zone: learn the platform's (no transaction open) first.
    const days =
      s.timeZone === null
        ? await learnAccountTimeZone(
            deps,
            connector,
            {
              workspaceId: s.workspaceId,
              accountId: s.accountId,
              externalId: s.externalId,
              syncId: job.syncId,
              requested: job.requested,
            },
            deps.now?.() ?? new Date(),
          )
        : null;
    const records: AdInsightsRecord[] = [];
    for await (const rec of connector.fetchDailyInsights({
      accountId: s.externalId,
      since: days?.since ?? s.since,
      until: days?.until ?? s.until,
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
