import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent, InboundMessage } from '../../../integrations/contract/message.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { testBackends } from '../../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';
import type { ChannelRecord } from '../../channels/channels.service.ts';
import { IngestBatcher } from './ingest-batcher.ts';
import { isPoisonError } from './ingest-isolate.ts';

/*
 * Isolation in the ingest pipeline, below the edge sanitizer: events that PostgreSQL or
 * JSON.stringify refuse are fed to the batcher directly, next to good ones.
 */

function message(id: string, text: string, extra: Partial<InboundMessage> = {}): InboundMessage {
  return {
    kind: 'message',
    platformMessageId: id,
    dedupeKey: id,
    sender: { handle: 'iso-1' },
    threadKey: 'iso-1',
    sentAt: new Date(Date.UTC(2025, 0, 2)),
    content: { type: 'text', text },
    text,
    raw: { id },
    ...extra,
  };
}

/** Arrays nested `n` deep, built without recursion (JSON.stringify overflows the stack on it). */
function deep(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

describe('isPoisonError', () => {
  it('tells data that can never be stored from failures that may pass', () => {
    expect(isPoisonError(Object.assign(new Error('invalid byte'), { code: '22021' }))).toBe(true);
    expect(isPoisonError(Object.assign(new Error('stack depth'), { code: '54001' }))).toBe(true);
    expect(isPoisonError(new RangeError('Invalid time value'))).toBe(true);
    expect(isPoisonError(new OmnifyError('OMNIFY_ERR_VALIDATION'))).toBe(true);
    expect(isPoisonError(Object.assign(new Error('terminating'), { code: '57P01' }))).toBe(false);
    expect(isPoisonError(Object.assign(new Error('serialization'), { code: '40001' }))).toBe(false);
    expect(isPoisonError(new Error('connection reset'))).toBe(false);
  });
});

describe.each(testBackends())('ingest isolation on %s', (backend) => {
  let omnify: TestOmnify;
  let channel: ChannelRecord;
  const rows = async (ids: string[]) =>
    (
      await omnify.db.query<any>(
        `SELECT platform_message_id AS id, text, content, error_code, sent_at FROM messages
          WHERE channel_id = $1 AND platform_message_id = ANY($2) ORDER BY platform_message_id`,
        [channel.id, ids],
      )
    ).rows;
  let batcher: IngestBatcher;
  const submit = (events: InboundEvent[]) => batcher.submit({ channel, events });

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    batcher = new IngestBatcher(omnify.ctx, { maxBatch: 100, concurrency: 1 });
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'webhook',
      config: { secret: 'isolation-secret-123', callbackUrl: 'http://127.0.0.1:9/cb' },
    });
    const r = await omnify.db.query<any>('SELECT id, workspace_id, platform FROM channels WHERE id = $1', [
      ch.json.id,
    ]);
    channel = {
      id: r.rows[0].id,
      workspaceId: r.rows[0].workspace_id,
      platform: r.rows[0].platform,
      agentId: null,
    } as unknown as ChannelRecord;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('stores the good messages of a delivery and the unstorable one as unsupported', async () => {
    const result = await submit([
      message('iso-a', 'first'),
      message('iso-b', 'nul \u0000 inside', { raw: { text: 'nul \u0000' } }),
      message('iso-c', 'deep raw', { raw: deep(200_000) }),
      message('iso-d', 'bad date', { sentAt: new Date(Number.NaN) }),
      message('iso-e', 'last'),
    ]);
    expect(result.stored).toHaveLength(5);
    const got = await rows(['iso-a', 'iso-b', 'iso-c', 'iso-d', 'iso-e']);
    expect(got.map((r: any) => [r.id, r.text, r.content.type, r.error_code])).toEqual([
      ['iso-a', 'first', 'text', null],
      ['iso-b', null, 'unsupported', 'payload_unstorable'],
      ['iso-c', null, 'unsupported', 'payload_unstorable'],
      ['iso-d', 'bad date', 'text', null],
      ['iso-e', 'last', 'text', null],
    ]);
    expect(got[1].content.reason).toMatch(/^could not be stored: /);
    expect(got[3].sent_at).not.toBeNull();
  });

  it('never fails the other deliveries of a shared transaction', async () => {
    const results = await Promise.all([
      submit([message('grp-1', 'ok 1')]),
      submit([message('grp-2', 'poison \u0000')]),
      submit([message('grp-3', 'ok 3')]),
    ]);
    expect(results.map((r) => r.stored.length)).toEqual([1, 1, 1]);
    const got = await rows(['grp-1', 'grp-2', 'grp-3']);
    expect(got.map((r: any) => r.content.type)).toEqual(['text', 'unsupported', 'text']);
    // A redelivery of the poisoned one is a duplicate now: 200 without a new row, no retry loop.
    const again = await submit([message('grp-2', 'poison \u0000')]);
    expect([again.stored.length, again.duplicates]).toEqual([0, 1]);
  });
});
