import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../integrations/webhook/omnify-signature.ts';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import { browserCall, inviteUser, type Session, sessionOf } from '../users/test-session.ts';
import { call } from './test-call.ts';

/** Every table holding a workspace's data that a route of another workspace could touch. */
const TABLES = [
  'api_keys',
  'channels',
  'agents',
  'contacts',
  'identities',
  'contact_merges',
  'contact_merge_suggestions',
  'conversations',
  'messages',
  'segments',
  'templates',
  'orders',
  'imports',
  'ad_accounts',
  'ad_sync_runs',
  'model_runs',
  'insights',
  'insight_actions',
  'intel_known_events',
  'invitations',
  'sessions',
];

/** A valid body per mutating operation, so a request gets past validation to the lookup. */
function bodyFor(method: string, path: string, b: Record<string, string>): unknown {
  if (method === 'GET' || method === 'DELETE') return undefined;
  const bodies: Record<string, unknown> = {
    'PATCH /api/v1/channels/{id}': { name: 'taken over' },
    'PATCH /api/v1/agents/{id}': { name: 'taken over' },
    'POST /api/v1/agents/{id}/test': { text: 'hello from A' },
    'POST /api/v1/channels/{id}/sandbox/messages': { text: 'hello from A' },
    'PATCH /api/v1/conversations/{id}': { status: 'resolved' },
    'POST /api/v1/conversations/{id}/messages': { text: 'hello from A' },
    'POST /api/v1/conversations/{id}/notes': { text: 'a note from A' },
    'POST /api/v1/segments/{id}/members': { contactIds: [b.contact] },
    'POST /api/v1/contacts/{id}/merges': { sourceContactId: b.contact, reason: 'taken over' },
    'POST /api/v1/contacts/{id}/merges/{mergeId}/unmerge': { reason: 'taken over' },
    'PATCH /api/v1/intelligence/insights/{id}': { status: 'dismissed' },
    'POST /api/v1/intelligence/ads/accounts/{id}/sync': { since: '2026-01-01', until: '2026-01-02' },
    'PATCH /api/v1/intelligence/ads/accounts/{id}': { timeZone: 'Asia/Tokyo' },
    'PATCH /api/v1/intelligence/known-events/{id}': { name: 'taken over' },
    'PATCH /api/v1/users/{id}': { role: 'viewer' },
    'PATCH /api/v1/templates/{id}': { content: 'taken over' },
  };
  return bodies[`${method} ${path}`] ?? {};
}

describe.each(testBackends())('workspace isolation on %s', (backend) => {
  let omnify: TestOmnify;
  let keyB: string;
  let sessionA: Session;
  const b: Record<string, string> = {};
  const snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) {
      out[t] = (
        await omnify.db.query(`SELECT * FROM ${t} WHERE workspace_id = $1 ORDER BY id`, [b.workspace])
      ).rows;
    }
    out.memberships = (
      await omnify.db.query('SELECT * FROM memberships WHERE workspace_id = $1 ORDER BY user_id', [
        b.workspace,
      ])
    ).rows;
    out.segment_members = (
      await omnify.db.query('SELECT * FROM segment_members WHERE segment_id = $1', [b.segment])
    ).rows;
    return JSON.parse(JSON.stringify(out));
  };

  beforeAll(async () => {
    // No workers and no schedule: nothing changes B behind the test's back.
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    const ws = await omnify.api('POST', '/api/v1/workspaces', { name: 'B' });
    expect(ws.status).toBe(201);
    b.workspace = ws.json.workspace.id;
    b.apiKey = ws.json.apiKey.id;
    keyB = ws.json.apiKey.key;
    const asB = async (method: string, path: string, body?: unknown) => {
      const r = await call(omnify.url, keyB, method, path, body);
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.json)}`).toBeLessThan(300);
      return r.json;
    };
    b.agent = (
      await asB('POST', '/api/v1/agents', {
        kind: 'faq',
        config: { entries: [{ question: 'Hours?', answer: 'Nine to five.' }] },
      })
    ).id;
    const secret = 'isolation-secret-0123456789';
    b.channel = (
      await asB('POST', '/api/v1/channels', {
        platform: 'webhook',
        config: { secret, callbackUrl: 'http://127.0.0.1:9/omnify' },
      })
    ).id;
    const body = JSON.stringify({
      type: 'message',
      id: 'b-1',
      from: { id: 'customer-b', name: 'Bea' },
      threadId: 'thread-b',
      text: 'Only B may read this',
    });
    const hook = await omnify.post(`/webhooks/${b.channel}`, body, {
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(secret, body),
    });
    expect(hook.status).toBe(200);
    const conv = (await asB('GET', '/api/v1/conversations')).data[0];
    b.conversation = conv.id;
    b.contact = conv.contact.id;
    b.message = (await asB('GET', `/api/v1/conversations/${b.conversation}/messages`)).data[0].id;
    b.segment = (await asB('POST', '/api/v1/segments', { name: 'B segment' })).id;
    b.template = (await asB('POST', '/api/v1/templates', { shortcode: 'b-only', content: 'Only B' })).id;
    await asB('POST', `/api/v1/segments/${b.segment}/members`, { contactIds: [b.contact] });
    b.order = (
      await asB('POST', '/api/v1/orders', {
        customerId: 'B-1',
        date: '2026-01-05',
        amountMinor: 1500,
        currency: 'EUR',
        orderId: 'B-order-1',
      })
    ).order.id;
    b.import = (
      await asB('POST', '/api/v1/orders/import', {
        csv: 'customer_id,date,amount\nB-2,2026-01-06,12.50\n',
      })
    ).importId;
    b.knownEvent = (
      await asB('POST', '/api/v1/intelligence/known-events', {
        name: 'B sale',
        startsOn: '2026-01-10',
        endsOn: '2026-01-12',
      })
    ).id;
    const db = omnify.db;
    b.run = (
      await db.query<{ id: string }>(
        `INSERT INTO model_runs (workspace_id, models, reason) VALUES ($1, '{ltv}', 'test') RETURNING id`,
        [b.workspace],
      )
    ).rows[0]!.id;
    b.adAccount = (
      await db.query<{ id: string }>(
        `INSERT INTO ad_accounts (workspace_id, platform, external_id, currency) VALUES ($1, 'demo', 'b', 'USD') RETURNING id`,
        [b.workspace],
      )
    ).rows[0]!.id;
    b.adSync = (
      await db.query<{ id: string }>(
        `INSERT INTO ad_sync_runs (workspace_id, account_id, since, until) VALUES ($1, $2, '2026-01-01', '2026-01-02') RETURNING id`,
        [b.workspace, b.adAccount],
      )
    ).rows[0]!.id;
    b.insight = (
      await db.query<{ id: string }>(
        `INSERT INTO insights (workspace_id, kind, severity, fingerprint, title, summary, subject_type, subject_id, evidence)
       VALUES ($1, 'churn_risk', 'warning', 'b', 'B insight', 's', 'contact', $2, '{}') RETURNING id`,
        [b.workspace, b.contact],
      )
    ).rows[0]!.id;
    b.action = (
      await db.query<{ id: string }>(
        `INSERT INTO insight_actions (workspace_id, insight_id, kind, status, target, before, after)
       VALUES ($1, $2, 'budget', 'applied', 'recorded', '{}', '{}') RETURNING id`,
        [b.workspace, b.insight],
      )
    ).rows[0]!.id;
    // A's owner signs in; B has a member and a pending invitation.
    sessionA = sessionOf(
      await browserCall(omnify.url, null, 'POST', '/api/v1/setup', {
        name: 'A owner',
        email: 'a@example.org',
        password: 'a-password-123',
        workspaceName: 'A',
      }),
    );
    b.user = (
      await inviteUser(omnify.url, keyB, {
        email: 'b@example.org',
        name: 'B',
        password: 'b-password-123',
        role: 'agent',
      })
    ).userId;
    b.invitation = (await asB('POST', '/api/v1/invitations', { email: 'b2@example.org', role: 'viewer' })).id;
    for (const [k, v] of Object.entries(b)) expect(v, k).toMatch(/^[0-9a-f-]{36}$/);
  }, 60_000);
  afterAll(() => omnify?.close());

  /** B's id for a path parameter, by the resource the path names. */
  function idFor(path: string, param: string): string {
    if (param === 'contactId' || param === 'subjectId') return b.contact!;
    if (param === 'messageId') return b.message!;
    if (param === 'model') return 'ltv';
    if (param === 'subjectType') return 'contact';
    const table: Array<[string, string]> = [
      ['/channels/', 'channel'],
      ['/agents/', 'agent'],
      ['/conversations/', 'conversation'],
      ['/intelligence/ltv/contacts/', 'contact'],
      ['/contacts/', 'contact'],
      ['/segments/', 'segment'],
      ['/templates/', 'template'],
      ['/orders/', 'order'],
      ['/imports/', 'import'],
      ['/intelligence/runs/', 'run'],
      ['/intelligence/insights/', 'insight'],
      ['/intelligence/actions/', 'action'],
      ['/intelligence/ads/accounts/', 'adAccount'],
      ['/intelligence/ads/syncs/', 'adSync'],
      ['/intelligence/known-events/', 'knownEvent'],
      ['/api-keys/', 'apiKey'],
      ['/users/', 'user'],
      ['/invitations/', 'invitation'],
    ];
    const hit = table.find(([p]) => path.includes(p));
    if (!hit) throw new Error(`no B resource for ${path}`);
    return b[hit[1]]!;
  }

  it.each([
    ['an API key', false],
    ['a signed-in user', true],
  ])(
    'answers 404 to %s of A on every route naming a resource of B, lists none of them, changes nothing of B',
    async (_who, asUser) => {
      const before = await snapshot();
      const doc = (await (await fetch(`${omnify.url}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const ids = Object.values(b);
      const wrong: string[] = [];
      let walked = 0;
      for (const [path, ops] of Object.entries(doc.paths)) {
        if (!path.startsWith('/api/v1/')) continue;
        for (const m of Object.keys(ops)) {
          const method = m.toUpperCase();
          // The instance owner's workspace list shows every workspace by design (docs/access.md).
          if (path === '/api/v1/workspaces') continue;
          const hasParams = /\{(id|contactId|subjectId)\}/.test(path);
          // Creating new things in A names no resource of B; list routes are checked for leaks.
          if (!hasParams && method !== 'GET') continue;
          const url = path.replace(/\{(\w+)\}/g, (_, p: string) => idFor(path, p));
          const body = bodyFor(method, path, b);
          const r = asUser
            ? await browserCall(omnify.url, sessionA, method, url, body)
            : await call(omnify.url, TEST_API_KEY, method, url, body);
          walked++;
          if (hasParams && r.status !== 404) wrong.push(`${method} ${path} → ${r.status}`);
          const leaked = ids.filter((id) => JSON.stringify(r.json ?? '').includes(id));
          if (leaked.length > 0) wrong.push(`${method} ${path} shows B's ${leaked.join(', ')}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(walked).toBeGreaterThan(40);
      expect(await snapshot()).toEqual(before);
    },
    120_000,
  );

  it('keeps B’s resources visible to B', async () => {
    const r = await call(omnify.url, keyB, 'GET', `/api/v1/conversations/${b.conversation}`);
    expect(r.status).toBe(200);
    expect(
      (await call(omnify.url, keyB, 'GET', `/api/v1/segments/${b.segment}/members`)).json.data,
    ).toHaveLength(1);
  });
});
