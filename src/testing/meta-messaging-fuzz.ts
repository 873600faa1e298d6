import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope, item } from '../integrations/messenger/messenger.fixtures.ts';
import { signWhatsApp } from '../integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from './backends.ts';
import { mutate, mutations, renderJson } from './fuzz.ts';
import { startTestOmnify, type TestOmnify } from './harness.ts';

/** What one Messenger Platform channel's fuzz run needs. */
export interface MetaFuzzInput {
  platform: 'messenger' | 'instagram';
  object: 'page' | 'instagram';
  /** `entry[].id` and the recipient of the contact's items (Page id or Instagram account id). */
  ownId: string;
  /** Channel config without `appSecret` and `apiBaseUrl`. */
  config: Record<string, string>;
  /** Documented `messaging[]` items to mutate. */
  items: Record<string, unknown>[];
  seed: number;
}

/**
 * Fuzz of a Messenger Platform channel through the real server (PGlite, and PostgreSQL when
 * `DATABASE_URL` is set): documented `messaging[]` items with one node mutated (NUL, lone
 * surrogates, extreme numbers, deep nesting, type swaps, nasty keys), validly signed, posted next to
 * good items of the same delivery. Never a 5xx; the good items are always stored; a redelivery
 * stores nothing twice; our echoes are never stored.
 */
export function defineMetaMessagingFuzz(input: MetaFuzzInput): void {
  const APP_SECRET = `fuzz-${input.platform}-secret`;
  const contact = '5550001';
  const good = (mid: string, text: string) => item(contact, input.ownId, { message: { mid, text } });

  describe.each(testBackends())(`${input.platform} webhook fuzz on %s`, (backend) => {
    let omnify: TestOmnify;
    let channelId: string;
    const post = (body: string) =>
      omnify.post(`/webhooks/${channelId}`, body, { 'x-hub-signature-256': signWhatsApp(body, APP_SECRET) });
    const rows = async (mids: string[]) =>
      (
        await omnify.db.query<{
          platform_message_id: string;
          text: string | null;
          error_code: string | null;
          content: { type?: string };
        }>(
          `SELECT platform_message_id, text, error_code, content FROM messages
            WHERE channel_id = $1 AND platform_message_id = ANY($2) ORDER BY created_at`,
          [channelId, mids],
        )
      ).rows;

    beforeAll(async () => {
      omnify = await startTestOmnify(backend);
      const ch = await omnify.api('POST', '/api/v1/channels', {
        platform: input.platform,
        config: { ...input.config, appSecret: APP_SECRET, apiBaseUrl: 'http://127.0.0.1:9' },
      });
      expect(ch.status, JSON.stringify(ch.json)).toBe(201);
      channelId = ch.json.id;
    }, 60_000);
    afterAll(() => omnify?.close());

    it('stores the good items next to poisoned ones, once, and never our echoes', async () => {
      const items = [
        good('m_NUL\u0000', 'a\u0000b\uD800'),
        { ...good('m_TS', 'late'), timestamp: 1e300 },
        { ...good('m_DEEP', 'deep'), extra: '__DEEP_3000__' },
        { ...good('m_SWAP', 'x'), message: { mid: 'm_SWAP', attachments: 'not an array', text: 7 } },
        item(input.ownId, contact, { message: { mid: 'm_ECHO', text: 'ours', is_echo: true } }),
        good('m_GOOD', 'hello'),
      ];
      const body = renderJson(envelope(input.object, input.ownId, items));
      expect((await post(body)).status).toBe(200);
      const again = await post(body);
      expect([again.status, again.json.stored]).toEqual([200, 0]);
      const by = new Map(
        (await rows(['m_NUL', 'm_TS', 'm_DEEP', 'm_SWAP', 'm_ECHO', 'm_GOOD'])).map((r) => [
          r.platform_message_id,
          r,
        ]),
      );
      expect(by.get('m_NUL')?.text).toBe('ab\uFFFD');
      expect([by.get('m_TS')?.text, by.get('m_TS')?.error_code]).toEqual(['late', 'timestamp_invalid']);
      expect(by.get('m_DEEP')?.error_code).toBe('payload_truncated');
      expect(by.get('m_SWAP')?.content.type).toBe('unsupported');
      expect(by.has('m_ECHO')).toBe(false);
      expect(by.get('m_GOOD')?.text).toBe('hello');
    });

    it('never answers 5xx to mutated, signed items and stores their good neighbours', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.nat(input.items.length - 1), fc.nat(), mutations, async (which, pick, m) => {
          run++;
          const bad = mutate(input.items[which], pick, m);
          const mids = [`m_FUZZ-${run}-a`, `m_FUZZ-${run}-b`];
          const delivery = envelope(input.object, input.ownId, [bad, good(mids[0]!, 'ok')]);
          const second = { id: input.ownId, time: 1, messaging: [good(mids[1]!, 'ok too')] };
          delivery.entry = [...(delivery.entry as unknown[]), second];
          const res = await post(renderJson(delivery));
          expect(res.status, res.text).toBe(200);
          expect(await rows(mids)).toHaveLength(2);
        }),
        { seed: input.seed, numRuns: 80 },
      );
    }, 120_000);
  });
}
