import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { listFixtures, SAMPLE_PAYLOADS_DIR } from '../../testing/fixtures.ts';
import { mutate, mutations, renderJson } from '../../testing/fuzz.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from './omnify-signature.ts';

/*
 * Fuzz: our generic webhook protocol's sample events (docs/webhook-channel.md; the shared fixtures
 * have no folder for this channel of ours) with one node mutated, sent in a batch between two good
 * messages and validly signed. Never a 5xx; on 200 both good messages are stored; a 400 may only
 * name the mutated event (an event that cannot be identified, or a malformed status).
 */

const SECRET = 'fuzz-webhook-secret';

function baseEvents(): any[] {
  return listFixtures(`${SAMPLE_PAYLOADS_DIR}/webhook`).flatMap((f) => {
    const body = JSON.parse(f.bytes.toString('utf8'));
    return Array.isArray(body.events) ? body.events : [body];
  });
}

describe.each(testBackends())('webhook channel fuzz on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  const events = baseEvents();
  const post = (body: string) =>
    omnify.post(`/webhooks/${channelId}`, body, { [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, body) });
  const good = (id: string) => ({ type: 'message', id, from: { id: 'fuzz-contact' }, text: 'fine' });

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'webhook',
      config: { secret: SECRET, callbackUrl: 'http://127.0.0.1:9/cb' },
    });
    channelId = ch.json.id;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('stores the good events of a batch around a bad one', async () => {
    const body = renderJson({
      events: [
        good('w-1'),
        { type: 'message', id: 'w-2', from: { id: 'c\u0000' }, text: { nested: '__DEEP_2000__' } },
        { type: 'message', id: 'w-3', from: { id: 'c' }, text: 'x\uD800', timestamp: '__BIG__' },
        good('w-4'),
      ],
    });
    const res = await post(body);
    expect(res.status, res.text).toBe(200);
    expect(res.json.stored).toBe(4);
    const rows = await omnify.db.query<any>(
      `SELECT platform_message_id AS id, text, content->>'type' AS type, error_code FROM messages
        WHERE channel_id = $1 ORDER BY platform_message_id`,
      [channelId],
    );
    expect(rows.rows).toEqual([
      { id: 'w-1', text: 'fine', type: 'text', error_code: null },
      { id: 'w-2', text: null, type: 'unsupported', error_code: 'payload_truncated' },
      { id: 'w-3', text: 'x\uFFFD', type: 'text', error_code: 'timestamp_invalid' },
      { id: 'w-4', text: 'fine', type: 'text', error_code: null },
    ]);
  });

  it('never answers 5xx to mutated events and stores the good ones of the batch', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(events.length - 1), fc.nat(), mutations, async (which, pick, m) => {
        run++;
        const ids = [`fz-${run}-a`, `fz-${run}-b`];
        const bad = mutate(events[which], pick, m);
        const res = await post(renderJson({ events: [good(ids[0]!), bad, good(ids[1]!)] }));
        expect(res.status, res.text).toBeLessThan(500);
        if (res.status === 400) {
          expect(res.json.error.details.fields[0].path).toMatch(/^\/events\/1(\/|$)/);
          return;
        }
        expect(res.status, res.text).toBe(200);
        const n = await omnify.db.query(
          'SELECT 1 FROM messages WHERE channel_id = $1 AND platform_message_id = ANY($2)',
          [channelId, ids],
        );
        expect(n.rows).toHaveLength(2);
      }),
      { seed: 20_261_207, numRuns: 80 },
    );
  }, 60_000);
});
