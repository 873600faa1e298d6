import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../kernel/dates/calendar-day.ts';
import { testBackends } from '../../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';
import { call } from '../../workspaces/test-call.ts';
import { DEMO_ANOMALIES, DEMO_DAYS } from '../demo/ads-spec.ts';
import { loadDemoData } from '../demo-loader.ts';
import { loadWorkspaceSeries, runSeriesModel } from '../runs/ads.models.ts';

const PATH = '/api/v1/intelligence/known-events';
// As insights-demo.integration.test.ts: a pinned clock, so the demo window ends on Saturday 2026-03-07.
const NOW = new Date('2026-03-09T12:00:00Z');
const END = '2026-03-07';
// The demo's injected CTR collapse, by its day index in the window (2026-02-16 with this end).
const CTR_DAY = addDays(END, DEMO_ANOMALIES.find((a) => a.metric === 'ctr')!.day - (DEMO_DAYS - 1));

describe.each(testBackends())('the calendar of known events on %s', (backend) => {
  let omnify: TestOmnify;
  let viewerKey = '';
  let keyB = '';
  const api = (method: string, path: string, body?: unknown) => omnify.api(method, path, body);
  const fieldsOf = (r: { json: any }) =>
    r.json.error.details.fields as Array<{ path: string; message: string }>;

  beforeAll(async () => {
    // No workers and no schedule: the model runs below are the test's own.
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    viewerKey = (await api('POST', '/api/v1/api-keys', { name: 'viewer', role: 'viewer' })).json.key;
    keyB = (await api('POST', '/api/v1/workspaces', { name: 'B' })).json.apiKey.key;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('adds, lists by start day a page at a time, changes only the fields sent, and deletes', async () => {
    const xmas = await api('POST', PATH, {
      name: '  Christmas\u0000 ',
      startsOn: '2025-12-24',
      endsOn: '2025-12-26',
      recursYearly: true,
    });
    expect(xmas.status).toBe(201);
    expect(xmas.json).toMatchObject({
      name: 'Christmas',
      startsOn: '2025-12-24',
      endsOn: '2025-12-26',
      recursYearly: true,
    });
    const sale = await api('POST', PATH, {
      name: 'Spring sale',
      startsOn: '2026-03-01',
      endsOn: '2026-03-01',
    });
    expect(sale.json.recursYearly).toBe(false);
    const outage = await api('POST', PATH, { name: 'Outage', startsOn: '2025-06-02', endsOn: '2025-06-03' });

    const first = await api('GET', `${PATH}?limit=2`);
    expect(first.json.data.map((e: any) => e.name)).toEqual(['Outage', 'Christmas']);
    const second = await api('GET', `${PATH}?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json).toEqual({ data: [sale.json], nextCursor: null });

    const renamed = await api('PATCH', `${PATH}/${outage.json.id}`, { name: 'Site outage' });
    expect(renamed.json).toMatchObject({ name: 'Site outage', startsOn: '2025-06-02', endsOn: '2025-06-03' });
    const moved = await api('PATCH', `${PATH}/${outage.json.id}`, {
      endsOn: '2025-06-05',
      recursYearly: true,
    });
    expect(moved.json).toMatchObject({ name: 'Site outage', endsOn: '2025-06-05', recursYearly: true });
    expect(Date.parse(moved.json.updatedAt)).toBeGreaterThanOrEqual(Date.parse(outage.json.updatedAt));

    expect((await api('DELETE', `${PATH}/${outage.json.id}`)).status).toBe(204);
    const again = await api('DELETE', `${PATH}/${outage.json.id}`);
    expect([again.status, again.json.error.code]).toEqual([404, 'OMNIFY_ERR_NOT_FOUND']);
    expect((await api('PATCH', `${PATH}/${outage.json.id}`, { name: 'x' })).status).toBe(404);
    expect((await api('DELETE', `${PATH}/not-a-uuid`)).status).toBe(404);
    const left = (await api('GET', PATH)).json.data.map((e: any) => e.name);
    expect(left).toEqual(['Christmas', 'Spring sale']);
    for (const e of [xmas, sale]) await api('DELETE', `${PATH}/${e.json.id}`);
  });

  it('refuses what is not an event with 400 and a message on the field', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [
        { name: 'Sale', startsOn: '2026-03-05', endsOn: '2026-03-01' },
        '/body/endsOn',
        /on or after startsOn/,
      ],
      [{ name: 'Year', startsOn: '2025-01-01', endsOn: '2026-01-03' }, '/body/endsOn', /at most 367 days/],
      [{ name: '   ', startsOn: '2026-03-01', endsOn: '2026-03-01' }, '/body/name', /blank/],
      [{ name: 'x'.repeat(201), startsOn: '2026-03-01', endsOn: '2026-03-01' }, '/body/name', /200/],
      [{ name: 'Leap', startsOn: '2026-02-29', endsOn: '2026-03-01' }, '/body/startsOn', /date|day/],
      [{ name: 'Sale', startsOn: '01/03/2026', endsOn: '2026-03-01' }, '/body/startsOn', /date|day/],
      [{ name: 'Sale', startsOn: '2026-03-01' }, '/body/endsOn', /required/],
      [{ name: 'Sale', startsOn: '2026-03-01', endsOn: '2026-03-01', colour: 'red' }, '/body/colour', /./],
    ];
    for (const [body, path, message] of cases) {
      const r = await api('POST', PATH, body);
      expect([r.status, r.json.error.code], JSON.stringify(body)).toEqual([400, 'OMNIFY_ERR_VALIDATION']);
      const field = fieldsOf(r).find((f) => f.path === path);
      expect(field?.message, `${JSON.stringify(body)}: ${JSON.stringify(fieldsOf(r))}`).toMatch(message);
    }
    // A change is checked against the days it keeps: an end before the stored start is refused.
    const e = (await api('POST', PATH, { name: 'Sale', startsOn: '2026-03-05', endsOn: '2026-03-06' })).json;
    const bad = await api('PATCH', `${PATH}/${e.id}`, { endsOn: '2026-03-01' });
    expect([bad.status, fieldsOf(bad)]).toEqual([
      400,
      [{ path: '/body/endsOn', message: 'endsOn must be on or after startsOn' }],
    ]);
    expect((await api('PATCH', `${PATH}/${e.id}`, {})).status).toBe(400);
    expect((await api('GET', `${PATH}?cursor=bm9wZQ`)).status).toBe(400);
    const forged = Buffer.from(JSON.stringify(['2026-02-30', e.id])).toString('base64url');
    expect((await api('GET', `${PATH}?cursor=${forged}`)).status).toBe(400);
    expect((await api('GET', PATH)).json.data).toEqual([{ ...e }]);
    await api('DELETE', `${PATH}/${e.id}`);
  });

  it('lets a viewer read the calendar but not change it (403)', async () => {
    const e = (await api('POST', PATH, { name: 'Sale', startsOn: '2026-03-05', endsOn: '2026-03-06' })).json;
    const asViewer = (method: string, path: string, body?: unknown) =>
      call(omnify.url, viewerKey, method, path, body);
    expect((await asViewer('GET', PATH)).json.data).toEqual([e]);
    const body = { name: 'Mine', startsOn: '2026-03-01', endsOn: '2026-03-01' };
    for (const [method, path] of [
      ['POST', PATH],
      ['PATCH', `${PATH}/${e.id}`],
      ['DELETE', `${PATH}/${e.id}`],
    ] as const) {
      const r = await asViewer(method, path, method === 'DELETE' ? undefined : body);
      expect([method, r.status, r.json.error.code]).toEqual([method, 403, 'OMNIFY_ERR_FORBIDDEN']);
    }
    expect((await api('GET', PATH)).json.data).toEqual([e]);
    await api('DELETE', `${PATH}/${e.id}`);
  });

  it('keeps each workspace’s calendar to itself: another workspace’s event is not found', async () => {
    const asB = (method: string, path: string, body?: unknown) => call(omnify.url, keyB, method, path, body);
    const b = (await asB('POST', PATH, { name: 'B only', startsOn: '2026-01-10', endsOn: '2026-01-12' }))
      .json;
    expect((await api('GET', PATH)).json.data).toEqual([]);
    expect((await api('PATCH', `${PATH}/${b.id}`, { name: 'taken over' })).status).toBe(404);
    expect((await api('DELETE', `${PATH}/${b.id}`)).status).toBe(404);
    expect((await asB('GET', PATH)).json.data).toEqual([b]);
  });

  it('labels the demo’s CTR collapse with the event covering its day in a model run, and no more once deleted', async () => {
    const made = (await api('POST', '/api/v1/workspaces', { name: 'Demo' })).json;
    const ws = made.workspace.id as string;
    const asDemo = (method: string, path: string, body?: unknown) =>
      call(omnify.url, made.apiKey.key, method, path, body);
    const { runId } = await loadDemoData({ db: omnify.db, queue: omnify.ctx.queue }, ws, 42, NOW);
    const run = async () => {
      const series = await loadWorkspaceSeries(omnify.db, ws);
      await runSeriesModel('anomaly', omnify.db, ws, runId, series);
      const insights = (await asDemo('GET', '/api/v1/intelligence/insights?kind=anomaly&limit=200')).json
        .data as any[];
      expect(insights).toHaveLength(4);
      return { series, insights, ctr: insights.find((i) => i.evidence.anomaly.metric === 'ctr')! };
    };

    const promo = (await asDemo('POST', PATH, { name: 'Promo', startsOn: CTR_DAY, endsOn: CTR_DAY })).json;
    const first = await run();
    expect(first.series.calendar).toEqual([
      { name: 'Promo', startsOn: CTR_DAY, endsOn: CTR_DAY, recursYearly: false },
    ]);
    expect(first.ctr.evidence.anomaly.date).toBe(CTR_DAY);
    expect(first.ctr.title).toMatch(/^Promo: CTR down /);
    expect(first.ctr.summary).toContain(`Known event: Promo (${CTR_DAY}).`);
    expect(first.ctr.evidence.knownEvents).toEqual([
      { name: 'Promo', startsOn: CTR_DAY, endsOn: CTR_DAY, recursYearly: false, past: [] },
    ]);
    // Labelled, not hidden; the other events' days are not covered.
    for (const i of first.insights.filter((x) => x !== first.ctr)) {
      expect(i.title).not.toContain('Promo');
      expect(i.evidence.knownEvents).toBeUndefined();
    }

    // A yearly event stored in an earlier year covers the same month-days now (the same insight).
    const twoYearsBefore = (day: string) => `${Number(day.slice(0, 4)) - 2}${day.slice(4)}`;
    const yearly = {
      startsOn: twoYearsBefore(addDays(CTR_DAY, -1)),
      endsOn: twoYearsBefore(addDays(CTR_DAY, 1)),
    };
    await asDemo('PATCH', `${PATH}/${promo.id}`, { ...yearly, recursYearly: true });
    const second = await run();
    expect(second.ctr.id).toBe(first.ctr.id);
    expect(second.ctr.title).toMatch(/^Promo: CTR down /);
    expect(second.ctr.evidence.knownEvents).toEqual([
      {
        name: 'Promo',
        startsOn: addDays(CTR_DAY, -1),
        endsOn: addDays(CTR_DAY, 1),
        recursYearly: true,
        past: [],
      },
    ]);
    expect(second.ctr.summary).toContain('no earlier occurrence in the data');

    expect((await asDemo('DELETE', `${PATH}/${promo.id}`)).status).toBe(204);
    const third = await run();
    expect(third.series.calendar).toEqual([]);
    expect(third.ctr.title).toMatch(/^CTR down /);
    expect(third.ctr.evidence.knownEvents).toBeUndefined();
  }, 180_000);
});
