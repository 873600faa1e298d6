import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { type ProgrammedResponse, RecordingServer } from '../../testing/http-recorder.ts';
import type { SendContext } from '../contract/channel-adapter.ts';
import { SANDBOX_BASE_URL, sandboxHttpClient } from '../sandbox/sandbox.transport.ts';
import { describeSlackUser } from './slack.profile.ts';

/*
 * `users.info` through a local server speaking the Web API (answers written from docs.slack.dev
 * "users.info": Slack reports errors as HTTP 200 `{ok: false, error}`), and through the sandbox.
 */

const TOKEN = 'xoxb-profile-token-0123456789';
const ANSWERS: Record<string, ProgrammedResponse> = {
  U1: {
    status: 200,
    body: {
      ok: true,
      user: { id: 'U1', name: 'mia', real_name: 'Mia Chen', profile: { display_name: ' Mia ' } },
    },
  },
  U2: { status: 200, body: { ok: true, user: { id: 'U2', name: 'bot', profile: { display_name: '' } } } },
  GONE: { status: 200, body: { ok: false, error: 'user_not_found' } },
  SCOPE: { status: 200, body: { ok: false, error: 'missing_scope', needed: 'users:read' } },
  SLOW: { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '7' } },
  DOWN: { status: 503, body: 'upstream' },
  LEAK: { status: 200, body: { ok: false, error: `invalid_auth ${TOKEN}` } },
};
const server = new RecordingServer((req) => {
  const user = new URL(req.url, 'http://x').searchParams.get('user') ?? '';
  return ANSWERS[user] ?? { status: 404, body: 'no' };
});
beforeAll(() => server.start());
afterAll(() => server.stop());
const ctx = (): SendContext => ({
  apiBaseUrl: server.baseUrl,
  timeoutMs: 2000,
  http: createHttpClient({ allowPrivateUrls: true }),
});

describe('describeSlackUser (users.info)', () => {
  it("reads the profile's display name, else the real name, and the account name", async () => {
    expect(await describeSlackUser('U1', { botToken: TOKEN }, ctx())).toEqual({
      displayName: 'Mia',
      username: 'mia',
    });
    expect(await describeSlackUser('U2', { botToken: TOKEN }, ctx())).toEqual({ username: 'bot' });
    const req = server.requests.find((r) => r.url === '/users.info?user=U1')!;
    expect([req.method, req.headers.authorization]).toEqual(['GET', `Bearer ${TOKEN}`]);
  });

  it('answers undefined for an unknown user and maps errors as every Slack call does', async () => {
    expect(await describeSlackUser('GONE', { botToken: TOKEN }, ctx())).toBeUndefined();
    expect(await rejectionOf(describeSlackUser('SCOPE', { botToken: TOKEN }, ctx()))).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformCode: 'missing_scope' },
    });
    expect(await rejectionOf(describeSlackUser('SLOW', { botToken: TOKEN }, ctx()))).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_RATE_LIMITED',
      details: { retryAfterMs: 7000 },
    });
    expect((await rejectionOf(describeSlackUser('DOWN', { botToken: TOKEN }, ctx()))).code).toBe(
      'OMNIFY_ERR_PLATFORM_TRANSIENT',
    );
    const leak = await rejectionOf(describeSlackUser('LEAK', { botToken: TOKEN }, ctx()));
    expect(JSON.stringify({ m: leak.message, d: leak.details })).not.toContain(TOKEN);
  });

  it('gets a name from the sandbox emulator', async () => {
    const http = sandboxHttpClient('slack', async () => undefined);
    const profile = await describeSlackUser(
      'U0ABC',
      { botToken: TOKEN },
      { apiBaseUrl: SANDBOX_BASE_URL, timeoutMs: 1000, http },
    );
    expect(profile).toEqual({ displayName: 'Sandbox user U0ABC', username: 'u0abc' });
  });
});
