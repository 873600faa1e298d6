import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappText } from '../../../test/payloads.ts';
import { signWhatsApp } from '../../integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';

const APP_SECRET = 'one-meta-app-secret';

/**
 * One Meta app serving several WhatsApp numbers posts every number's events to the one callback
 * URL it has: the webhook route stores each event in the channel of the number it names
 * (`metadata.phone_number_id`), when that channel's app secret verifies the delivery too.
 */
describe.each(testBackends())('webhook routing by account on %s', (backend) => {
  let omnify: TestOmnify;
  const channels: Record<string, string> = {};
  let seq = 0;

  const connect = async (name: string, phoneNumberId: string, appSecret = APP_SECRET) => {
    const res = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      name,
      config: { phoneNumberId, accessToken: 'EAAG-routing', appSecret, verifyToken: 'v' },
    });
    expect(res.status).toBe(201);
    channels[name] = res.json.id;
  };
  /** A delivery of one text per number in `numbers`, posted to channel `to`, signed with `secret`. */
  const post = async (to: string, numbers: string[], secret = APP_SECRET) => {
    const texts = numbers.map((n) => `for ${n} #${++seq}`);
    const body = whatsappText(`wamid.ROUTE-${backend}-${seq}`, texts[0]!);
    const entry = body.entry[0];
    entry.changes = numbers.map((n, i) => {
      const change = structuredClone(body.entry[0].changes[0]);
      change.value.metadata.phone_number_id = n;
      change.value.messages[0].id = `wamid.ROUTE-${backend}-${seq}-${i}`;
      change.value.messages[0].text.body = texts[i];
      return change;
    });
    const raw = Buffer.from(JSON.stringify(body));
    const res = await omnify.post(`/webhooks/${channels[to]}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, secret),
    });
    expect(res.status).toBe(200);
    return texts;
  };
  /** The channel each text was stored in (by name). */
  const storedIn = async (texts: string[]) => {
    const { rows } = await omnify.db.query<{ text: string; channel_id: string }>(
      'SELECT text, channel_id FROM messages WHERE text = ANY($1)',
      [texts],
    );
    const names = Object.fromEntries(Object.entries(channels).map(([n, id]) => [id, n]));
    return Object.fromEntries(rows.map((r) => [r.text, names[r.channel_id]]));
  };

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    await connect('first', '1000001');
    await connect('second', '1000002');
    await connect('other app', '1000003', 'another-app-secret');
  }, 60_000);
  afterAll(() => omnify?.close());

  it("stores each number's events in that number's channel", async () => {
    const [a, b] = await post('first', ['1000001', '1000002']);
    expect(await storedIn([a!, b!])).toEqual({ [a!]: 'first', [b!]: 'second' });
  });

  it('keeps an event of an unknown number, or of a channel of another app, where it arrived', async () => {
    const [unknown, otherApp] = await post('first', ['9999999', '1000003']);
    expect(await storedIn([unknown!, otherApp!])).toEqual({ [unknown!]: 'first', [otherApp!]: 'first' });
  });

  it('stores a redelivered routed event once', async () => {
    const texts = await post('second', ['1000001']);
    seq -= 1; // the same ids and texts again
    const again = await post('second', ['1000001']);
    expect(again).toEqual(texts);
    const { rows } = await omnify.db.query('SELECT 1 FROM messages WHERE text = $1', [texts[0]]);
    expect(rows).toHaveLength(1);
    expect(await storedIn(texts)).toEqual({ [texts[0]!]: 'first' });
  });
});
