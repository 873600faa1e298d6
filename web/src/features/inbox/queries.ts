/**
 * Inbox server state: conversation pages (newest activity first) and a conversation's messages
 * (newest page first, shown oldest → newest), as TanStack Query options over the typed client.
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type ListQuery = NonNullable<paths['/api/v1/conversations']['get']['parameters']['query']>;
export type ConversationSummary = Awaited<ReturnType<typeof fetchConversations>>['data'][number];
export type Message = Awaited<ReturnType<typeof fetchMessages>>['data'][number];

/**
 * Conversation list filters as kept in the URL: the tab (Mine / Unassigned / All), the status
 * (`all` lists every status), the channel and unread-only.
 */
export interface InboxFilters {
  tab?: 'mine' | 'unassigned' | 'all';
  status?: 'open' | 'pending' | 'snoozed' | 'resolved' | 'all';
  channelId?: string;
  unread?: boolean;
}

/** The filters of the inbox's search params: tab All and status Open unless given. */
export function inboxFilters(search: InboxFilters): InboxFilters {
  return { ...search, tab: search.tab ?? 'all', status: search.status ?? 'open' };
}

async function fetchConversations(f: InboxFilters, cursor: string | undefined) {
  const query: ListQuery = { limit: 50, cursor };
  if (f.status && f.status !== 'all') query.status = f.status;
  if (f.channelId) query.channelId = f.channelId;
  if (f.tab === 'mine') query.assignee = 'me';
  if (f.tab === 'unassigned') query.assignee = 'unassigned';
  if (f.unread) query.unread = true;
  return unwrap(await api.GET('/api/v1/conversations', { params: { query } }));
}

/** `{mine, unassigned, all}` for the tabs, under the current status and channel filter. */
export const countsQuery = (f: InboxFilters) =>
  queryOptions({
    queryKey: ['conversation-counts', f.status, f.channelId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/conversations/counts', {
          params: {
            query: {
              ...(f.status && f.status !== 'all' ? { status: f.status } : {}),
              ...(f.channelId ? { channelId: f.channelId } : {}),
            },
          },
        }),
      ),
  });

/** The workspace's members (for assignee names and the assign menu). */
export const membersQuery = queryOptions({
  queryKey: ['members'],
  queryFn: async () => unwrap(await api.GET('/api/v1/users')).data,
  staleTime: 60_000,
});

async function fetchMessages(id: string, cursor: string | undefined) {
  return unwrap(
    await api.GET('/api/v1/conversations/{id}/messages', {
      params: { path: { id }, query: { limit: 50, order: 'desc', cursor } },
    }),
  );
}

export const conversationsQuery = (f: InboxFilters) =>
  infiniteQueryOptions({
    queryKey: ['conversations', f],
    queryFn: ({ pageParam }) => fetchConversations(f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const conversationQuery = (id: string) =>
  queryOptions({
    queryKey: ['conversation', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/conversations/{id}', { params: { path: { id } } })),
  });

export const messagesQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: ['messages', id],
    queryFn: ({ pageParam }) => fetchMessages(id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
