import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testBackends } from '../testing/backends.ts';
import { runOmnify } from '../testing/omnify-process.ts';

const KEY = /omk_[A-Za-z0-9_-]{43}/;

/** Stops a server child with SIGTERM (clean stop: PGlite releases its files) and waits. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

const urlOf = (out: string) => /listening on (http:\/\/\S+)/.exec(out)![1]!.replace('localhost', '127.0.0.1');
const get = async (url: string, key: string) =>
  (await fetch(url, { headers: { authorization: `Bearer ${key}` } })).status;

const cli = (args: string[], env: Record<string, string>, ready?: (out: string) => boolean) =>
  runOmnify(args, env, { ready });

describe.each(testBackends())('first start and `omnify keys` on %s', (backend) => {
  let db: TestDatabase | undefined;
  let blocker: Server | undefined;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) await stop(c);
    blocker?.close();
    await db?.dispose();
  });

  it('prints a working owner key at the first successful start after a start on a taken port', async () => {
    db = await createTestDatabase(backend);
    const env = {
      DATA_DIR: db.config.dataDir,
      DATABASE_URL: db.config.databaseUrl ?? '',
      OMNIFY_SECRET_KEY: db.config.secretKey ?? '',
      OMNIFY_API_KEY: '',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      INTEL_SCHEDULE: 'off',
    };
    blocker = createServer();
    await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as { port: number }).port;

    const failed = await cli(['start'], { ...env, PORT: String(taken) });
    expect(failed.code).not.toBe(0);
    expect(failed.out).toContain('EADDRINUSE');
    expect(failed.out).not.toMatch(KEY);

    const listening = (o: string) => /listening on/.test(o) && KEY.test(o);
    const first = await cli(['start'], { ...env, PORT: '0' }, listening);
    children.push(first.child);
    const owner = KEY.exec(first.out)![0];
    const base = urlOf(first.out);
    expect(await get(`${base}/api/v1/api-keys`, owner)).toBe(200);

    // While the server runs, the embedded database cannot be opened by the CLI: it says so.
    if (backend === 'pglite') {
      const busy = await cli(['keys', 'list'], env);
      expect(busy.code).toBe(1);
      expect(busy.out).toContain('in use by a running Omnify server');
    }
    await stop(first.child);

    // `omnify keys create` makes a working key of the role asked; OMNIFY_API_KEY now counts on a later start.
    const made = await cli(['keys', 'create', '--role', 'admin', '--name', 'recovery'], env);
    expect(made.code, made.out).toBe(0);
    const admin = KEY.exec(made.out)![0];
    const listed = await cli(['keys', 'list'], env);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('recovery');
    expect(listed.out).not.toMatch(KEY);

    const configured = 'omk_configured_later_0123456789abcdef';
    const second = await cli(['start'], { ...env, PORT: '0', OMNIFY_API_KEY: configured }, (o) =>
      /Added OMNIFY_API_KEY/.test(o),
    );
    children.push(second.child);
    expect(second.out).not.toMatch(KEY);
    const url = urlOf(second.out);
    expect(await get(`${url}/api/v1/channels`, admin)).toBe(200);
    expect(await get(`${url}/api/v1/api-keys`, admin)).toBe(403);
    expect(await get(`${url}/api/v1/api-keys`, configured)).toBe(200);
    expect(await get(`${url}/api/v1/api-keys`, owner)).toBe(200);
    await stop(second.child);

    const bad = await cli(['keys', 'create', '--role', 'root'], env);
    expect(bad.code).toBe(2);
  }, 240_000);
});
