import pino from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RunningOmnify, startOmnify } from '../app/runtime.ts';
import { loadConfig } from '../kernel/config/config.ts';
import { browserCall } from '../modules/users/test-session.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../testing/backends.ts';
import { runUsersCreate, runUsersResetPassword } from './users.ts';

describe.each(testBackends())('`omnify users` on %s', (backend) => {
  let tdb: TestDatabase | undefined;
  let server: RunningOmnify | undefined;
  let printed: string[] = [];
  beforeEach(() => {
    printed = [];
    const keep = (...a: unknown[]) => void printed.push(a.join(' '));
    vi.spyOn(console, 'log').mockImplementation(keep);
    vi.spyOn(console, 'error').mockImplementation(keep);
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await server?.stop(false);
    await tdb?.dispose();
  });

  it('creates the default workspace’s owner headlessly and prints a working reset link', async () => {
    tdb = await createTestDatabase(backend);
    const config = loadConfig(
      {},
      { port: 0, host: '127.0.0.1', logLevel: 'silent', workers: false, intelSchedule: 'off', ...tdb.config },
    );
    expect(await runUsersCreate(config, { email: 'not-an-email', name: 'X' })).toBe(2);
    expect(await runUsersCreate(config, { email: 'ops@example.org', name: 'Ops', password: 'short' })).toBe(
      2,
    );
    expect(await runUsersCreate(config, { email: 'ops@example.org', name: 'Ops', role: 'root' })).toBe(2);

    expect(await runUsersCreate(config, { email: 'ops@example.org', name: 'Ops' })).toBe(0);
    const password = printed.at(-1)!.trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(printed.join('\n')).toMatch(/as owner of workspace "Default workspace"/);
    expect(
      await runUsersCreate(config, { email: 'OPS@example.org', name: 'Again', password: 'long-enough-1' }),
    ).toBe(1);
    expect(printed.at(-1)).toContain('already exists');

    expect(await runUsersResetPassword(config, 'nobody@example.org')).toBe(1);
    expect(await runUsersResetPassword(config, 'ops@example.org')).toBe(0);
    const link = /http:\/\/localhost:0\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(printed.join('\n'));
    expect(link).not.toBeNull();

    server = await startOmnify(config, pino({ level: 'silent' }));
    const login = (pw: string) =>
      browserCall(server!.url, null, 'POST', '/api/v1/auth/login', {
        email: 'ops@example.org',
        password: pw,
      });
    const me = await login(password);
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ role: 'owner', workspace: { id: server.bootstrap.workspaceId } });
    // The wizard knows the instance has its owner.
    expect((await browserCall(server.url, null, 'GET', '/api/v1/setup')).json).toEqual({ needsOwner: false });
    const reset = await browserCall(server.url, null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token: link![1],
      password: 'brand-new-password',
    });
    expect(reset.status).toBe(204);
    expect((await login(password)).status).toBe(401);
    expect((await login('brand-new-password')).status).toBe(200);
  }, 120_000);
});
