import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFixtures, SHARED_PAYLOADS_DIR, sharedSkipReason } from '../../testing/fixtures.ts';
import type { StatusUpdate } from '../contract/message.ts';
import { messengerAdapter } from './messenger.adapter.ts';
import { envelope, item, PAGE_ID, PSID, T0 } from './messenger.fixtures.ts';

/*
 * Messenger's `message_reads` and `message_deliveries` by watermark ("every message sent before this
 * time was read / delivered"): one watermark status for the sender's conversation. The shared item
 * is Meta's docs example (message_reads Webhook Event Reference, `<PSID>` / `<PAGE_ID>` placeholders
 * kept); the others are written from the same reference.
 */

const config = { pageId: PAGE_ID, pageAccessToken: 't', appSecret: 's', verifyToken: 'v' };
const parse = (items: unknown[], pageId = PAGE_ID) =>
  messengerAdapter.parse(envelope('page', pageId, items), { ...config, pageId });

const skip = sharedSkipReason();
const docsItem = listFixtures(
  join(SHARED_PAYLOADS_DIR, 'messenger'),
  /^messaging_item_read_metadocs\.json$/,
)[0];

describe('messenger read and delivery watermarks', () => {
  it.skipIf(!docsItem)(
    `turns Meta's message_reads example into a read watermark${skip ? ` (${skip})` : ''}`,
    () => {
      const events = parse([JSON.parse(docsItem!.bytes.toString('utf8'))], '<PAGE_ID>');
      expect(events).toEqual([
        {
          kind: 'status',
          platformMessageId: 'watermark:<PSID>:1458668856253',
          status: 'read',
          at: new Date(1458668856463),
          raw: expect.objectContaining({ read: { watermark: 1458668856253 } }),
          watermark: { threadKey: '<PSID>', upTo: new Date(1458668856253) },
        },
      ]);
    },
  );

  it('turns a delivery watermark without mids into a delivered watermark', () => {
    const [e] = parse([item(PSID, PAGE_ID, { delivery: { watermark: T0 } })]) as StatusUpdate[];
    expect(e).toMatchObject({ status: 'delivered', watermark: { threadKey: PSID, upTo: new Date(T0) } });
  });

  it('keeps naming messages when the event names them (mids win over the watermark)', () => {
    const events = parse([item(PSID, PAGE_ID, { read: { mid: 'm_ours', watermark: T0 } })]) as StatusUpdate[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ platformMessageId: 'm_ours', status: 'read' });
    expect(events[0]!.watermark).toBeUndefined();
  });

  it('drops a watermark it cannot read, and one of our own Page', () => {
    expect(parse([item(PSID, PAGE_ID, { read: { watermark: 'soon' } })])).toEqual([]);
    expect(parse([item(PSID, PAGE_ID, { read: { watermark: 1e300 } })])).toEqual([]);
    expect(parse([item(PSID, PAGE_ID, { read: {} })])).toEqual([]);
    expect(parse([item(PAGE_ID, PSID, { read: { watermark: T0 } })])).toEqual([]);
  });
});
