import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import { call } from '../workspaces/test-call.ts';
import { browserCall, inviteUser, type Session, sessionOf, signIn } from './test-session.ts';

describe.each(testBackends())('members and invitations on %s', (backend) => {
  let omnify: TestOmnify;
  let owner: Session;
  let ownerId: string;
  let keyB: string;
  const api = (s: Session | null, method: string, path: string, body?: unknown) =>
    browserCall(omnify.url, s, method, `/api/v1${path}`, body);
  const invite = async (s: Session, email: string, role: string) => {
    const r = await api(s, 'POST', '/invitations', { email, role });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    return r.json as {
      id: string;
      token: string;
      url: string;
      role: string;
      email: string;
      expiresAt: string;
    };
  };
  const member = async (id: string) =>
    (await api(owner, 'GET', '/users')).json.data.find((m: { id: string }) => m.id === id);

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, {
      workers: false,
      intelSchedule: 'off',
      authFailuresPerMinute: 1000,
    });
    const setup = await api(null, 'POST', '/setup', {
      name: 'Olive',
      email: 'olive@example.org',
      password: 'owner-password-1',
      workspaceName: 'A',
    });
    owner = sessionOf(setup);
    ownerId = setup.json.user.id;
    keyB = (await omnify.api('POST', '/api/v1/workspaces', { name: 'B' })).json.apiKey.key;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('invites a new person by link: lookup, accept with name and password, signed in with the role', async () => {
    const inv = await invite(owner, 'ann@example.org', 'agent');
    expect(inv.url).toBe(`${omnify.url}/invite/${inv.token}`);
    expect(new Date(inv.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
    const listed = await api(owner, 'GET', '/invitations');
    expect(listed.json.data[0]).toMatchObject({
      id: inv.id,
      status: 'pending',
      role: 'agent',
      invitedBy: ownerId,
    });
    expect(JSON.stringify(listed.json)).not.toContain(inv.token);

    const look = await api(null, 'GET', `/invitations/lookup?token=${inv.token}`);
    expect(look.json).toEqual({
      workspaceName: 'A',
      email: 'ann@example.org',
      role: 'agent',
      userExists: false,
    });
    const bare = await api(null, 'POST', '/invitations/accept', { token: inv.token });
    expect(bare.status).toBe(400);
    expect(bare.json.error.details.fields.map((f: { path: string }) => f.path)).toEqual([
      '/body/name',
      '/body/password',
    ]);
    const ok = await api(null, 'POST', '/invitations/accept', {
      token: inv.token,
      name: 'Ann',
      password: 'ann-password-1',
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      user: { email: 'ann@example.org', name: 'Ann' },
      role: 'agent',
      workspace: { name: 'A' },
    });
    const ann = sessionOf(ok);
    expect((await api(ann, 'GET', '/auth/me')).json.role).toBe('agent');

    for (const r of [
      await api(null, 'GET', `/invitations/lookup?token=${inv.token}`),
      await api(null, 'POST', '/invitations/accept', {
        token: inv.token,
        name: 'Ann 2',
        password: 'ann-password-2',
      }),
    ]) {
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('OMNIFY_ERR_TOKEN_INVALID');
    }
    expect((await api(owner, 'GET', '/invitations')).json.data[0].status).toBe('accepted');
    expect(await member(ok.json.user.id)).toMatchObject({
      email: 'ann@example.org',
      name: 'Ann',
      role: 'agent',
    });
  });

  it('lets nobody invite above their own role; agents and viewers not at all; a viewer writes nothing', async () => {
    const admin = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'adam@example.org',
      name: 'Adam',
      password: 'adam-password-1',
      role: 'admin',
    });
    const above = await api(admin.session, 'POST', '/invitations', { email: 'x@example.org', role: 'owner' });
    expect(above.status).toBe(403);
    expect(above.json.error.message).toContain('above your own role');
    await invite(admin.session, 'peer@example.org', 'admin');
    const agentKey = (await omnify.api('POST', '/api/v1/api-keys', { name: 'agent', role: 'agent' })).json
      .key;
    expect(
      (
        await call(omnify.url, agentKey, 'POST', '/api/v1/invitations', {
          email: 'y@example.org',
          role: 'viewer',
        })
      ).status,
    ).toBe(403);

    const viewer = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'vic@example.org',
      name: 'Vic',
      password: 'vic-password-1',
      role: 'viewer',
    });
    const v = viewer.session;
    expect((await api(v, 'GET', '/users')).status).toBe(200);
    expect((await api(v, 'GET', '/conversations')).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/invitations', { email: 'z@example.org', role: 'viewer' }],
      ['GET', '/invitations', undefined],
      ['PATCH', `/users/${viewer.userId}`, { role: 'owner' }],
      ['DELETE', `/users/${ownerId}`, undefined],
      ['POST', '/agents', { kind: 'faq', config: { entries: [{ question: 'q', answer: 'a' }] } }],
      ['POST', '/api-keys', { name: 'mine', role: 'owner' }],
    ] as const) {
      const r = await api(v, method, path, body);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.json.error.code).toBe('OMNIFY_ERR_FORBIDDEN');
    }
    expect((await member(viewer.userId)).role).toBe('viewer');
  });

  it('adds an existing user who proves it with the password or their own session', async () => {
    const toB = async (email: string, role = 'agent') =>
      (await call(omnify.url, keyB, 'POST', '/api/v1/invitations', { email, role })).json.token as string;
    const token = await toB('ann@example.org', 'viewer');
    expect((await api(null, 'GET', `/invitations/lookup?token=${token}`)).json).toMatchObject({
      workspaceName: 'B',
      userExists: true,
    });
    const noProof = await api(null, 'POST', '/invitations/accept', { token });
    expect(noProof.status).toBe(400);
    expect(noProof.json.error.details.fields[0].path).toBe('/body/password');
    const wrong = await api(null, 'POST', '/invitations/accept', { token, password: 'not-anns-password' });
    expect(wrong.status).toBe(401);
    const ok = await api(null, 'POST', '/invitations/accept', { token, password: 'ann-password-1' });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ workspace: { name: 'B' }, role: 'viewer' });
    expect(ok.json.workspaces.map((w: { name: string }) => w.name)).toEqual(['A', 'B']);

    // Adam signed in accepts his own invitation without a password; Ann's session is no proof for Adam.
    const adamToken = await toB('adam@example.org');
    const ann = await signIn(omnify.url, 'ann@example.org', 'ann-password-1');
    expect((await api(ann, 'POST', '/invitations/accept', { token: adamToken })).status).toBe(400);
    const adam = await signIn(omnify.url, 'adam@example.org', 'adam-password-1');
    const joined = await api(adam, 'POST', '/invitations/accept', { token: adamToken });
    expect(joined.status).toBe(200);
    expect(joined.json.role).toBe('agent');
  });

  it('refuses revoked and expired links, replaces a pending one, and will not invite a member', async () => {
    const inv = await invite(owner, 'rev@example.org', 'agent');
    expect((await api(owner, 'DELETE', `/invitations/${inv.id}`)).status).toBe(204);
    expect((await api(null, 'GET', `/invitations/lookup?token=${inv.token}`)).status).toBe(400);
    const accept = await api(null, 'POST', '/invitations/accept', {
      token: inv.token,
      name: 'R',
      password: 'rev-password-1',
    });
    expect(accept.json.error.code).toBe('OMNIFY_ERR_TOKEN_INVALID');

    const first = await invite(owner, 'exp@example.org', 'agent');
    const second = await invite(owner, 'EXP@example.org', 'viewer');
    const statuses = Object.fromEntries(
      (await api(owner, 'GET', '/invitations')).json.data.map((i: { id: string; status: string }) => [
        i.id,
        i.status,
      ]),
    );
    expect([statuses[inv.id], statuses[first.id], statuses[second.id]]).toEqual([
      'revoked',
      'revoked',
      'pending',
    ]);
    await omnify.db.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      second.id,
    ]);
    expect((await api(null, 'GET', `/invitations/lookup?token=${second.token}`)).json.error.code).toBe(
      'OMNIFY_ERR_TOKEN_INVALID',
    );
    const listed = (await api(owner, 'GET', '/invitations')).json.data;
    expect(listed.find((i: { id: string }) => i.id === second.id).status).toBe('expired');

    const dup = await api(owner, 'POST', '/invitations', { email: 'ANN@example.org', role: 'viewer' });
    expect(dup.status).toBe(409);
    const accepted = listed.find((i: { email: string }) => i.email === 'ann@example.org');
    expect((await api(owner, 'DELETE', `/invitations/${accepted.id}`)).status).toBe(409);
  });

  it('changes roles and removes members at once, never the last owner', async () => {
    const ann = await signIn(omnify.url, 'ann@example.org', 'ann-password-1');
    const annId = (await api(ann, 'GET', '/auth/me')).json.user.id;
    const changed = await api(owner, 'PATCH', `/users/${annId}`, { role: 'viewer' });
    expect(changed.json).toMatchObject({ id: annId, role: 'viewer', email: 'ann@example.org' });
    expect(
      (await api(ann, 'PATCH', '/conversations/00000000-0000-4000-8000-000000000000', { status: 'open' }))
        .status,
    ).toBe(403);

    for (const r of [
      await api(owner, 'PATCH', `/users/${ownerId}`, { role: 'admin' }),
      await api(owner, 'DELETE', `/users/${ownerId}`),
    ]) {
      expect(r.status).toBe(409);
      expect(r.json.error.message).toContain('last owner');
    }
    expect((await api(owner, 'DELETE', `/users/${annId}`)).status).toBe(204);
    expect(await member(annId)).toBeUndefined();
    // Ann's session falls back to her other workspace.
    expect((await api(ann, 'GET', '/auth/me')).json.workspace.name).toBe('B');
    expect((await api(owner, 'DELETE', `/users/${annId}`)).status).toBe(404);
    expect((await api(owner, 'PATCH', '/users/not-a-uuid', { role: 'agent' })).status).toBe(404);
  });

  it('never shows or changes a user or invitation of another workspace (404)', async () => {
    const bea = await inviteUser(omnify.url, keyB, {
      email: 'bea@example.org',
      name: 'Bea',
      password: 'bea-password-1',
      role: 'admin',
    });
    const pendingB = (
      await call(omnify.url, keyB, 'POST', '/api/v1/invitations', { email: 'b2@example.org', role: 'agent' })
    ).json;
    const before = (await omnify.db.query('SELECT * FROM memberships ORDER BY user_id, workspace_id')).rows;
    for (const [method, path, body] of [
      ['PATCH', `/users/${bea.userId}`, { role: 'viewer' }],
      ['DELETE', `/users/${bea.userId}`, undefined],
      ['DELETE', `/invitations/${pendingB.id}`, undefined],
    ] as const) {
      expect((await api(owner, method, path, body)).status, `${method} ${path}`).toBe(404);
    }
    const seen = JSON.stringify([
      (await api(owner, 'GET', '/users')).json,
      (await api(owner, 'GET', '/invitations')).json,
    ]);
    expect(seen).not.toContain(bea.userId);
    expect(seen).not.toContain(pendingB.id);
    const wsB = (await api(bea.session, 'GET', '/auth/me')).json.workspace.id;
    expect((await api(owner, 'POST', '/auth/workspace', { workspaceId: wsB })).status).toBe(404);
    expect((await omnify.db.query('SELECT * FROM memberships ORDER BY user_id, workspace_id')).rows).toEqual(
      before,
    );
    // And B's user sees none of A.
    const bSeen = JSON.stringify((await api(bea.session, 'GET', '/users')).json);
    expect(bSeen).not.toContain(ownerId);
  });
});
