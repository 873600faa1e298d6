import { adapterFor } from '../../../integrations/channel-registry.ts';
import type { SendResult } from '../../../integrations/contract/channel-adapter.ts';
import { channelSendContext } from '../../../integrations/send-context.ts';
import type { Queryable } from '../../../kernel/db/database.ts';
import { PreparedStatement } from '../../../kernel/db/prepared.ts';
import { retryWrite } from '../../../kernel/db/retry-write.ts';
import { isOmnifyError, OmnifyError } from '../../../kernel/errors/catalog.ts';
import { channelFromJson, channelJsonSql, insertSandboxRequest } from '../../channels/channels.service.ts';
import type { conversations, messages } from '../inbox.schema.ts';
import type { OutboundSendJob, PipelineDeps } from './deps.ts';
import { openReplyContext } from './store-inbound.ts';

/**
 * The outbound message to send with its conversation's thread (SQL aliases = schema names) and its
 * channel as the channels module's `channelJsonSql` selects it (read with `channelFromJson`).
 */
type OutboundRow = Pick<
  typeof messages.$inferSelect,
  'id' | 'workspaceId' | 'channelId' | 'text' | 'status' | 'attempts' | 'replyToPlatformMessageId'
> &
  Pick<typeof conversations.$inferSelect, 'threadKey' | 'replyContext'> & {
    channel: unknown;
    lastInboundAt: Date | null;
  };

/**
 * The message, its thread, its channel (within the message's workspace) and when the contact last
 * wrote in the conversation (for platforms' reply windows), in one round trip.
 */
const OUTBOUND = new PreparedStatement(
  'omnify_inbox_outbound_send_read',
  `
SELECT m.id, m.workspace_id AS "workspaceId", m.channel_id AS "channelId", m.text, m.status, m.attempts,
       m.reply_to_platform_message_id AS "replyToPlatformMessageId", c.thread_key AS "threadKey",
       c.reply_context AS "replyContext",
       ${channelJsonSql({ id: 'm.channel_id', workspace: 'm.workspace_id' })} AS channel,
       (SELECT i.created_at FROM messages i
         WHERE i.conversation_id = m.conversation_id AND i.workspace_id = m.workspace_id
           AND i.direction = 'inbound'
         ORDER BY i.created_at DESC, i.id DESC LIMIT 1) AS "lastInboundAt"
  FROM messages m JOIN conversations c ON c.id = m.conversation_id
 WHERE m.id = $1 AND NOT m.private`,
  ['uuid'],
);

/** An accepted send: `sent` with the platform's id, guarded by status and attempt ($1 id, $2 status, $3 platform id, $4 attempt). */
const SENT = new PreparedStatement(
  'omnify_inbox_outbound_sent',
  `UPDATE messages SET status = $2, platform_message_id = $3, attempts = attempts + 1, sent_at = now(),
     error_code = NULL, error_message = NULL, updated_at = now()
   WHERE id = $1 AND status = 'queued' AND attempts = $4`,
  ['uuid', 'text', 'text', 'int'],
);

/**
 * The one retry policy of outbound sends. Exponential backoff with "equal jitter" (AWS
 * Architecture Blog, "Exponential Backoff and Jitter", 2015): after attempt `attempt` (0-based)
 * failed, wait a random delay in [s/2, s] with s = min(`maxMs`, `baseMs`·2^attempt), and never
 * less than the wait the platform asked for (`platformWaitMs`, which may exceed `maxMs`).
 * Milliseconds, rounded to whole ms; the job runs that long after the failure was recorded
 * (sub-second delays included: see `JobQueue.enqueue`), give or take the database's latency.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  platformWaitMs?: number,
): number {
  const exp = Math.min(maxMs, baseMs * 2 ** attempt);
  const jittered = exp / 2 + Math.random() * (exp / 2);
  return Math.max(Math.round(jittered), platformWaitMs ?? 0);
}

/**
 * Sends one outbound message through its channel's adapter (job `outbound-send`). The job carries
 * the attempt it is for; it reloads the message (and, in the same query, its channel through the
 * subquery the channels service provides) and
 * returns early unless the message is still `queued` at that attempt, so a redelivered job is
 * harmless.
 *
 * The platform call runs outside any transaction; its outcome is then written first, on its own
 * (retried through database outages, never mistaken for a platform failure):
 * - success → `sent` with the platform's message id;
 * - transient error or throttling → the next attempt is enqueued (in the same transaction that
 *   records the attempt) after `retryDelayMs`, which honours the platform's `retry_after`;
 * - permanent error, or `SEND_MAX_ATTEMPTS` reached → `failed` with the platform's code and text.
 *
 * One retry counter: `messages.attempts` counts platform calls with a known outcome. The job throws
 * (and pg-boss runs it again) only when the database is unreachable before the call, or stays
 * unreachable for 10 minutes after it; pg-boss's own retries never follow a recorded outcome.
 *
 * Delivery to the platform is at least once: a process killed after the platform accepted the
 * message but before `sent` was committed sends it again after restart (the window is described
 * in docs/architecture.md). The webhook channel carries our message id as the receiver's
 * idempotency key; WhatsApp and Telegram take no client-supplied id that dedupes.
 */
export async function runOutboundSend(deps: PipelineDeps, job: OutboundSendJob): Promise<void> {
  const { db } = deps;
  const found = await OUTBOUND.run<OutboundRow>(db, db, [job.messageId]);
  const m = found.rows[0];
  if (m?.status !== 'queued' || m.attempts !== job.attempt) return;
  // The channel (its config opened) as the channels module reads it.
  const channel = channelFromJson(deps.secrets, m.channel);
  if (!channel) return;

  const adapter = adapterFor(channel.platform);
  // Sandbox channels send to the platform's emulator in-process (src/integrations/sandbox).
  const sendCtx = channelSendContext(
    { config: deps.config, recordSandbox: (channelId, r) => insertSandboxRequest(db, channelId, r) },
    adapter,
    { id: channel.id, sandbox: channel.sandbox, config: channel.config },
  );
  let outcome: { sent: SendResult } | { error: OmnifyError };
  try {
    const res = await adapter.send(
      {
        messageId: m.id,
        threadKey: m.threadKey,
        text: m.text ?? '',
        replyToPlatformMessageId: m.replyToPlatformMessageId ?? undefined,
        lastInboundAt: m.lastInboundAt ?? undefined,
        replyContext: openReplyContext(deps.secrets, m.replyContext, m.channelId, m.threadKey),
      },
      channel.config,
      sendCtx,
    );
    outcome = { sent: res };
  } catch (e) {
    outcome = {
      error: isOmnifyError(e)
        ? e
        : new OmnifyError(
            'OMNIFY_ERR_INTERNAL',
            e instanceof Error ? e.message : String(e),
            {},
            { cause: e },
          ),
    };
  }
  // The platform has answered: record that first, on its own, and keep trying until the database
  // takes it. A database error here never turns an accepted message into `failed` or resends it.
  await recordOutcome(deps, m.id, job, outcome);
}

/**
 * Writes the outcome of one platform call for message `id` at `job.attempt`, retrying the write
 * with backoff (`retryWrite`: through a database restart, up to 10 minutes). Every write is guarded
 * by `status = 'queued' AND attempts = job.attempt`, so repeating one whose commit did happen
 * changes nothing (and enqueues no second retry job).
 */
async function recordOutcome(
  deps: PipelineDeps,
  id: string,
  job: OutboundSendJob,
  outcome: { sent: SendResult } | { error: OmnifyError },
): Promise<void> {
  const { db, config, log } = deps;
  const onRetry = (e: unknown, failures: number, delayMs: number) =>
    log.warn(
      { messageId: id, failures, delayMs: Math.round(delayMs), code: isOmnifyError(e) ? e.code : undefined },
      'could not record the send outcome; retrying',
    );
  if ('sent' in outcome) {
    // Ahead of waiting ingest work on PGlite: the shorter this wait, the smaller the window in
    // which a crash makes us send the message again (docs/architecture.md, guarantees).
    const urgent = { query: db.queryUrgent } as Queryable;
    await retryWrite(
      () => SENT.run(db, urgent, [id, outcome.sent.status, outcome.sent.platformMessageId, job.attempt]),
      { onRetry },
    );
    return;
  }
  const err = outcome.error;
  const code = String(err.details.platformCode ?? err.code);
  const text = String(err.details.platformMessage ?? err.message);
  const next = job.attempt + 1;
  if (err.retryable && next < config.sendMaxAttempts) {
    const delay = retryDelayMs(job.attempt, config.retryBaseMs, config.retryMaxMs, err.details.retryAfterMs);
    await retryWrite(
      () =>
        db.transaction(async (tx) => {
          const r = await tx.query(
            `UPDATE messages SET attempts = $2, error_code = $3, error_message = $4, updated_at = now()
             WHERE id = $1 AND status = 'queued' AND attempts = $5`,
            [id, next, code, text, job.attempt],
          );
          if (r.rowCount !== 1) return;
          const again: OutboundSendJob = { messageId: id, attempt: next };
          await deps.queue.enqueue('outbound-send', again, { startAfterMs: delay }, tx);
        }),
      { onRetry },
    );
    log.info({ messageId: id, attempt: next, delayMs: delay, code }, 'send failed; retrying later');
    return;
  }
  await retryWrite(
    () =>
      db.query(
        `UPDATE messages SET status = 'failed', attempts = $2, error_code = $3, error_message = $4, updated_at = now()
         WHERE id = $1 AND status = 'queued' AND attempts = $5`,
        [id, next, code, text, job.attempt],
      ),
    { onRetry },
  );
  log.warn({ messageId: id, code, errorClass: err.errorClass }, 'send failed for good');
}
