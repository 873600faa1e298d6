/**
 * The signed-in session as the web app knows it: `GET /api/v1/setup` (does the instance still need
 * its first owner?) and `GET /api/v1/auth/me` (who is signed in, in which workspace, with which
 * role). Both are TanStack Query options so routes can `ensureQueryData` them before rendering.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap } from './client.ts';
import type { components } from './schema';

/** `GET /auth/me`: the user, the current workspace and role, every workspace of the user. */
export type Me = components['schemas']['Me'];

export const setupQuery = queryOptions({
  queryKey: ['setup'],
  queryFn: async () => unwrap(await api.GET('/api/v1/setup')),
  staleTime: 60_000,
});

export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<Me | null> => {
    const r = await api.GET('/api/v1/auth/me');
    if (r.response.status === 401) {
      setCsrfToken(null);
      return null;
    }
    const me = unwrap(r);
    setCsrfToken(me.csrfToken);
    return me;
  },
  staleTime: 30_000,
});

/** The roles in order of power; `atLeast(me, 'agent')` says whether the user's role includes it. */
const RANK = { viewer: 0, agent: 1, admin: 2, owner: 3 } as const;
export type Role = keyof typeof RANK;
export const atLeast = (me: Me | null | undefined, role: Role): boolean =>
  !!me && RANK[me.role as Role] >= RANK[role];
