import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { type RunningOmnify, startOmnify } from '../../app/runtime.ts';
import { runSecretsRotate } from '../../cli/secrets.ts';
import { signWhatsApp, WHATSAPP_SIGNATURE_HEADER } from '../../integrations/whatsapp/whatsapp.signature.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../../testing/backends.ts';
import { TEST_API_KEY } from '../../testing/harness.ts';
import { type Config, loadConfig } from '../config/config.ts';
import { generateMasterKeyText, parseMasterKey } from './envelope.ts';
import { keyFilePath } from './master-key.ts';

const ACCESS_TOKEN = 'EAAG-at-rest-access-token-9QxZ';
const APP_SECRET = 'at-rest-app-secret-7Lw2';
const AGENT_KEY = 'sk-at-rest-agent-key-4Hd8';
const META_TOKEN = 'EAAB-at-rest-meta-token-3Pv6';
const PLAIN_TOKEN = 'EAAG-plaintext-legacy-token-8Kc1';
const SECRETS = [ACCESS_TOKEN, APP_SECRET, AGENT_KEY, META_TOKEN, PLAIN_TOKEN];

/** Every file under `dir` (the embedded database's files, WAL included). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** What a thief with the database gets: `pg_dump` (PostgreSQL) or every byte of DATA_DIR but the key file (PGlite). */
function dump(tdb: TestDatabase): Buffer {
  if (tdb.config.databaseUrl) {
    return execFileSync('pg_dump', ['--data-only', tdb.config.databaseUrl], {
      env: { ...process.env, PATH: `/usr/lib/postgresql/15/bin:${process.env.PATH}` },
      maxBuffer: 256 * 1024 * 1024,
    });
  }
  const key = keyFilePath(tdb.config.dataDir);
  return Buffer.concat(
    filesUnder(tdb.config.dataDir)
      .filter((p) => p !== key)
      .map((p) => readFileSync(p)),
  );
}

describe.each(testBackends())('secrets at rest on %s', (backend) => {
  let tdb: TestDatabase;
  let server: RunningOmnify | undefined;
  const silent = pino({ level: 'silent' });
  afterAll(async () => {
    await server?.stop(false);
    await tdb?.dispose();
  });
  const configWith = (o: Partial<Config> = {}) =>
    loadConfig(
      {},
      {
        port: 0,
        host: '127.0.0.1',
        apiKey: TEST_API_KEY,
        logLevel: 'silent',
        allowPrivateUrls: true,
        ...tdb.config,
        ...o,
      },
    );
  const start = async (o: Partial<Config> = {}) => {
    server = await startOmnify(configWith(o), silent);
  };
  const stop = async () => {
    await server!.stop(true);
    server = undefined;
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as any };
  };
  const sealedKids = async () =>
    (
      await server!.db.query<{ kid: string | null }>(
        `SELECT config->>'kid' AS kid FROM channels UNION ALL SELECT config->>'kid' FROM agents
         UNION ALL SELECT connector->>'kid' FROM ad_accounts WHERE connector IS NOT NULL`,
      )
    ).rows.map((r) => r.kid);

  it('stores channel, agent and connector secrets encrypted, answers them masked and still uses them', async () => {
    tdb = await createTestDatabase(backend);
    await start();
    const agent = await api('POST', '/api/v1/agents', {
      kind: 'openai',
      name: 'bot',
      config: { baseUrl: 'http://127.0.0.1:9', apiKey: AGENT_KEY, model: 'gpt-test' },
    });
    expect(agent.status, JSON.stringify(agent.json)).toBe(201);
    expect(agent.json.config.apiKey).toBe(`••••${AGENT_KEY.slice(-4)}`);
    const channel = await api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      name: 'wa',
      agentId: agent.json.id,
      config: {
        phoneNumberId: '77',
        accessToken: ACCESS_TOKEN,
        appSecret: APP_SECRET,
        verifyToken: 'verify-me',
      },
    });
    expect(channel.status, JSON.stringify(channel.json)).toBe(201);
    const account = await api('POST', '/api/v1/intelligence/ads/accounts', {
      platform: 'meta',
      externalId: 'act_1234',
      currency: 'USD',
      config: { accessToken: META_TOKEN, apiBaseUrl: 'http://127.0.0.1:9' },
    });
    expect(account.status, JSON.stringify(account.json)).toBe(201);
    expect(account.json.connector.config.accessToken).toBe(`••••${META_TOKEN.slice(-4)}`);

    const read = await api('GET', `/api/v1/channels/${channel.json.id}`);
    expect(read.json.config).toMatchObject({
      phoneNumberId: '77',
      accessToken: `••••${ACCESS_TOKEN.slice(-4)}`,
      appSecret: `••••${APP_SECRET.slice(-4)}`,
    });
    // The webhook checks signatures with the decrypted app secret.
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    const post = (sig: string) =>
      fetch(`${server!.url}/webhooks/${channel.json.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [WHATSAPP_SIGNATURE_HEADER]: sig },
        body,
      });
    expect((await post(signWhatsApp(body, APP_SECRET))).status).toBe(200);
    expect((await post(signWhatsApp(body, 'another-secret'))).status).toBe(401);
    // The verification handshake reads the decrypted verify token.
    const hs = await fetch(
      `${server!.url}/webhooks/${channel.json.id}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42`,
    );
    expect(await hs.text()).toBe('42');

    const kids = await sealedKids();
    expect(kids).toHaveLength(3);
    expect(new Set(kids)).toEqual(new Set([server!.ctx.secrets.keyId]));
    await stop(); // PGlite writes its files on close
    const bytes = dump(tdb);
    expect(bytes.includes('omnifyEnc')).toBe(true); // the dump does hold the (sealed) configs
    for (const s of SECRETS) expect(bytes.includes(s), s).toBe(false);
    if (backend === 'pglite') expect(statSync(keyFilePath(tdb.config.dataDir)).mode & 0o777).toBe(0o600);
  });

  it('encrypts plaintext rows left from before at the next start, reading them meanwhile', async () => {
    await start();
    const { rows } = await server!.db.query<{ id: string }>("SELECT id FROM channels WHERE name = 'wa'");
    const plain = { phoneNumberId: '77', accessToken: PLAIN_TOKEN, appSecret: APP_SECRET, verifyToken: 'v' };
    await server!.db.query('UPDATE channels SET config = $2::jsonb WHERE id = $1', [
      rows[0]!.id,
      JSON.stringify(plain),
    ]);
    const before = await api('GET', `/api/v1/channels/${rows[0]!.id}`);
    expect(before.json.config.accessToken).toBe(`••••${PLAIN_TOKEN.slice(-4)}`);
    expect((await sealedKids()).filter((k) => k === null)).toHaveLength(1);
    if (backend === 'postgres') expect(dump(tdb).includes(PLAIN_TOKEN)).toBe(true); // the check can see it
    await stop();
    await start();
    expect((await sealedKids()).every((k) => k === server!.ctx.secrets.keyId)).toBe(true);
    const after = await api('GET', `/api/v1/channels/${rows[0]!.id}`);
    expect(after.json.config.accessToken).toBe(`••••${PLAIN_TOKEN.slice(-4)}`);
    if (backend === 'postgres') expect(dump(tdb).includes(PLAIN_TOKEN)).toBe(false);
    await stop();
  });

  it('refuses to start with a wrong key, naming both key ids', async () => {
    const wrong = generateMasterKeyText();
    const err = await start({ secretKey: wrong }).then(
      () => null,
      (e) => e,
    );
    expect(err?.code).toBe('OMNIFY_ERR_SECRET_KEY_MISMATCH');
    expect(err.message).toContain(parseMasterKey(wrong).id);
    expect(err.message).not.toContain(wrong);
  });

  it('rejects a ciphertext copied into another row; rotation then changes nothing, and round-trips once it is gone', async () => {
    await start();
    const copy = await api('POST', '/api/v1/channels', {
      platform: 'webhook',
      name: 'copy',
      config: { secret: 'a-webhook-secret-0123456789', callbackUrl: 'http://127.0.0.1:9/cb' },
    });
    await server!.db.query(
      "UPDATE channels SET config = (SELECT config FROM channels WHERE name = 'wa') WHERE id = $1",
      [copy.json.id],
    );
    const res = await api('GET', `/api/v1/channels/${copy.json.id}`);
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.json)).not.toContain(PLAIN_TOKEN);
    const oldKid = server!.ctx.secrets.keyId;
    const oldConfig = configWith();
    await stop();

    const newKeyFile = join(tmpdir(), `omnify-new-${randomUUID()}.key`);
    onTestFinished(() => rmSync(newKeyFile, { force: true }));
    const newKey = generateMasterKeyText();
    writeFileSync(newKeyFile, `${newKey}\n`, { mode: 0o600 });
    const lines: string[] = [];
    await expect(
      runSecretsRotate({ newKeyFile, config: oldConfig, out: (l) => lines.push(l) }),
    ).rejects.toMatchObject({
      code: 'OMNIFY_ERR_SECRET_DECRYPT_FAILED',
    });
    await start();
    expect((await sealedKids()).every((k) => k === oldKid)).toBe(true); // one transaction: nothing moved
    await server!.db.query('DELETE FROM channels WHERE id = $1', [copy.json.id]);
    await stop();

    expect(await runSecretsRotate({ newKeyFile, config: oldConfig, out: (l) => lines.push(l) })).toBe(0);
    expect(lines.join('\n')).toContain('channels.config: 1');
    expect(lines.join('\n')).not.toContain(newKey);
    // PGlite: DATA_DIR/secret.key now holds the new key; PostgreSQL: start with it.
    const newConfig = backend === 'pglite' ? {} : { secretKey: newKey };
    if (backend === 'pglite') {
      expect(readFileSync(keyFilePath(tdb.config.dataDir), 'utf8').trim()).toBe(newKey);
      expect(statSync(keyFilePath(tdb.config.dataDir)).mode & 0o777).toBe(0o600);
    } else {
      await expect(start()).rejects.toMatchObject({ code: 'OMNIFY_ERR_SECRET_KEY_MISMATCH' });
    }
    await start(newConfig);
    expect(server!.ctx.secrets.keyId).toBe(parseMasterKey(newKey).id);
    expect(new Set(await sealedKids())).toEqual(new Set([parseMasterKey(newKey).id]));
    const channels = await api('GET', '/api/v1/channels');
    expect(channels.json.data[0].config.accessToken).toBe(`••••${PLAIN_TOKEN.slice(-4)}`);
    const agents = await api('GET', '/api/v1/agents');
    expect(agents.json.data[0].config.apiKey).toBe(`••••${AGENT_KEY.slice(-4)}`);
    const accounts = await api('GET', '/api/v1/intelligence/ads/accounts');
    expect(accounts.json.data[0].connector.config.accessToken).toBe(`••••${META_TOKEN.slice(-4)}`);
  });
});
