/**
 * Who may call what: the one table of `/api/v1` operations and the least role each needs.
 * Roles are ordered owner > admin > agent > viewer (docs/access.md):
 *
 * - `viewer` reads (every GET);
 * - `agent` also works conversations: replies, status, assignment;
 * - `admin` also configures the workspace (name, time zone), channels, agents, segments, imports,
 *   orders, ads and intelligence (runs, insights, actions, the calendar of known events, the demo);
 * - `owner` also manages the workspace's API keys and its members' roles;
 * - `instance-owner` (an owner key or owner user of the instance's first workspace) manages workspaces;
 * - `session`: any signed-in user (a session cookie, any role); API keys have no user;
 * - `public`: no authentication at all (first-run setup, sign-in, password reset, invitation links).
 *
 * The table fails closed: `assertRouteCovered` refuses to start a server with an `/api/v1` route
 * that is not listed here, and `requiredRole` answers `undefined` (→ 403) for anything unlisted.
 */

/** A key's or a member's role, stored in `api_keys.role` and `memberships.role`. */
export type Role = 'owner' | 'admin' | 'agent' | 'viewer';

/**
 * What a route requires: a role, an owner key of the instance's first workspace, a signed-in user
 * (`session`) or nothing (`public`).
 */
export type Requirement = Role | 'instance-owner' | 'session' | 'public';

/** Every role, most powerful first. */
export const ROLES: readonly Role[] = ['owner', 'admin', 'agent', 'viewer'];

const RANK: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

/** True when `role` is `need` or above it. */
export function roleAtLeast(role: Role, need: Role): boolean {
  return RANK[role] >= RANK[need];
}

/** `METHOD /path` (path as registered under `/api/v1`, with `:params`) → least requirement. */
export const ACCESS: Readonly<Record<string, Requirement>> = {
  // channels and their sandbox log
  'GET /channels': 'viewer',
  'GET /channels/:id': 'viewer',
  'GET /channels/:id/sandbox/requests': 'viewer',
  'POST /channels': 'admin',
  'PATCH /channels/:id': 'admin',
  'DELETE /channels/:id': 'admin',
  // a simulated customer message on a sandbox channel (the wizard's test), the inbox demo
  'POST /channels/:id/sandbox/messages': 'admin',
  'POST /demo/inbox': 'admin',
  'DELETE /demo/inbox': 'admin',
  // agents
  'GET /agents': 'viewer',
  'GET /agents/:id': 'viewer',
  'POST /agents': 'admin',
  'PATCH /agents/:id': 'admin',
  'DELETE /agents/:id': 'admin',
  // a test call reaches the agent's endpoint like a real reply: configuring agents is admin work
  'POST /agents/:id/test': 'admin',
  // inbox: conversations are worked by agents
  'GET /conversations': 'viewer',
  'GET /conversations/:id': 'viewer',
  'GET /conversations/:id/messages': 'viewer',
  'GET /conversations/:id/messages/:messageId/media': 'viewer',
  // an e-mail as received (sanitized HTML, full text): reading, like the message itself
  'GET /conversations/:id/messages/:messageId/original': 'viewer',
  'GET /conversations/counts': 'viewer',
  // marking read is the reader's own bookkeeping: anyone who may read
  'POST /conversations/:id/read': 'viewer',
  'PATCH /conversations/:id': 'agent',
  'POST /conversations/bulk': 'agent',
  'POST /conversations/:id/messages': 'agent',
  'POST /conversations/:id/notes': 'agent',
  // sending an agent's draft is a reply
  'POST /conversations/:id/drafts/:messageId/send': 'agent',
  // "typing…" shown to the contact is part of writing a reply
  'POST /conversations/:id/typing': 'agent',
  'GET /events': 'viewer',
  'GET /search/messages': 'viewer',
  'GET /contacts': 'viewer',
  'GET /contacts/:id': 'viewer',
  'GET /contacts/:id/conversations': 'viewer',
  // the contact panel: agents keep a contact's name, attributes and notes while working conversations
  'PATCH /contacts/:id': 'agent',
  // one person across channels: agents merge and unmerge (audited, always undoable), as in Chatwoot
  'GET /merge-suggestions': 'viewer',
  'GET /contacts/:id/merge-suggestions': 'viewer',
  'POST /contacts/:id/merge-suggestions/:suggestionId/accept': 'agent',
  'POST /contacts/:id/merge-suggestions/:suggestionId/dismiss': 'agent',
  'GET /contacts/:id/merges': 'viewer',
  'POST /contacts/:id/merges': 'agent',
  'POST /contacts/:id/merges/:mergeId/unmerge': 'agent',
  'GET /segments': 'viewer',
  'GET /segments/:id': 'viewer',
  'GET /segments/:id/members': 'viewer',
  'POST /segments': 'admin',
  'POST /segments/:id/members': 'admin',
  'DELETE /segments/:id/members/:contactId': 'admin',
  // canned responses: every member reads them (the composer's `/` picker, as in Chatwoot, where
  // every account member lists them); only admins write them, so agents share one vetted set
  'GET /templates': 'viewer',
  'GET /templates/:id': 'viewer',
  'POST /templates': 'admin',
  'PATCH /templates/:id': 'admin',
  'DELETE /templates/:id': 'admin',
  // orders and imports
  'GET /orders': 'viewer',
  'GET /orders/:id': 'viewer',
  'POST /orders': 'admin',
  'GET /imports': 'viewer',
  'GET /imports/:id': 'viewer',
  'POST /orders/import': 'admin',
  'POST /intelligence/ads/import': 'admin',
  // intelligence
  'GET /intelligence/runs': 'viewer',
  'GET /intelligence/runs/:id': 'viewer',
  'POST /intelligence/runs': 'admin',
  'POST /intelligence/demo': 'admin',
  'GET /intelligence/ltv': 'viewer',
  'GET /intelligence/ltv/contacts': 'viewer',
  'GET /intelligence/ltv/contacts/:id': 'viewer',
  'GET /intelligence/models/:model': 'viewer',
  'GET /intelligence/models/:model/:subjectType/:subjectId': 'viewer',
  'GET /intelligence/insights': 'viewer',
  'GET /intelligence/insights/:id': 'viewer',
  'PATCH /intelligence/insights/:id': 'admin',
  'POST /intelligence/insights/:id/apply': 'admin',
  'GET /intelligence/actions': 'viewer',
  'GET /intelligence/actions/:id': 'viewer',
  'POST /intelligence/actions/:id/rollback': 'admin',
  'GET /intelligence/ads/accounts': 'viewer',
  'POST /intelligence/ads/accounts': 'admin',
  'PATCH /intelligence/ads/accounts/:id': 'admin',
  'POST /intelligence/ads/accounts/:id/sync': 'admin',
  'GET /intelligence/ads/syncs/:id': 'viewer',
  'GET /intelligence/ads/campaigns': 'viewer',
  'GET /intelligence/ads/series': 'viewer',
  // the calendar of known events that labels anomaly insights: read by all, kept by admins
  'GET /intelligence/known-events': 'viewer',
  'POST /intelligence/known-events': 'admin',
  'PATCH /intelligence/known-events/:id': 'admin',
  'DELETE /intelligence/known-events/:id': 'admin',
  // this workspace's settings: everyone reads them (days and times are shown in its time zone);
  // admins change them, like the rest of the configuration
  'GET /workspace': 'viewer',
  'PATCH /workspace': 'admin',
  // keys and workspaces
  'GET /api-keys': 'owner',
  'POST /api-keys': 'owner',
  'DELETE /api-keys/:id': 'owner',
  'GET /workspaces': 'instance-owner',
  'POST /workspaces': 'instance-owner',
  // users, sessions and invitations (src/modules/users/)
  'GET /setup': 'public',
  'POST /setup': 'public',
  'POST /auth/login': 'public',
  'POST /auth/password-reset': 'public',
  'POST /auth/password-reset/confirm': 'public',
  'GET /invitations/lookup': 'public',
  'POST /invitations/accept': 'public',
  'POST /auth/logout': 'session',
  'GET /auth/me': 'session',
  'POST /auth/workspace': 'session',
  'GET /users': 'viewer',
  'PATCH /users/:id': 'owner',
  'DELETE /users/:id': 'owner',
  'GET /invitations': 'admin',
  'POST /invitations': 'admin',
  'DELETE /invitations/:id': 'admin',
};

/** The prefix every table path lives under. */
export const API_PREFIX = '/api/v1';

/**
 * The requirement of `method` on the route pattern `url` (as Fastify registered it, e.g.
 * `/api/v1/channels/:id`); HEAD follows GET. `undefined` when the table has no entry (deny).
 */
export function requiredRole(method: string, url: string): Requirement | undefined {
  if (!url.startsWith(API_PREFIX)) return undefined;
  const m = method === 'HEAD' ? 'GET' : method;
  const path = url.slice(API_PREFIX.length).replace(/\/$/, '') || '/';
  return Object.hasOwn(ACCESS, `${m} ${path}`) ? ACCESS[`${m} ${path}`] : undefined;
}

/**
 * Throws when an `/api/v1` route (`method` may be a list, as Fastify's onRoute gives it) has no
 * table entry, so a server with an unprotected route never starts.
 */
export function assertRouteCovered(method: string | string[], url: string): void {
  if (!url.startsWith(API_PREFIX)) return;
  for (const m of Array.isArray(method) ? method : [method]) {
    if (m === 'OPTIONS') continue;
    if (!requiredRole(m, url)) {
      throw new Error(
        `Route ${m} ${url} has no entry in the access table (src/modules/workspaces/access.ts); add its least role.`,
      );
    }
  }
}

/** The 403 message for a caller lacking `need`. */
export function forbiddenMessage(need: Requirement): string {
  if (need === 'instance-owner')
    return 'This needs an owner (key or user) of the instance’s first workspace.';
  if (need === 'session') return 'This needs a signed-in user (the session cookie): an API key has no user.';
  return `This needs the ${need} role or higher.`;
}
