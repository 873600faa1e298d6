import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope, item, PAGE_ID } from '../../../integrations/messenger/messenger.fixtures.ts';
import { signWhatsApp } from '../../../integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from '../../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';
import { RecordingServer } from '../../../testing/http-recorder.ts';

const APP_SECRET = 'watermark-app-secret';
const PSID = '6543210000000001';
const OTHER = '6543210000000002';
/** Pinned times (UTC): the watermark and the messages' records are set, not read from the clock. */
const at = (s: string) => new Date(`2025-03-01T10:00:${s}Z`);

/*
 * Messenger's read watermark ("every message sent before this time was read") marks our outbound
 * messages of the contact's conversation read, on the real server and database: a local Send API
 * accepts the replies, then their records are pinned to known times. Items are written from Meta's
 * message_reads reference (the shared docs example is checked in messenger.read.test.ts).
 */
describe.each(testBackends())('read watermarks on %s', (backend) => {
  let omnify: TestOmnify;
  let graph: RecordingServer;
  let channelId: string;
  let seq = 0;

  const deliver = async (items: unknown[]) => {
    const raw = Buffer.from(JSON.stringify(envelope('page', PAGE_ID, items)));
    const res = await omnify.post(`/webhooks/${channelId}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, APP_SECRET),
    });
    expect(res.status).toBe(200);
  };
  /** A conversation with `psid` and our `n` replies in it, accepted by the Send API; their ids. */
  const conversationWithReplies = async (psid: string, n: number) => {
    await deliver([item(psid, PAGE_ID, { message: { mid: `m_in-${backend}-${++seq}`, text: 'Hi' } })]);
    const { rows } = await omnify.db.query<{ id: string }>(
      'SELECT id FROM conversations WHERE channel_id = $1 AND thread_key = $2',
      [channelId, psid],
    );
    const conversation = rows[0]!.id;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await omnify.api('POST', `/api/v1/conversations/${conversation}/messages`, {
        text: `Reply ${i}`,
      });
      expect(r.status).toBe(202);
      ids.push(r.json.id);
    }
    await omnify.until('the replies sent', async () => {
      const s = await omnify.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages WHERE id = ANY($1::uuid[]) AND status = 'sent'`,
        [ids],
      );
      return s.rows[0]!.n === n;
    });
    return ids;
  };
  const pin = (id: string, status: string, createdAt: Date, sentAt: Date | null) =>
    omnify.db.query('UPDATE messages SET status = $2, created_at = $3, sent_at = $4 WHERE id = $1', [
      id,
      status,
      createdAt.toISOString(),
      sentAt?.toISOString() ?? null,
    ]);
  const statuses = async (ids: string[]) => {
    const { rows } = await omnify.db.query<{ id: string; status: string }>(
      'SELECT id, status FROM messages WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r.status]));
    return ids.map((id) => byId.get(id));
  };
  const watermark = (psid: string, kind: 'read' | 'delivery', upTo: Date) =>
    item(psid, PAGE_ID, { [kind]: { watermark: upTo.getTime() } }, upTo.getTime() + 200);

  beforeAll(async () => {
    graph = await new RecordingServer((req) => ({
      status: 200,
      body: { recipient_id: req.json?.recipient?.id, message_id: `m_out-${++seq}` },
    })).start();
    omnify = await startTestOmnify(backend, { intelSchedule: 'off' });
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'messenger',
      config: {
        pageId: PAGE_ID,
        pageAccessToken: 'EAAG-watermark-test',
        appSecret: APP_SECRET,
        verifyToken: 'v',
        apiBaseUrl: graph.baseUrl,
      },
    });
    expect(ch.status).toBe(201);
    channelId = ch.json.id;
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await graph?.stop();
  });

  it('marks our messages up to the watermark read, and only those of that conversation', async () => {
    const [a, b, c, d, e] = await conversationWithReplies(PSID, 5);
    const [elsewhere] = await conversationWithReplies(OTHER, 1);
    await pin(a!, 'sent', at('00.000'), at('00.300')); // accepted before the watermark
    await pin(b!, 'delivered', at('01.000'), at('01.900')); // stamped by Meta before it, accepted just after
    await pin(c!, 'sent', at('05.000'), at('05.200')); // queued after it
    await pin(d!, 'failed', at('00.500'), null); // never sent
    await pin(e!, 'read', at('00.100'), at('00.200')); // read already
    await pin(elsewhere!, 'sent', at('00.000'), at('00.200')); // another contact's conversation

    await deliver([watermark(PSID, 'read', at('01.500'))]);
    expect(await statuses([a!, b!, c!, d!, e!, elsewhere!])).toEqual([
      'read',
      'read',
      'sent',
      'failed',
      'read',
      'sent',
    ]);

    // A redelivery changes nothing; an older delivery watermark moves nothing backwards.
    await deliver([watermark(PSID, 'read', at('01.500')), watermark(PSID, 'delivery', at('06.000'))]);
    expect(await statuses([a!, b!, c!])).toEqual(['read', 'read', 'delivered']);
    // A later read watermark reaches the rest.
    await deliver([watermark(PSID, 'read', at('06.000'))]);
    expect(await statuses([c!, d!, elsewhere!])).toEqual(['read', 'failed', 'sent']);
  });

  it('counts a message accepted within 2 s after the watermark only when queued before it', async () => {
    const [before, after] = await conversationWithReplies('6543210000000003', 2);
    await pin(before!, 'sent', at('10.000'), at('11.999'));
    await pin(after!, 'sent', at('10.600'), at('11.000'));
    await deliver([watermark('6543210000000003', 'read', at('10.500'))]);
    expect(await statuses([before!, after!])).toEqual(['read', 'sent']);
  });
});
