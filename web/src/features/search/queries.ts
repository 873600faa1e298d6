/**
 * Message search (`GET /api/v1/search/messages`) as a TanStack infinite query: pages of hits,
 * newest first, each with its snippet already split into plain-text parts (`hit` marks a match).
 */
import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';

/** Hits per page. */
export const SEARCH_PAGE = 25;

async function fetchHits(q: string, cursor: string | undefined) {
  return unwrap(
    await api.GET('/api/v1/search/messages', {
      params: { query: { q, limit: SEARCH_PAGE, ...(cursor ? { cursor } : {}) } },
    }),
  );
}

/** One search hit: message and conversation ids, contact, platform, direction, date and snippet parts. */
export type SearchHit = Awaited<ReturnType<typeof fetchHits>>['data'][number];

/** The longest query the API takes (characters). */
export const MAX_QUERY = 200;

/** The pages of hits for `q` (trimmed, 1–200 characters; the caller does not run it when empty). */
export const searchQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: ['search', 'messages', q],
    queryFn: ({ pageParam }) => fetchHits(q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: q.length > 0,
    staleTime: 30_000,
  });
