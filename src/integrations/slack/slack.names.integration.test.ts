import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { DM, envelope, message } from './slack.fixtures.ts';
import { SLACK_SIGNATURE_HEADER, SLACK_TIMESTAMP_HEADER, signSlack } from './slack.signature.ts';

/*
 * Slack's events name the sender by id only. After a message of a sender without a name is stored,
 * the job `sender-profile` asks `users.info` (a local server speaking the Web API, answers written
 * from docs.slack.dev "users.info") and fills the identity's and contact's names; a sender Slack
 * does not know, or a token without `users:read`, stays unnamed, and nothing fails.
 */

const SECRET = 'names-slack-signing-secret';
const TOKEN = 'xoxb-names-token-0123456789';

/** `users.info` as Slack answers it, per user id. */
const USERS: Record<string, unknown> = {
  U0MIA00001: {
    ok: true,
    user: {
      id: 'U0MIA00001',
      name: 'mia.chen',
      real_name: 'Mia Chen',
      profile: { display_name: 'Mia', real_name: 'Mia Chen' },
    },
  },
  U0REAL0001: {
    ok: true,
    user: {
      id: 'U0REAL0001',
      name: 'sam',
      real_name: 'Sam Okafor',
      profile: { display_name: '', real_name: 'Sam Okafor' },
    },
  },
  U0GONE0001: { ok: false, error: 'user_not_found' },
  U0SCOPE001: { ok: false, error: 'missing_scope', needed: 'users:read', provided: 'chat:write' },
};

describe.each(testBackends())('slack sender names on %s', (backend) => {
  let omnify: TestOmnify;
  let slack: RecordingServer;
  let channelId: string;
  let n = 0;
  const post = (user: string) => {
    const ts = `1700300000.${String(++n).padStart(6, '0')}`;
    const raw = JSON.stringify(
      envelope(message(ts, `hello ${n}`, { user, channel: DM, channel_type: 'im' }), `Ev${n}`),
    );
    const at = String(Math.floor(Date.now() / 1000));
    return omnify.post(`/webhooks/${channelId}`, raw, {
      [SLACK_TIMESTAMP_HEADER]: at,
      [SLACK_SIGNATURE_HEADER]: signSlack(raw, SECRET, at),
    });
  };
  const identity = async (handle: string) =>
    (
      await omnify.db.query<{
        display_name: string | null;
        username: string | null;
        contact_name: string | null;
      }>(
        `SELECT i.display_name, i.username, c.name AS contact_name FROM identities i JOIN contacts c ON c.id = i.contact_id
          WHERE i.platform = 'slack' AND i.handle = $1`,
        [handle],
      )
    ).rows[0];
  const lookups = (user: string) => slack.requests.filter((r) => r.url === `/users.info?user=${user}`).length;

  beforeAll(async () => {
    slack = await new RecordingServer((req) => {
      const user = new URL(req.url, 'http://x').searchParams.get('user') ?? '';
      return { status: 200, body: USERS[user] ?? { ok: false, error: 'invalid_arguments' } };
    }).start();
    omnify = await startTestOmnify(backend);
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'slack',
      name: 'Slack',
      config: { botToken: TOKEN, signingSecret: SECRET, apiBaseUrl: slack.baseUrl },
    });
    expect(ch.status).toBe(201);
    channelId = ch.json.id;
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await slack?.stop();
  });

  it("fills a sender's names from users.info once, and never overwrites a name", async () => {
    expect((await post('U0MIA00001')).status).toBe(200);
    expect((await post('U0REAL0001')).status).toBe(200);
    const mia = await omnify.until('Mia named', async () => {
      const i = await identity('U0MIA00001');
      return i?.display_name ? i : undefined;
    });
    expect(mia).toEqual({ display_name: 'Mia', username: 'mia.chen', contact_name: 'Mia' });
    const sam = await omnify.until('Sam named', async () => {
      const i = await identity('U0REAL0001');
      return i?.display_name ? i : undefined;
    });
    // An empty display name falls back to the real name.
    expect(sam).toEqual({ display_name: 'Sam Okafor', username: 'sam', contact_name: 'Sam Okafor' });
    const info = slack.requests.find((r) => r.url.startsWith('/users.info'))!;
    expect([info.method, info.headers.authorization]).toEqual(['GET', `Bearer ${TOKEN}`]);

    // A name a person typed stays; a named sender is not looked up again.
    await omnify.db.query(
      `UPDATE contacts SET name = 'Mia (VIP)' WHERE id = (SELECT contact_id FROM identities WHERE handle = 'U0MIA00001')`,
    );
    expect((await post('U0MIA00001')).status).toBe(200);
    expect((await post('U0REAL0001')).status).toBe(200);
    await omnify.until('the later messages stored', async () => {
      const r = await omnify.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages WHERE channel_id = $1`,
        [channelId],
      );
      return r.rows[0]!.n === 4 || undefined;
    });
    await omnify.until('the queue idle', async () => {
      const r = await omnify.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sender-profile' AND state NOT IN ('completed', 'failed', 'cancelled')`,
      );
      return r.rows[0]!.n === 0 || undefined;
    });
    expect([lookups('U0MIA00001'), lookups('U0REAL0001')]).toEqual([1, 1]);
    expect((await identity('U0MIA00001'))?.contact_name).toBe('Mia (VIP)');
  });

  it('leaves a sender Slack does not know, or a token without users:read, unnamed', async () => {
    expect((await post('U0GONE0001')).status).toBe(200);
    expect((await post('U0SCOPE001')).status).toBe(200);
    await omnify.until(
      'both looked up',
      async () => (lookups('U0GONE0001') && lookups('U0SCOPE001')) || undefined,
    );
    await omnify.until('the queue idle', async () => {
      const r = await omnify.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sender-profile' AND state NOT IN ('completed', 'failed', 'cancelled')`,
      );
      return r.rows[0]!.n === 0 || undefined;
    });
    expect(await identity('U0GONE0001')).toEqual({ display_name: null, username: null, contact_name: null });
    expect(await identity('U0SCOPE001')).toEqual({ display_name: null, username: null, contact_name: null });
    // Refused, not retried: one lookup each.
    expect([lookups('U0GONE0001'), lookups('U0SCOPE001')]).toEqual([1, 1]);
  });
});
