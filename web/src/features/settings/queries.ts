/**
 * Settings server state: the workspace itself (name, time zone), its calendar of known events, its members, invitations, API keys, channels and agents as
 * TanStack Query options over the typed client, plus the role helpers the settings tabs share.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { atLeast, type Me, type Role } from '../../api/session.ts';

type Data<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': { data: infer D } } } } };
}
  ? D
  : never;

/** A member of the workspace: `{id, email, name, role, createdAt}` (`GET /users`). */
export type Member = Data<'/api/v1/users'>[number];
/** An invitation (never its token): `{id, email, role, status, invitedBy, createdAt, expiresAt}`. */
export type Invitation = Data<'/api/v1/invitations'>[number];
/** An API key's listing (never the key): `{id, name, role, prefix, createdAt, lastUsedAt}`. */
export type ApiKey = Data<'/api/v1/api-keys'>[number];
/** A channel: `{id, platform, name, sandbox, agentId, …}`. */
export type Channel = Data<'/api/v1/channels'>[number];
/** An agent: `{id, kind, name, …}`. */
export type Agent = Data<'/api/v1/agents'>[number];

/** Every role, weakest first. */
export const ROLES: readonly Role[] = ['viewer', 'agent', 'admin', 'owner'];

/** The roles `me` may hand out (invitations: never above one's own role). */
export const rolesUpTo = (me: Me | null | undefined): Role[] => ROLES.filter((r) => atLeast(me, r));

/** The members of the current workspace: the inbox's query (its assign menu shares the cache). */
export { membersQuery } from '../inbox/queries.ts';

/** The current workspace's settings: `{id, name, timeZone, createdAt}` (`GET /workspace`). */
export const workspaceQuery = queryOptions({
  queryKey: ['workspace'],
  queryFn: async () => unwrap(await api.GET('/api/v1/workspace')),
  staleTime: 60_000,
});

export const invitationsQuery = queryOptions({
  queryKey: ['invitations'],
  queryFn: async () => unwrap(await api.GET('/api/v1/invitations')).data,
});

export const apiKeysQuery = queryOptions({
  queryKey: ['api-keys'],
  queryFn: async () => unwrap(await api.GET('/api/v1/api-keys')).data,
});

export const channelsQuery = queryOptions({
  queryKey: ['channels'],
  queryFn: async () => unwrap(await api.GET('/api/v1/channels')).data,
});

export const agentsQuery = queryOptions({
  queryKey: ['agents'],
  queryFn: async () => unwrap(await api.GET('/api/v1/agents')).data,
});

/** A known event of the workspace's calendar: `{id, name, startsOn, endsOn, recursYearly, …}`. */
export type KnownEvent = Data<'/api/v1/intelligence/known-events'>[number];

/** Known events per page of the Calendar tab (the API's largest page). */
export const KNOWN_EVENTS_PAGE = 200;

/** A page of the workspace's known events by start day (`GET /intelligence/known-events`). */
export const knownEventsQuery = (cursor?: string) =>
  queryOptions({
    queryKey: ['known-events', cursor ?? null],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/intelligence/known-events', {
          params: { query: { limit: KNOWN_EVENTS_PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
  });
