/**
 * The wizard's server state: one channel, one agent, and the first conversation of a channel (the
 * "waiting for your first message" check), as TanStack Query options over the typed client. Keys
 * start with `channels`, `agents` and `conversations`, so the settings' lists and the live events
 * (which invalidate `conversations`) refresh them too.
 */
import { queryOptions } from '@tanstack/react-query';
import type { UseFormSetError } from 'react-hook-form';
import { ApiError, api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';

/** A channel as `GET /channels/{id}` answers it (secrets masked). */
export type Channel = paths['/api/v1/channels/{id}']['get']['responses'][200]['content']['application/json'];
/** An agent as `GET /agents/{id}` answers it (secrets masked). */
export type Agent = paths['/api/v1/agents/{id}']['get']['responses'][200]['content']['application/json'];

export const channelQuery = (id: string) =>
  queryOptions({
    queryKey: ['channels', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/channels/{id}', { params: { path: { id } } })),
  });

export const agentQuery = (id: string) =>
  queryOptions({
    queryKey: ['agents', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/agents/{id}', { params: { path: { id } } })),
  });

/**
 * The newest conversation of a channel (any status), or null: polled every 2 s until one exists,
 * besides the live events that refresh it at once.
 */
export const firstConversationQuery = (channelId: string) =>
  queryOptions({
    queryKey: ['conversations', 'first', channelId],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/conversations', { params: { query: { channelId, limit: 1 } } }))
        .data[0] ?? null,
    refetchInterval: (q) => (q.state.data ? false : 2000),
  });

/**
 * Shows the fields an API error refused (`/body/config/<field>` or `/config/<field>`) on the form's
 * fields of the same name; true when at least one was shown (else show the error's message).
 */
export function showFieldErrors<F extends Record<string, unknown>>(
  e: unknown,
  setError: UseFormSetError<F>,
  fields: readonly (keyof F & string)[],
): boolean {
  if (!(e instanceof ApiError)) return false;
  let shown = false;
  for (const f of e.fields) {
    const name = f.path.split('/').at(-1);
    const field = fields.find((k) => k === name);
    if (field) {
      setError(field as Parameters<UseFormSetError<F>>[0], { message: f.message });
      shown = true;
    }
  }
  return shown;
}

/** Config values of channels created in this page load, so the next step can show them once. */
const created = new Map<string, Record<string, unknown>>();

/** Keeps the plain config of a just-created channel in memory (never stored; gone on reload). */
export function rememberCreated(channelId: string, config: Record<string, unknown>): void {
  created.set(channelId, config);
}

/** The plain config of a channel created in this page load, or undefined (the API masks secrets). */
export function createdConfig(channelId: string): Record<string, unknown> | undefined {
  return created.get(channelId);
}

/**
 * True when a platform cannot reach `url`: not HTTPS, or a loopback, private or `.local` host (Meta
 * and Telegram deliver only to public HTTPS addresses).
 */
export function unreachableFromPlatforms(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return true;
  }
  const h = u.hostname.replace(/^\[|\]$/g, '');
  return (
    u.protocol !== 'https:' ||
    h === 'localhost' ||
    h.endsWith('.local') ||
    h === '::1' ||
    /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|0\.)/.test(h)
  );
}
