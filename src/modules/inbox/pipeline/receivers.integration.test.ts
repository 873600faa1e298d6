import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  ChannelAdapter,
  OutboundRequest,
  ReceiverContext,
} from '../../../integrations/contract/channel-adapter.ts';
import type { InboundMessage } from '../../../integrations/contract/message.ts';
import { webhookAdapter } from '../../../integrations/webhook/webhook.adapter.ts';
import { testBackends } from '../../../testing/backends.ts';
import { createWebhookChannel, startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';
import { IngestBatcher, ingestBatching } from './ingest-batcher.ts';
import { startReceivers } from './receivers.ts';

/** What the test loop delivers: one message per body. */
interface Item {
  id: string;
  handle: string;
  text: string;
  replyContext?: Record<string, string>;
}

const toMessage = (b: Item): InboundMessage => ({
  kind: 'message',
  platformMessageId: b.id,
  dedupeKey: b.id,
  sender: { handle: b.handle, displayName: `Person ${b.handle}` },
  threadKey: b.handle,
  sentAt: new Date(Date.UTC(2026, 0, 5, 12)),
  content: { type: 'text', text: b.text },
  text: b.text,
  raw: b,
  replyContext: b.replyContext,
});

/**
 * A platform whose channels receive through a loop, as IMAP and the Discord Gateway do: the loop
 * delivers what the test pushes, records each start with the config it ran with, and returns on abort.
 */
function loopPlatform() {
  const starts: Record<string, unknown>[] = [];
  const delivered: Item[] = [];
  const pending: Item[] = [];
  let wake: (() => void) | undefined;
  let failNext = false;
  const adapter: ChannelAdapter = {
    ...(webhookAdapter as unknown as ChannelAdapter),
    receives: (config) => config.receive !== false,
    parse: (body) => [toMessage(body as Item)],
    async receive(config, ctx: ReceiverContext) {
      starts.push(config);
      if (failNext) {
        failNext = false;
        throw new Error('connection refused');
      }
      while (!ctx.signal.aborted) {
        const item = pending.shift();
        if (item) {
          await ctx.deliver(item);
          delivered.push(item);
          continue;
        }
        await new Promise<void>((r) => {
          wake = r;
          ctx.signal.addEventListener('abort', () => r(), { once: true });
        });
      }
    },
  };
  return {
    adapter,
    starts,
    delivered,
    push(...items: Item[]) {
      pending.push(...items);
      wake?.();
    },
    failOnNextStart() {
      failNext = true;
    },
  };
}

describe.each(testBackends())('receive loops on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  let stop: (() => Promise<void>) | undefined;
  const platform = loopPlatform();

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    channelId = await createWebhookChannel(omnify, 'receivers-secret');
  });
  afterEach(async () => {
    await stop?.();
    stop = undefined;
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await omnify?.close();
  });

  const start = () => {
    const batcher = new IngestBatcher(omnify.ctx, ingestBatching(omnify.ctx.db.kind));
    stop = startReceivers({
      ...omnify.ctx,
      ingest: () => batcher,
      adapters: { platforms: ['webhook'], adapterFor: () => platform.adapter },
      reconcileMs: 50,
    });
  };
  const messagesOf = async (text: string) =>
    (
      await omnify.db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM messages WHERE channel_id = $1 AND text = $2`,
        [channelId, text],
      )
    ).rows[0]!.n;

  it('stores what a loop delivers once, committed before deliver resolves, and keeps the reply context sealed for send', async () => {
    start();
    await omnify.until('the loop started', async () => platform.starts.length >= 1);
    const context = { serviceUrl: 'https://smba.example.test/emea/', note: 'for send only' };
    platform.push(
      { id: 'r-1', handle: 'ana', text: 'first over the loop', replyContext: context },
      // The same item again (a platform redelivering after a reconnect): stored once.
      { id: 'r-1', handle: 'ana', text: 'first over the loop', replyContext: context },
    );
    await omnify.until('both delivered', async () => platform.delivered.length >= 2);
    // deliver resolved only after the commit: the row is there at once.
    expect(await messagesOf('first over the loop')).toBe('1');

    const conv = await omnify.db.query<{ id: string; reply_context: unknown }>(
      `SELECT id, reply_context FROM conversations WHERE channel_id = $1 AND thread_key = 'ana'`,
      [channelId],
    );
    const stored = JSON.stringify(conv.rows[0]!.reply_context);
    expect(stored).not.toContain('smba.example.test'); // sealed at rest
    expect(stored.length).toBeGreaterThan(20);

    // A message without a context keeps the last one; the send gets it back, opened.
    platform.push({ id: 'r-2', handle: 'ana', text: 'second, no context' });
    await omnify.until('third delivered', async () => platform.delivered.length >= 3);
    const sent: OutboundRequest[] = [];
    vi.spyOn(webhookAdapter, 'send').mockImplementation(async (req) => {
      sent.push(req);
      return { platformMessageId: `p-${req.messageId}`, status: 'sent' };
    });
    const reply = await omnify.api('POST', `/api/v1/conversations/${conv.rows[0]!.id}/messages`, {
      text: 'answer',
    });
    expect(reply.status).toBe(202);
    await omnify.until('the reply was sent', async () => sent.length > 0);
    expect(sent[0]!.replyContext).toEqual(context);

    // A newer context replaces the old one.
    platform.push({ id: 'r-3', handle: 'ana', text: 'third', replyContext: { serviceUrl: 'https://b/' } });
    await omnify.until('fourth delivered', async () => platform.delivered.length >= 4);
    await omnify.api('POST', `/api/v1/conversations/${conv.rows[0]!.id}/messages`, { text: 'again' });
    await omnify.until('the second reply was sent', async () => sent.length > 1);
    expect(sent[1]!.replyContext).toEqual({ serviceUrl: 'https://b/' });
  });

  it('restarts a loop with the new config when its channel changes, after a failure, and stops it when the channel goes', async () => {
    const before = platform.starts.length;
    platform.failOnNextStart();
    start();
    // The first start throws; the host restarts it after its backoff (1 s).
    await omnify.until('restarted after a failure', async () => platform.starts.length >= before + 2);

    const patch = await omnify.api('PATCH', `/api/v1/channels/${channelId}`, {
      config: { secret: 'receivers-secret-2', callbackUrl: 'http://127.0.0.1:9/omnify' },
    });
    expect(patch.status).toBe(200);
    await omnify.until('restarted with the new config', async () =>
      platform.starts.some((c) => c.secret === 'receivers-secret-2'),
    );
    const afterChange = platform.starts.length;

    platform.push({ id: 'r-4', handle: 'bo', text: 'after the change' });
    await omnify.until('stored after the change', async () => (await messagesOf('after the change')) === '1');

    expect((await omnify.api('DELETE', `/api/v1/channels/${channelId}`)).status).toBe(204);
    await new Promise((r) => setTimeout(r, 300));
    platform.push({ id: 'r-5', handle: 'bo', text: 'after the delete' });
    await new Promise((r) => setTimeout(r, 200));
    expect(platform.delivered.some((d) => d.id === 'r-5')).toBe(false);
    expect(platform.starts.length).toBe(afterChange);
  });
});
