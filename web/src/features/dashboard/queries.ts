/**
 * Dashboard server state: insights (list and one, with chart data), actions (apply / rollback
 * jobs, polled while queued or running), stored model results and the demo loader, as TanStack
 * Query options over the typed client.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type ListQuery = NonNullable<paths['/api/v1/intelligence/insights']['get']['parameters']['query']>;
/** An insight as listed: `{id, kind, severity, status, title, summary, evidence, recommendation, …}`. */
export type Insight = Awaited<ReturnType<typeof fetchInsight>>;
/** An apply / rollback action: `{id, insightId, status, operation, state, before, after, …}`. */
export type Action = Awaited<ReturnType<typeof fetchAction>>;
export type InsightKind = Insight['kind'];
export type InsightStatus = Insight['status'];

/** Dashboard filters kept in the URL; `status` `open` means new or acknowledged. */
export interface DashboardFilters {
  kind?: InsightKind;
  status?: InsightStatus | 'open' | 'all';
}

async function fetchInsight(id: string) {
  return unwrap(await api.GET('/api/v1/intelligence/insights/{id}', { params: { path: { id } } }));
}

async function fetchAction(id: string) {
  return unwrap(await api.GET('/api/v1/intelligence/actions/{id}', { params: { path: { id } } }));
}

async function fetchInsightPage(f: DashboardFilters, status: InsightStatus | undefined) {
  const query: ListQuery = { limit: 100 };
  if (f.kind) query.kind = f.kind;
  if (status) query.status = status;
  return unwrap(await api.GET('/api/v1/intelligence/insights', { params: { query } })).data;
}

/** The insights under the filters (first 100 per status; `open` = new + acknowledged). */
export const insightsQuery = (f: DashboardFilters) =>
  queryOptions({
    queryKey: ['insights', f],
    queryFn: async (): Promise<Insight[]> => {
      const status = f.status ?? 'open';
      if (status === 'open')
        return [...(await fetchInsightPage(f, 'new')), ...(await fetchInsightPage(f, 'acknowledged'))];
      return fetchInsightPage(f, status === 'all' ? undefined : status);
    },
  });

/** One insight with its `chart` data. */
export const insightQuery = (id: string) =>
  queryOptions({ queryKey: ['insight', id], queryFn: () => fetchInsight(id), staleTime: 30_000 });

/** Whether an action's job is still to finish (`queued` or `running`). */
export const actionBusy = (a: Action | undefined): boolean =>
  !!a && (a.state === 'queued' || a.state === 'running');

/** One action, polled every second while its job is queued or running. */
export const actionQuery = (id: string) =>
  queryOptions({
    queryKey: ['action', id],
    queryFn: () => fetchAction(id),
    refetchInterval: (q) => (actionBusy(q.state.data) ? 1000 : false),
  });

/** The actions of one insight, newest first (from the audit log's first 100). */
export const insightActionsQuery = (insightId: string) =>
  queryOptions({
    queryKey: ['actions', insightId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/intelligence/actions', { params: { query: { limit: 100 } } }),
      ).data.filter((a) => a.insightId === insightId),
  });

type Model = 'anomaly' | 'fatigue' | 'forecast' | 'budget';
/** A stored model result for one subject (`result` is the model's JSON), or null when none. */
export const modelResultQuery = (model: Model, subjectType: string, subjectId: string) =>
  queryOptions({
    queryKey: ['model', model, subjectType, subjectId],
    queryFn: async () => {
      const r = await api.GET('/api/v1/intelligence/models/{model}/{subjectType}/{subjectId}', {
        params: { path: { model, subjectType, subjectId } },
      });
      return r.response.status === 404 ? null : unwrap(r);
    },
    staleTime: 60_000,
  });

/**
 * Loads the demo data (`POST /intelligence/demo`, admins) and waits for the model run it queued
 * (polls `GET /intelligence/runs/{id}` every second, at most 3 minutes). Resolves when it is done.
 */
export async function loadDemo(): Promise<void> {
  const demo = unwrap(await api.POST('/api/v1/intelligence/demo', { body: {} }));
  const runId = (demo as { runId?: string | null }).runId;
  if (!runId) return;
  for (let i = 0; i < 180; i++) {
    const run = unwrap(await api.GET('/api/v1/intelligence/runs/{id}', { params: { path: { id: runId } } }));
    if (run.status === 'completed' || run.status === 'failed') return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
