import { adapterFor } from '../../../integrations/channel-registry.ts';
import { channelSendContext } from '../../../integrations/send-context.ts';
import { isOmnifyError } from '../../../kernel/errors/catalog.ts';
import { channelFromJson, channelJsonSql, insertSandboxRequest } from '../../channels/channels.service.ts';
import type { PipelineDeps } from './deps.ts';
import { openReplyContext } from './store-inbound.ts';

/**
 * Typing indicators towards the contact (`ChannelAdapter.sendTyping`), shown while a person writes
 * in the composer (`POST /conversations/{id}/typing`) and while the agent prepares an answer
 * (`agent-reply`). Not a job: an indicator lasts a few seconds on the platform, so one that waited
 * in a queue, or was retried, would show after the writing stopped or after the answer arrived.
 * Each is one platform call made at once, outside any transaction, at most one per conversation
 * every {@link TYPING_EVERY_MS} in a process; a failed one is logged and forgotten.
 */

/** At most one platform call per conversation this often, in ms (Telegram's indicator lasts 5 s). */
export const TYPING_EVERY_MS = 5_000;

/**
 * Remembers, per key (a conversation id), when a call was last let through, and lets one through
 * at most every `everyMs` milliseconds of `now`. Keeps at most `max` keys: the oldest go first, and
 * keys past their window are dropped as new ones come.
 */
export class TypingThrottle {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly everyMs = TYPING_EVERY_MS,
    private readonly now: () => number = Date.now,
    private readonly max = 10_000,
  ) {}

  /** True, and remembered, when `key` had no call let through in the last `everyMs`. */
  take(key: string): boolean {
    const t = this.now();
    const prev = this.last.get(key);
    if (prev !== undefined && t - prev >= 0 && t - prev < this.everyMs) return false;
    // Re-inserted, so the map stays in order of time: the oldest keys are first.
    this.last.delete(key);
    this.last.set(key, t);
    for (const [k, at] of this.last) {
      if (this.last.size <= this.max && t - at < this.everyMs) break;
      this.last.delete(k);
    }
    return true;
  }

  /** How many keys it remembers (for tests). */
  get size(): number {
    return this.last.size;
  }
}

/** This process's throttle: the composer route and the agent-reply job share it. */
const throttle = new TypingThrottle();
/** Platform calls under way, so tests (and a stopping process) can wait for them. */
const inFlight = new Set<Promise<void>>();

/** Resolves once every typing call started so far has settled (they never reject). */
export async function typingCallsSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}

/**
 * The conversation's thread, reply context and channel, and its contact's latest message that a
 * platform can attach an indicator to (not a reaction, nothing unsupported), within workspace $2.
 */
const TARGET_SQL = `
SELECT c.thread_key AS "threadKey", c.reply_context AS "replyContext", c.channel_id AS "channelId",
       (SELECT m.platform_message_id FROM messages m
         WHERE m.conversation_id = c.id AND m.workspace_id = c.workspace_id AND m.direction = 'inbound'
           AND m.platform_message_id IS NOT NULL AND m.content_type NOT IN ('reaction', 'unsupported')
         ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS "platformMessageId",
       ${channelJsonSql({ id: 'c.channel_id', workspace: 'c.workspace_id' })} AS channel
  FROM conversations c WHERE c.id = $1 AND c.workspace_id = $2`;

/** Why `showTyping` made no call, or `sent` / `failed` when it made one. */
export type TypingOutcome = 'sent' | 'failed' | 'throttled' | 'unsupported' | 'not_found';

/**
 * Shows the contact of conversation `conversationId` (workspace `workspaceId`) that an answer is
 * being written: one `sendTyping` call of its channel's adapter, unless one was made for this
 * conversation less than {@link TYPING_EVERY_MS} ago in this process (`throttled`), the platform has
 * no indicator (`unsupported`) or the workspace has no such conversation (`not_found`). Never
 * throws: a refused or failed call is logged and reported as `failed`.
 */
export function showTyping(
  deps: PipelineDeps,
  t: { conversationId: string; workspaceId: string },
): Promise<TypingOutcome> {
  if (!throttle.take(t.conversationId)) return Promise.resolve('throttled');
  const call = typingCall(deps, t).catch((e: unknown) => {
    deps.log.warn(
      {
        conversationId: t.conversationId,
        code: isOmnifyError(e) ? e.code : undefined,
        platformCode: isOmnifyError(e) ? e.details.platformCode : undefined,
      },
      'the typing indicator was not shown',
    );
    return 'failed' as const;
  });
  const settled = call.then(() => undefined);
  inFlight.add(settled);
  void settled.finally(() => inFlight.delete(settled));
  return call;
}

async function typingCall(
  deps: PipelineDeps,
  t: { conversationId: string; workspaceId: string },
): Promise<TypingOutcome> {
  const { db } = deps;
  const { rows } = await db.query<{
    threadKey: string;
    replyContext: unknown;
    channelId: string;
    platformMessageId: string | null;
    channel: unknown;
  }>(TARGET_SQL, [t.conversationId, t.workspaceId]);
  const row = rows[0];
  const channel = row ? channelFromJson(deps.secrets, row.channel) : null;
  if (!row || !channel) return 'not_found';
  const adapter = adapterFor(channel.platform);
  if (!adapter.sendTyping) return 'unsupported';
  const ctx = channelSendContext(
    { config: deps.config, recordSandbox: (channelId, r) => insertSandboxRequest(db, channelId, r) },
    adapter,
    { id: channel.id, sandbox: channel.sandbox, config: channel.config },
  );
  await adapter.sendTyping(
    {
      threadKey: row.threadKey,
      platformMessageId: row.platformMessageId ?? undefined,
      replyContext: openReplyContext(deps.secrets, row.replyContext, row.channelId, row.threadKey),
    },
    channel.config,
    ctx,
  );
  return 'sent';
}

/**
 * Runs `work` while the contact is shown that an answer is being written: a first indicator once
 * `afterMs` have passed without `work` settling (a quick answer needs none: Meta and Twilio ask for
 * indicators only when the answer takes a few seconds), then one every {@link TYPING_EVERY_MS} until
 * it settles. Resolves or rejects as `work` does, after any indicator call in flight has settled, so
 * an indicator never reaches the platform after the answer it announced.
 */
export async function whileTyping<T>(
  deps: PipelineDeps,
  t: { conversationId: string; workspaceId: string },
  afterMs: number,
  work: Promise<T>,
): Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    last = showTyping(deps, t);
    timer = setTimeout(tick, TYPING_EVERY_MS);
  };
  timer = setTimeout(tick, afterMs);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    await last;
  }
}
