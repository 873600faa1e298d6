import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { testBackends } from '../../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';
import { runInsightAction } from './action.job.ts';
import type { PlatformGateway } from './actions.ts';

/** A platform holding campaign budgets by external id, counting the changes made to it. */
function fakePlatform(budgets: Map<string, number>) {
  const sets: number[] = [];
  let failNext: OmnifyError | null = null;
  let hangNext = false;
  const gateway: PlatformGateway = {
    async setBudget(_q, _account, change) {
      if (failNext) {
        const e = failNext;
        failNext = null;
        throw e;
      }
      const previous = budgets.get(change.campaignExternalId);
      budgets.set(change.campaignExternalId, change.dailyBudgetMinor);
      sets.push(change.dailyBudgetMinor);
      // A process killed right after the platform answered: the outcome is never recorded.
      if (hangNext) {
        hangNext = false;
        return new Promise(() => {});
      }
      return { previousDailyBudgetMinor: previous };
    },
    async getBudget(_q, _account, campaignExternalId) {
      return budgets.get(campaignExternalId) ?? null;
    },
    async setAdStatus() {
      return null;
    },
  };
  return {
    gateway,
    sets,
    failOnce: (e: OmnifyError) => (failNext = e),
    hangOnce: () => (hangNext = true),
  };
}

describe.each(testBackends())('insight action jobs on %s', (backend) => {
  let omnify: TestOmnify;
  let ws = '';
  let campaignId = '';

  beforeAll(async () => {
    // No workers: the test runs each job itself, like a redelivery after a crash.
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    ws = (await omnify.db.query<{ id: string }>('SELECT id FROM workspaces')).rows[0]!.id;
    const acc = await omnify.db.query<{ id: string }>(
      `INSERT INTO ad_accounts (workspace_id, platform, external_id, currency) VALUES ($1, 'meta', '1', 'USD') RETURNING id`,
      [ws],
    );
    const camp = await omnify.db.query<{ id: string }>(
      `INSERT INTO ad_campaigns (workspace_id, account_id, external_id, daily_budget_minor)
       VALUES ($1, $2, 'c-1', 5000) RETURNING id`,
      [ws, acc.rows[0]!.id],
    );
    campaignId = camp.rows[0]!.id;
  });
  afterAll(async () => {
    await omnify?.close();
  });

  const budgetInsight = async (fingerprint: string, to: number) =>
    (
      await omnify.db.query<{ id: string }>(
        `INSERT INTO insights (workspace_id, kind, severity, fingerprint, title, summary, subject_type, subject_id, evidence, recommendation)
         VALUES ($1, 'budget', 'info', $2, 'Raise the budget', 'test', 'account', 'a', '{}', $3::jsonb) RETURNING id`,
        [
          ws,
          fingerprint,
          JSON.stringify({
            action: 'set_campaign_budgets',
            currency: 'USD',
            changes: [{ campaignId, fromDailyBudgetMinor: 5000, toDailyBudgetMinor: to }],
          }),
        ],
      )
    ).rows[0]!.id;
  const action = async (id: string) => (await omnify.api('GET', `/api/v1/intelligence/actions/${id}`)).json;

  it('recovers from a crash between the platform call and recording it, without applying twice', async () => {
    const platform = fakePlatform(new Map([['c-1', 5000]]));
    const queued = await omnify.api(
      'POST',
      `/api/v1/intelligence/insights/${await budgetInsight('t:crash', 6250)}/apply`,
    );
    expect(queued.status).toBe(202);
    const deps = { ...omnify.ctx, platform: platform.gateway };
    platform.hangOnce();
    void runInsightAction(deps, { actionId: queued.json.id }); // the process "dies" inside the platform call
    await omnify.until(
      'the intent to be recorded',
      async () => (await action(queued.json.id)).state === 'running',
    );
    await omnify.until('the platform call', async () => platform.sets.length === 1);
    const row = await omnify.db.query<{ steps: any[] }>('SELECT steps FROM insight_actions WHERE id = $1', [
      queued.json.id,
    ]);
    expect(row.rows[0]!.steps).toMatchObject([{ state: 'calling', omnifyBefore: 5000, to: 6250 }]);

    // pg-boss redelivers the job: the platform already holds 6250, so it is not set again, and the
    // value to restore is the one recorded with the intent (not the platform's 6250).
    await runInsightAction(deps, { actionId: queued.json.id });
    const done = await action(queued.json.id);
    expect(done).toMatchObject({
      status: 'applied',
      state: 'succeeded',
      target: 'platform',
      before: { campaigns: [{ campaignId, dailyBudgetMinor: 5000 }] },
      after: { campaigns: [{ campaignId, dailyBudgetMinor: 6250 }] },
    });
    expect(platform.sets).toEqual([6250]);
    // A third delivery of a finished job changes nothing.
    await runInsightAction(deps, { actionId: queued.json.id });
    expect(platform.sets).toEqual([6250]);

    expect((await omnify.api('POST', `/api/v1/intelligence/actions/${done.id}/rollback`)).status).toBe(202);
    await runInsightAction(deps, { actionId: done.id });
    expect(await action(done.id)).toMatchObject({ status: 'rolled_back', state: 'succeeded' });
    expect(platform.sets).toEqual([6250, 5000]);
  });

  it('retries a transient platform error later and records a permanent one as failed', async () => {
    const platform = fakePlatform(new Map([['c-1', 5000]]));
    const deps = { ...omnify.ctx, platform: platform.gateway };
    const insightId = await budgetInsight('t:errors', 7000);
    const queued = (await omnify.api('POST', `/api/v1/intelligence/insights/${insightId}/apply`)).json;
    platform.failOnce(new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', 'Meta answered 503'));
    await runInsightAction(deps, { actionId: queued.id });
    expect(await action(queued.id)).toMatchObject({
      status: 'pending',
      state: 'queued',
      error: { code: 'OMNIFY_ERR_PLATFORM_TRANSIENT', message: 'Meta answered 503' },
    });
    const retry = await omnify.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM pgboss.job WHERE name = 'insight-action' AND data->>'actionId' = $1
         AND start_after > now()`,
      [queued.id],
    );
    expect(Number(retry.rows[0]!.n)).toBe(1);

    platform.failOnce(new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', 'Invalid OAuth access token'));
    await runInsightAction(deps, { actionId: queued.id });
    expect(await action(queued.id)).toMatchObject({
      status: 'failed',
      state: 'failed',
      error: { code: 'OMNIFY_ERR_PLATFORM_REJECTED' },
    });
    expect(platform.sets).toEqual([]);
    // A failed apply frees the insight: it can be applied again.
    expect((await omnify.api('POST', `/api/v1/intelligence/insights/${insightId}/apply`)).status).toBe(202);
  });

  it('answers 404 for an unknown action and 409 for a rollback while the apply is pending', async () => {
    expect((await omnify.api('GET', '/api/v1/intelligence/actions/nope')).status).toBe(404);
    const queued = (
      await omnify.api(
        'POST',
        `/api/v1/intelligence/insights/${await budgetInsight('t:pending', 8000)}/apply`,
      )
    ).json;
    expect((await omnify.api('POST', `/api/v1/intelligence/actions/${queued.id}/rollback`)).status).toBe(409);
  });
});
