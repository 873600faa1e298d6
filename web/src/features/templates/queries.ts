/**
 * Canned responses (`GET /api/v1/templates`) as TanStack Query options, for the composer's picker
 * and the settings tab. Every key starts with `templates`, so a change in settings invalidates both.
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { components } from '../../api/schema';

/** A canned response: `{id, shortcode, title, content, createdByUserId, createdAt, updatedAt}`. */
export type Template = components['schemas']['Template'];

/** How many templates the picker loads at once (it filters them itself when that is all of them). */
export const PICKER_PAGE = 100;

/**
 * One page of templates sorted by shortcode: `q` filters on the server (shortcode prefix, title or
 * content), `cursor` is the previous page's `nextCursor`.
 */
export const templatesQuery = (f: { q?: string; cursor?: string; limit?: number } = {}) =>
  queryOptions({
    queryKey: ['templates', 'list', f.q ?? '', f.cursor ?? '', f.limit ?? PICKER_PAGE],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/templates', {
          params: {
            query: {
              limit: f.limit ?? PICKER_PAGE,
              ...(f.q ? { q: f.q } : {}),
              ...(f.cursor ? { cursor: f.cursor } : {}),
            },
          },
        }),
      ),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
