/**
 * The data hooks of the insight page (InsightDetail.tsx): the names an insight mentions, and its
 * actions (the timeline, the job being watched, apply / roll back / set status, the confirmation
 * state).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import {
  type Action,
  actionBusy,
  actionQuery,
  type Insight,
  insightActionsQuery,
  modelResultQuery,
} from './queries.ts';

/** What the confirmation dialog asks about: nothing (closed), applying the insight, or rolling back an action. */
export type Confirm = null | { kind: 'apply' } | { kind: 'rollback'; action: Action };

/**
 * Campaign and ad names the insight mentions: budget evidence campaigns, the fatigue model's ad name.
 * Returns id → display name; empty while the insight (or the fatigue result) is loading.
 */
export function useInsightNames(insight: Insight | undefined): Map<string, string> {
  const fatigue = useQuery({
    ...modelResultQuery('fatigue', 'ad', insight?.subjectId ?? ''),
    enabled: insight?.kind === 'fatigue',
  });
  const names = new Map<string, string>();
  for (const c of (insight?.evidence as { campaigns?: { id: string; name?: string }[] } | undefined)
    ?.campaigns ?? [])
    if (c.name) names.set(c.id, c.name);
  const adName = (fatigue.data?.result as { summary?: { name?: string } } | undefined)?.summary?.name;
  if (insight && adName) names.set(insight.subjectId, adName);
  return names;
}

/**
 * The actions of insight `id`: `actions` (its timeline, newest first, from
 * `GET /api/v1/intelligence/insights/{id}/actions`), `active` (the action just started, else the
 * latest; polled while queued or running), the `confirm` dialog state, and the mutations `apply`
 * (POST …/insights/{id}/apply), `rollback` (POST …/actions/{actionId}/rollback, with the action id)
 * and `setStatus` (PATCH …/insights/{id} with `acknowledged`, `dismissed` or `new`). Each success,
 * and each job that finishes, refetches the insight, the insight list and the timeline. Errors stay
 * on the mutations (`error`) for the page to show.
 */
export function useInsightActions(id: string) {
  const qc = useQueryClient();
  const actions = useQuery(insightActionsQuery(id));
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const latest = actions.data?.[0];
  const active = useQuery({
    ...actionQuery(activeId ?? latest?.id ?? ''),
    enabled: !!(activeId ?? latest?.id),
  });

  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['insight', id] }),
      qc.invalidateQueries({ queryKey: ['insights'] }),
      qc.invalidateQueries({ queryKey: ['actions', id] }),
    ]);
  // When the polled job finishes, the insight's status and the timeline change too.
  const finished =
    active.data && !actionBusy(active.data)
      ? `${active.data.id}:${active.data.state}:${active.data.status}`
      : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch once per finished job state
  useEffect(() => {
    if (finished) void refresh();
  }, [finished]);

  /** A job was started: close the dialog, watch the new action, refetch. */
  const started = async (a: Action) => {
    setConfirm(null);
    setActiveId(a.id);
    qc.setQueryData(actionQuery(a.id).queryKey, a);
    await refresh();
  };
  const apply = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/intelligence/insights/{id}/apply', { params: { path: { id } } })),
    onSuccess: started,
  });
  const rollback = useMutation({
    mutationFn: async (actionId: string) =>
      unwrap(
        await api.POST('/api/v1/intelligence/actions/{id}/rollback', { params: { path: { id: actionId } } }),
      ),
    onSuccess: started,
  });
  const setStatus = useMutation({
    mutationFn: async (status: 'acknowledged' | 'dismissed' | 'new') =>
      unwrap(
        await api.PATCH('/api/v1/intelligence/insights/{id}', { params: { path: { id } }, body: { status } }),
      ),
    onSuccess: refresh,
  });
  return { actions, active, confirm, setConfirm, apply, rollback, setStatus };
}
