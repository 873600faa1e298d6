/**
 * The timeline's server state: a conversation's messages as one bidirectional infinite query over
 * `GET /conversations/{id}/messages`. Pages are kept oldest → newest (`fetchPreviousPage` loads
 * older messages, `fetchNextPage` newer ones), each page's messages oldest first. The first page is
 * the newest messages, or the window `around` a message (the first unread one, or `?at=`); from
 * there `before=<first id>` / `after=<last id>` meet without gaps or repeats, so a refetch (live
 * events invalidate `['messages', id]`) rebuilds the same pages from the first one's parameter.
 */
import { infiniteQueryOptions } from '@tanstack/react-query';
import { ApiError, api, unwrap } from '../../api/client.ts';
import type { Message } from './queries.ts';

/** Messages per page. */
export const TIMELINE_PAGE = 50;

/**
 * Where a page starts: the newest messages, or a window relative to a message id. `around` falls
 * back to `fallback` (then to the newest) when its message is not in the conversation: a stale
 * `?at=` carried over from another conversation's link.
 */
export type TimelineParam =
  | { latest: true }
  | { around: string; fallback: string | null }
  | { before: string }
  | { after: string };

/**
 * A page: its messages oldest first, whether older / newer messages lie beyond it, and for the
 * first page the message it was opened around (null: at the newest).
 */
export interface TimelinePage {
  messages: Message[];
  hasOlder: boolean;
  hasNewer: boolean;
  anchor: string | null;
}

async function fetchLatest(id: string): Promise<TimelinePage> {
  const r = unwrap(
    await api.GET('/api/v1/conversations/{id}/messages', {
      params: { path: { id }, query: { limit: TIMELINE_PAGE, order: 'desc' } },
    }),
  );
  return { messages: r.data.slice().reverse(), hasOlder: r.hasOlder, hasNewer: false, anchor: null };
}

async function fetchWindow(
  id: string,
  query: { around: string } | { before: string } | { after: string },
): Promise<TimelinePage> {
  const r = unwrap(
    await api.GET('/api/v1/conversations/{id}/messages', {
      // `order` is ignored in a window (the page is oldest first).
      params: { path: { id }, query: { limit: TIMELINE_PAGE, order: 'asc', ...query } },
    }),
  );
  return {
    messages: r.data,
    hasOlder: r.hasOlder,
    hasNewer: r.hasNewer,
    anchor: 'around' in query ? query.around : null,
  };
}

async function fetchPage(id: string, param: TimelineParam): Promise<TimelinePage> {
  if ('latest' in param) return fetchLatest(id);
  if (!('around' in param)) return fetchWindow(id, param);
  try {
    return await fetchWindow(id, { around: param.around });
  } catch (e) {
    // A message that is gone, or of another conversation: open at the fallback, else the newest.
    if (!(e instanceof ApiError && e.status === 400)) throw e;
    return param.fallback ? fetchPage(id, { around: param.fallback, fallback: null }) : fetchLatest(id);
  }
}

/**
 * The timeline of conversation `id`, opened around message `anchor`, else around `fallback`, else
 * at the newest. Its key starts with `['messages', id]`, the key live events and the composer
 * invalidate.
 */
export const timelineQuery = (id: string, anchor: string | null, fallback: string | null = null) =>
  infiniteQueryOptions({
    queryKey: ['messages', id, 'timeline', anchor, fallback],
    queryFn: ({ pageParam }) => fetchPage(id, pageParam),
    initialPageParam: (anchor ? { around: anchor, fallback } : { latest: true }) as TimelineParam,
    getPreviousPageParam: (first): TimelineParam | undefined => {
      const oldest = first.messages[0];
      return first.hasOlder && oldest ? { before: oldest.id } : undefined;
    },
    getNextPageParam: (last): TimelineParam | undefined => {
      const newest = last.messages.at(-1);
      return last.hasNewer && newest ? { after: newest.id } : undefined;
    },
  });
