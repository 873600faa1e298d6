import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import { call } from '../workspaces/test-call.ts';
import { browserCall, type Session, sessionOf, signIn } from './test-session.ts';
import { requestPasswordReset } from './users.service.ts';

const OWNER = {
  name: 'Olive Owner',
  email: 'Olive@Example.org',
  password: 'correct horse battery',
  workspaceName: 'Acme',
};
const quiet = { workers: false, intelSchedule: 'off' as const };

/** Duration (ms) of one run of `fn`. */
async function elapsedMs(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

describe.each(testBackends())('users and sessions on %s', (backend) => {
  let omnify: TestOmnify;
  let owner: Session;
  const api = (s: Session | null, method: string, path: string, body?: unknown, csrf?: boolean | string) =>
    browserCall(omnify.url, s, method, `/api/v1${path}`, body, { csrf });

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { ...quiet, authFailuresPerMinute: 1000 });
  }, 60_000);
  afterAll(() => omnify?.close());

  it('creates the first owner once: the default workspace, renamed, with a session cookie; then 409', async () => {
    expect((await api(null, 'GET', '/setup')).json).toEqual({ needsOwner: true });
    const r = await api(null, 'POST', '/setup', OWNER);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      user: { email: 'Olive@Example.org', name: 'Olive Owner' },
      workspace: { id: omnify.bootstrap.workspaceId, name: 'Acme' },
      role: 'owner',
      workspaces: [{ id: omnify.bootstrap.workspaceId, name: 'Acme', role: 'owner' }],
    });
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('omnify_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=2592000/);
    expect(cookie).not.toMatch(/Secure/); // plain http and no https PUBLIC_URL
    owner = sessionOf(r);
    // Only hashes are stored: argon2id for the password, SHA-256 for the session token.
    const token = owner.cookie.split('=')[1]!;
    const user = await omnify.db.query<{ password_hash: string }>('SELECT password_hash FROM users');
    expect(user.rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    const sessions = await omnify.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(sessions.rows.map((s) => s.token_hash)).toEqual([
      createHash('sha256').update(token).digest('hex'),
    ]);
    // The OMNIFY_API_KEY owner key belongs to the same (renamed) workspace.
    expect(
      (await omnify.api('GET', '/api/v1/workspaces')).json.data.map((w: { name: string }) => w.name),
    ).toEqual(['Acme']);
    expect((await api(null, 'GET', '/setup')).json).toEqual({ needsOwner: false });
    const again = await api(null, 'POST', '/setup', { ...OWNER, email: 'mallory@example.org' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('OMNIFY_ERR_CONFLICT');
  });

  it('lets exactly one of two simultaneous setups win', async () => {
    const fresh = await startTestOmnify(backend, quiet);
    try {
      const race = await Promise.all(
        ['a', 'b'].map((x) =>
          browserCall(fresh.url, null, 'POST', '/api/v1/setup', { ...OWNER, email: `${x}@example.org` }),
        ),
      );
      expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
      expect((await fresh.db.query('SELECT id FROM users')).rows).toHaveLength(1);
      expect((await fresh.db.query('SELECT user_id FROM memberships')).rows).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  }, 60_000);

  it('signs in (e-mail in any case), answers Me, signs out; unknown e-mail and wrong password look alike', async () => {
    const wrong = await api(null, 'POST', '/auth/login', {
      email: OWNER.email,
      password: 'not the password',
    });
    const unknown = await api(null, 'POST', '/auth/login', {
      email: 'nobody@example.org',
      password: 'whatever1234',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
    expect(wrong.json.error.code).toBe('OMNIFY_ERR_UNAUTHORIZED');
    expect(wrong.headers.getSetCookie()).toEqual([]);
    // Both verify one argon2 hash: an unknown e-mail is not answered faster. The two are timed in
    // turns and the fastest of each compared: the least a request can take is its own work, while
    // a loaded machine only ever adds time (a median of sequential runs flaked under a full suite).
    const fastest = { wrong: Number.POSITIVE_INFINITY, unknown: Number.POSITIVE_INFINITY };
    // Three turns: six failed logins, as before, well under AUTH_FAILURES_PER_MINUTE.
    for (let i = 0; i < 3; i++) {
      fastest.wrong = Math.min(
        fastest.wrong,
        await elapsedMs(() =>
          api(null, 'POST', '/auth/login', { email: OWNER.email, password: 'nope-nope-nope' }),
        ),
      );
      fastest.unknown = Math.min(
        fastest.unknown,
        await elapsedMs(() =>
          api(null, 'POST', '/auth/login', { email: 'ghost@example.org', password: 'nope-nope-nope' }),
        ),
      );
    }
    expect(fastest.unknown).toBeGreaterThan(fastest.wrong * 0.4);

    const s = await signIn(omnify.url, ' olive@EXAMPLE.org ', OWNER.password);
    const me = await api(s, 'GET', '/auth/me');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ user: { email: 'Olive@Example.org' }, role: 'owner', csrfToken: s.csrf });
    expect(s.csrf).not.toBe(owner.csrf); // one token per session
    expect((await api(s, 'GET', '/channels')).status).toBe(200);
    // An API key has no user.
    const keyMe = await call(omnify.url, TEST_API_KEY, 'GET', '/api/v1/auth/me');
    expect(keyMe.status).toBe(403);
    expect(keyMe.json.error.message).toContain('signed-in user');

    expect((await api(s, 'POST', '/auth/logout', undefined, false)).json.error.code).toBe('OMNIFY_ERR_CSRF');
    const out = await api(s, 'POST', '/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/omnify_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await api(s, 'GET', '/auth/me')).status).toBe(401);
    expect((await api(owner, 'GET', '/auth/me')).status).toBe(200); // the other session lives on
  });

  it('requires the CSRF token on cookie-signed writes, never on reads or with an API key', async () => {
    const agent = { kind: 'faq', config: { entries: [{ question: 'Hours?', answer: 'Nine to five.' }] } };
    const missing = await api(owner, 'POST', '/agents', agent, false);
    expect(missing.status).toBe(403);
    expect(missing.json.error.code).toBe('OMNIFY_ERR_CSRF');
    const forged = await api(owner, 'POST', '/agents', agent, 'x'.repeat(43));
    expect(forged.json.error.code).toBe('OMNIFY_ERR_CSRF');
    // Another session's token does not fit this session.
    const other = await signIn(omnify.url, OWNER.email, OWNER.password);
    expect((await api(owner, 'POST', '/agents', agent, other.csrf)).status).toBe(403);
    expect((await omnify.db.query('SELECT id FROM agents')).rows).toHaveLength(0);
    expect((await api(owner, 'POST', '/agents', agent)).status).toBe(201);
    expect((await api(owner, 'GET', '/agents', undefined, false)).status).toBe(200);
    expect((await call(omnify.url, TEST_API_KEY, 'POST', '/api/v1/agents', agent)).status).toBe(201);
    // A bearer key wins over a cookie: no CSRF token needed, the key's rights apply.
    const both = await fetch(`${omnify.url}/api/v1/agents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TEST_API_KEY}`,
        cookie: owner.cookie,
        'content-type': 'application/json',
      },
      body: JSON.stringify(agent),
    });
    expect(both.status).toBe(201);
  });

  it('throttles failed sign-ins per e-mail: 10 in 15 minutes, then 429 with Retry-After', async () => {
    const target = { email: OWNER.email.toUpperCase(), password: 'guess-guess-guess' };
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await api(null, 'POST', '/auth/login', target)).status);
    // Earlier tests already failed a few times with this e-mail: the budget may be spent sooner.
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const blocked = await api(null, 'POST', '/auth/login', { email: OWNER.email, password: OWNER.password });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe('OMNIFY_ERR_RATE_LIMITED');
    const wait = Number(blocked.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    // Another e-mail is not affected.
    expect(
      (await api(null, 'POST', '/auth/login', { email: 'other@example.org', password: 'x' })).status,
    ).toBe(401);
  });

  it('throttles the IP: a failed sign-in counts as an authentication failure', async () => {
    const strict = await startTestOmnify(backend, { ...quiet, authFailuresPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) {
        const r = await browserCall(strict.url, null, 'POST', '/api/v1/auth/login', {
          email: `u${i}@example.org`,
          password: 'wrong-wrong',
        });
        expect(r.status).toBe(401);
      }
      const r = await browserCall(strict.url, null, 'POST', '/api/v1/auth/login', {
        email: 'u9@example.org',
        password: 'x',
      });
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await call(strict.url, TEST_API_KEY, 'GET', '/api/v1/channels')).status).toBe(429);
    } finally {
      await strict.close();
    }
  }, 60_000);

  it('does not count a signed-out visitor asking who is signed in (no credentials) as a failure', async () => {
    const strict = await startTestOmnify(backend, { ...quiet, authFailuresPerMinute: 3 });
    try {
      for (let i = 0; i < 6; i++) {
        expect((await browserCall(strict.url, null, 'GET', '/api/v1/auth/me')).status).toBe(401);
      }
      expect((await call(strict.url, TEST_API_KEY, 'GET', '/api/v1/channels')).status).toBe(200);
      // A presented but unknown key still counts.
      for (let i = 0; i < 3; i++)
        expect((await call(strict.url, 'omk_nope', 'GET', '/api/v1/channels')).status).toBe(401);
      expect((await call(strict.url, TEST_API_KEY, 'GET', '/api/v1/channels')).status).toBe(429);
    } finally {
      await strict.close();
    }
  }, 60_000);

  it('resets a password with a one-time token: every session ends, the old password stops working', async () => {
    const email = 'reset.me@example.org';
    const password = 'first-password-1';
    const inv = await omnify.api('POST', '/api/v1/invitations', { email, role: 'agent' });
    const acc = await api(null, 'POST', '/invitations/accept', {
      token: inv.json.token,
      name: 'Rita',
      password,
    });
    expect(acc.status).toBe(200);
    const s1 = sessionOf(acc);
    // Same answer whether the e-mail has an account or not.
    const known = await api(null, 'POST', '/auth/password-reset', { email });
    const unknown = await api(null, 'POST', '/auth/password-reset', { email: 'nobody@example.org' });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.json).toEqual({ delivery: 'administrator' });
    expect(known.json).toEqual(unknown.json);
    expect((await omnify.db.query('SELECT id FROM password_resets')).rows).toHaveLength(1);

    const made = await requestPasswordReset(omnify.db, email); // what `omnify users reset-password` prints
    const token = made!.token;
    expect(
      (await api(null, 'POST', '/auth/password-reset/confirm', { token: 'nope', password: 'another-pass-2' }))
        .json.error.code,
    ).toBe('OMNIFY_ERR_TOKEN_INVALID');
    const short = await api(null, 'POST', '/auth/password-reset/confirm', { token, password: 'short' });
    expect(short.status).toBe(400);
    expect(short.json.error.details.fields[0].path).toBe('/body/password');
    const done = await api(null, 'POST', '/auth/password-reset/confirm', {
      token,
      password: 'second-password-2',
    });
    expect(done.status).toBe(204);
    const reused = await api(null, 'POST', '/auth/password-reset/confirm', {
      token,
      password: 'third-password-3',
    });
    expect(reused.status).toBe(400);
    expect(reused.json.error.code).toBe('OMNIFY_ERR_TOKEN_INVALID');
    expect((await api(s1, 'GET', '/auth/me')).status).toBe(401);
    expect((await api(null, 'POST', '/auth/login', { email, password })).status).toBe(401);
    await signIn(omnify.url, email, 'second-password-2');

    // An expired token is refused too.
    const late = await requestPasswordReset(omnify.db, email);
    await omnify.db.query(
      `UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`,
    );
    const expired = await api(null, 'POST', '/auth/password-reset/confirm', {
      token: late!.token,
      password: 'fourth-password-4',
    });
    expect(expired.json.error.code).toBe('OMNIFY_ERR_TOKEN_INVALID');
  });

  it('switches the session between the user’s workspaces, and only to those', async () => {
    const second = await omnify.api('POST', '/api/v1/workspaces', { name: 'Second' });
    const inv = await call(omnify.url, second.json.apiKey.key, 'POST', '/api/v1/invitations', {
      email: OWNER.email,
      role: 'admin',
    });
    // Signed in as that same user, accepting needs no password.
    const joined = await api(owner, 'POST', '/invitations/accept', { token: inv.json.token });
    expect(joined.status).toBe(200);
    expect(joined.json.workspace).toEqual({ id: second.json.workspace.id, name: 'Second' });
    expect(joined.json.workspaces.map((w: { role: string }) => w.role)).toEqual(['owner', 'admin']);
    const back = await api(owner, 'POST', '/auth/workspace', { workspaceId: omnify.bootstrap.workspaceId });
    expect(back.json).toMatchObject({ role: 'owner', workspace: { name: 'Acme' }, csrfToken: owner.csrf });
    const there = await api(owner, 'POST', '/auth/workspace', { workspaceId: second.json.workspace.id });
    expect(there.json.role).toBe('admin');
    expect((await api(owner, 'GET', '/api-keys')).status).toBe(403); // an admin there
    for (const workspaceId of ['00000000-0000-4000-8000-000000000000', 'x']) {
      expect((await api(owner, 'POST', '/auth/workspace', { workspaceId })).status).toBe(404);
    }
  });
});
