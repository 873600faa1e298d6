import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../kernel/dates/calendar-day.ts';
import { zonedDay } from '../../kernel/dates/time-zone.ts';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import { call } from '../workspaces/test-call.ts';
import { runIntelJob } from './runs/intel-run.job.ts';
import { requestRun } from './runs/runs.repository.ts';

// Clocks are pinned through the jobs' `now` and explicit instants; the only real clock is the
// route's default sync range, checked against the days just before and after the request.
describe.each(testBackends())(
  'days, schedules and "yesterday" in each workspace’s time zone on %s',
  (backend) => {
    let omnify: TestOmnify;
    let home: string;
    let other: { id: string; key: string };
    const deps = (now: string) => ({
      ...omnify.ctx,
      config: { ...omnify.ctx.config, intelSchedule: '0 3 * * *' },
      now: () => new Date(now),
    });
    const runsOf = async (workspaceId: string) =>
      (
        await omnify.db.query<{ reason: string }>(
          `SELECT reason FROM model_runs WHERE workspace_id = $1 AND reason = 'schedule'`,
          [workspaceId],
        )
      ).rows.length;

    beforeAll(async () => {
      omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
      home = (await omnify.api('GET', '/api/v1/workspace')).json.id;
      const made = await omnify.api('POST', '/api/v1/workspaces', {
        name: 'Auckland',
        timeZone: 'Pacific/Auckland',
      });
      other = { id: made.json.workspace.id, key: made.json.apiKey.key };
      expect((await omnify.api('PATCH', '/api/v1/workspace', { timeZone: 'Europe/Berlin' })).status).toBe(
        200,
      );
      // Both exist long before the pinned clocks below.
      await omnify.db.query(`UPDATE workspaces SET created_at = '2026-01-01T00:00:00Z'`);
    }, 60_000);
    afterAll(() => omnify?.close());

    it('runs the schedule at 03:00 local in each workspace, once per slot', async () => {
      // 01:00Z on 2026-06-10 is 03:00 in Berlin (CEST); 03:00 in Auckland (NZST) is 15:00Z.
      await runIntelJob(deps('2026-06-10T01:00:00Z'), { allWorkspaces: true });
      await runIntelJob(deps('2026-06-10T01:15:00Z'), { allWorkspaces: true });
      expect([await runsOf(home), await runsOf(other.id)]).toEqual([1, 0]);
      await runIntelJob(deps('2026-06-10T14:45:00Z'), { allWorkspaces: true });
      expect(await runsOf(other.id)).toBe(0);
      await runIntelJob(deps('2026-06-10T15:00:00Z'), { allWorkspaces: true });
      await runIntelJob(deps('2026-06-10T15:15:00Z'), { allWorkspaces: true });
      expect([await runsOf(home), await runsOf(other.id)]).toEqual([1, 1]);
      const claimed = await omnify.db.query<{ workspace_id: string; slot: string }>(
        `SELECT workspace_id, to_char(last_slot AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS slot FROM intel_schedules`,
      );
      expect(Object.fromEntries(claimed.rows.map((r) => [r.workspace_id, r.slot]))).toEqual({
        [home]: '2026-06-10T01:00',
        [other.id]: '2026-06-10T15:00',
      });
      // `off` asks nobody.
      await runIntelJob(
        { ...deps('2026-06-11T01:00:00Z'), config: { ...omnify.ctx.config, intelSchedule: 'off' } },
        {
          allWorkspaces: true,
        },
      );
      expect(await runsOf(home)).toBe(1);
    });

    it('runs the churn/LTV model as of today in the workspace’s zone', async () => {
      // 2026-06-10T20:00Z is already 08:00 on 06-11 in Auckland, still 22:00 on 06-10 in Berlin.
      const asOf = async (workspaceId: string) => {
        const runId = await requestRun(omnify.ctx.queue, omnify.db, workspaceId, ['ltv'], 'test');
        await runIntelJob(deps('2026-06-10T20:00:00Z'), { runId });
        const run = await omnify.db.query<{ summary: { ltv: { asOf: string } } }>(
          'SELECT summary FROM model_runs WHERE id = $1',
          [runId],
        );
        return run.rows[0]!.summary.ltv.asOf;
      };
      expect(await asOf(home)).toBe('2026-06-10');
      expect(await asOf(other.id)).toBe('2026-06-11');
    });

    it('gives ad accounts the workspace’s zone or their own, and syncs up to yesterday there', async () => {
      const account = async (timeZone?: string) =>
        call(omnify.url, other.key, 'POST', '/api/v1/intelligence/ads/accounts', {
          platform: 'meta',
          externalId: `act_${timeZone ? 2 : 1}`,
          currency: 'USD',
          ...(timeZone ? { timeZone } : {}),
          config: { accessToken: 'EAAB-test', apiBaseUrl: 'http://127.0.0.1:9' },
        });
      const bad = await account('America/Los_Angles');
      expect(bad.status).toBe(400);
      expect(bad.json.error.details.fields).toEqual([
        {
          path: '/body/timeZone',
          message: '"America/Los_Angles" is not an IANA time zone name; did you mean "America/Los_Angeles"?',
        },
      ]);
      const follows = await account();
      expect(follows.json).toMatchObject({ timeZone: null, effectiveTimeZone: 'Pacific/Auckland' });
      const own = await account('america/los_angeles');
      expect(own.json).toMatchObject({
        timeZone: 'America/Los_Angeles',
        effectiveTimeZone: 'America/Los_Angeles',
      });

      const yesterdays = (zone: string, during: () => Promise<unknown>) => {
        const before = addDays(zonedDay(new Date(), zone), -1);
        return during().then((r) => ({ r, days: [before, addDays(zonedDay(new Date(), zone), -1)] }));
      };
      for (const [acc, zone] of [
        [follows.json, 'Pacific/Auckland'],
        [own.json, 'America/Los_Angeles'],
      ] as const) {
        const { r, days } = await yesterdays(zone, () =>
          call(omnify.url, other.key, 'POST', `/api/v1/intelligence/ads/accounts/${acc.id}/sync`),
        );
        const sync = (r as { status: number; json: { since: string; until: string } }).json;
        expect((r as { status: number }).status, JSON.stringify(sync)).toBe(202);
        expect(days).toContain(sync.until);
        expect(sync.since).toBe(addDays(sync.until, -29));
      }

      // Back to the workspace's zone; an admin of another workspace cannot touch it.
      const path = `/api/v1/intelligence/ads/accounts/${own.json.id}`;
      expect((await omnify.api('PATCH', path, { timeZone: null })).status).toBe(404);
      const back = await call(omnify.url, other.key, 'PATCH', path, { timeZone: null });
      expect(back.status).toBe(200);
      expect(back.json).toMatchObject({ timeZone: null, effectiveTimeZone: 'Pacific/Auckland' });
      expect((await call(omnify.url, other.key, 'PATCH', path, { timeZone: 'Nowhere/Land' })).status).toBe(
        400,
      );
      const listed = (await call(omnify.url, other.key, 'GET', '/api/v1/intelligence/ads/accounts')).json
        .data;
      expect(listed.map((a: { effectiveTimeZone: string }) => a.effectiveTimeZone)).toEqual([
        'Pacific/Auckland',
        'Pacific/Auckland',
      ]);
    });

    it('stores imported date-times on the workspace’s day', async () => {
      const csv = 'customer_id,date,amount\nA,2024-01-01T23:30:00-05:00,10\nB,2024-01-01T02:00:00Z,20\n';
      const preview = async (key: string) => {
        const r = await call(omnify.url, key, 'POST', '/api/v1/orders/import', {
          csv,
          dryRun: true,
          options: { dateFormat: 'ISO-DATETIME', currency: 'EUR' },
        });
        expect(r.status, JSON.stringify(r.json)).toBe(200);
        return r.json.preview.sample.map((o: { date: string }) => o.date);
      };
      expect(await preview(other.key)).toEqual(['2024-01-02', '2024-01-01']); // Auckland (+13 in January)
      await omnify.api('PATCH', '/api/v1/workspace', { timeZone: 'America/Chicago' });
      expect(await preview(TEST_API_KEY)).toEqual(['2024-01-01', '2023-12-31']);
    });
  },
);
