import { and, desc, eq } from 'drizzle-orm';
import { type SandboxInboundEvent, sandboxDelivery } from '../../../integrations/sandbox/inbound.ts';
import type { Queryable } from '../../../kernel/db/database.ts';
import { scoped } from '../../../kernel/db/orm.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import type { ChannelRecord } from '../../channels/channels.service.ts';
import { messages } from '../inbox.schema.ts';

/**
 * An in-process HTTP request to this server (Fastify's `inject`): the webhook route, or an API
 * route with the caller's own credentials. Nothing leaves the process.
 */
export type Inject = (req: {
  method: 'POST' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  payload: string | Buffer;
}) => Promise<{ statusCode: number; body: string }>;

/**
 * Delivers `event` to the sandbox channel as its platform would: a signed webhook request
 * (`sandboxDelivery`) posted in-process to `/webhooks/{channelId}`, so it runs through the real
 * verification, ingest transaction and `agent-reply` job. Returns the platform message id of a
 * message event (under which it is stored).
 *
 * @throws OmnifyError `OMNIFY_ERR_CONFLICT` when the channel is not a sandbox channel (its messages
 *   come from the real platform); `OMNIFY_ERR_INTERNAL` when the webhook refuses the delivery.
 */
export async function deliverToSandbox(
  inject: Inject,
  channel: ChannelRecord,
  event: SandboxInboundEvent,
): Promise<string | undefined> {
  if (!channel.sandbox) {
    throw new OmnifyError(
      'OMNIFY_ERR_CONFLICT',
      `"${channel.name}" is connected to the real ${channel.platform}: send it a message from your phone instead (only sandbox channels take simulated messages).`,
    );
  }
  const d = sandboxDelivery(channel.platform, channel.config, event);
  const res = await inject({
    method: 'POST',
    url: `/webhooks/${channel.id}`,
    headers: { 'content-type': 'application/json', ...d.headers },
    payload: d.body,
  });
  if (res.statusCode !== 200) {
    throw new OmnifyError('OMNIFY_ERR_INTERNAL', `The sandbox delivery was refused (${res.statusCode}).`, {
      webhookAnswer: res.body.slice(0, 500),
    });
  }
  return d.platformMessageId;
}

/** A stored message as the demo follows it. */
export interface TrackedMessage {
  id: string;
  conversationId: string;
  status: string | null;
  platformMessageId: string | null;
}

const tracked = {
  id: messages.id,
  conversationId: messages.conversationId,
  status: messages.status,
  platformMessageId: messages.platformMessageId,
};

/** The inbound message a sandbox delivery stored on `channelId` under `platformMessageId`, or null. */
export async function findInbound(
  db: Queryable,
  workspaceId: string,
  channelId: string,
  platformMessageId: string,
): Promise<TrackedMessage | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select(tracked)
    .from(messages)
    .where(
      s.where(
        messages,
        eq(messages.channelId, channelId),
        eq(messages.dedupeKey, platformMessageId),
        eq(messages.direction, 'inbound'),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** The agent's answer to the inbound message `inboundId`, or null while there is none. */
export async function findAgentAnswer(
  db: Queryable,
  workspaceId: string,
  inboundId: string,
): Promise<TrackedMessage | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select(tracked)
    .from(messages)
    .where(s.where(messages, eq(messages.replyToMessageId, inboundId), eq(messages.senderKind, 'agent')))
    .limit(1);
  return row ?? null;
}

/** The conversation's newest outbound message that reaches the contact (no notes or drafts), or null. */
export async function lastOutbound(
  db: Queryable,
  workspaceId: string,
  conversationId: string,
): Promise<TrackedMessage | null> {
  return (await outbound(db, workspaceId, conversationId, 1))[0] ?? null;
}

/** The conversation's outbound messages that reach the contact, newest first (at most `limit`). */
export async function outbound(
  db: Queryable,
  workspaceId: string,
  conversationId: string,
  limit = 100,
): Promise<TrackedMessage[]> {
  const s = scoped(db, workspaceId);
  return s.db
    .select(tracked)
    .from(messages)
    .where(
      s.where(
        messages,
        and(
          eq(messages.conversationId, conversationId),
          eq(messages.direction, 'outbound'),
          eq(messages.private, false),
        ),
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit);
}

/** Polls `fn` every 50 ms until it returns a value or `timeoutMs` passes (then null). */
export async function waitFor<T>(fn: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() >= end) return null;
    await new Promise((r) => setTimeout(r, 50));
  }
}
