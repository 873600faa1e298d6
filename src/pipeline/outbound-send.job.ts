import { adapterFor } from '../channels/registry.ts';
import { isOmnifyError, OmnifyError } from '../errors/catalog.ts';
import type { OutboundSendJob, PipelineDeps } from './deps.ts';

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter",
 * 2015): a random delay in [base·2^attempt / 2, base·2^attempt], capped at `maxMs`, never shorter
 * than the wait the platform asked for. Milliseconds.
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

/** Base URL of the sandbox emulator for a channel: `<self>/sandbox/<channelId>`. */
export function sandboxBaseUrl(deps: Pick<PipelineDeps, 'selfUrl'>, channelId: string): string {
  return `${deps.selfUrl()}/sandbox/${channelId}`;
}

/**
 * Sends one outbound message through its channel's adapter (job `outbound-send`). The job carries
 * the attempt it is for; it reloads the message and returns early unless the message is still
 * `queued` at that attempt, so a redelivered job is harmless.
 *
 * - success → `sent` with the platform's message id;
 * - transient error or throttling → the next attempt is enqueued (in the same transaction that
 *   records the attempt) after a backoff delay that honours the platform's `retry_after`;
 * - permanent error, or attempts exhausted → `failed` with the platform's error code and text.
 *
 * Delivery to the platform is at least once: a process killed after the platform accepted the
 * message but before `sent` was recorded sends it again after restart.
 */
export async function runOutboundSend(deps: PipelineDeps, job: OutboundSendJob): Promise<void> {
  const { db, config, log } = deps;
  const found = await db.query<any>(
    `SELECT m.id, m.text, m.status, m.attempts, m.reply_to_platform_message_id, c.thread_key,
            ch.id AS channel_id, ch.platform, ch.config, ch.sandbox
       FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN channels ch ON ch.id = m.channel_id
      WHERE m.id = $1`,
    [job.messageId],
  );
  const m = found.rows[0];
  if (m?.status !== 'queued' || m.attempts !== job.attempt) return;

  const adapter = adapterFor(m.platform);
  // Sandbox channels send to Omnify's own emulator of the platform API, wherever the server runs now.
  const channelConfig = m.sandbox
    ? { ...m.config, ...adapter.sandboxConfig(sandboxBaseUrl(deps, m.channel_id)) }
    : m.config;
  try {
    const res = await adapter.send(
      {
        messageId: m.id,
        threadKey: m.thread_key,
        text: m.text ?? '',
        replyToPlatformMessageId: m.reply_to_platform_message_id ?? undefined,
      },
      channelConfig,
      { apiBaseUrl: adapter.apiBaseUrl(channelConfig), timeoutMs: config.sendTimeoutMs },
    );
    await db.query(
      `UPDATE messages SET status = $2, platform_message_id = $3, attempts = attempts + 1, sent_at = now(),
         error_code = NULL, error_message = NULL, updated_at = now()
       WHERE id = $1 AND status = 'queued'`,
      [m.id, res.status, res.platformMessageId],
    );
  } catch (e) {
    const err = isOmnifyError(e)
      ? e
      : new OmnifyError('OMNIFY_ERR_INTERNAL', e instanceof Error ? e.message : String(e), {}, { cause: e });
    const code = String(err.details.platformCode ?? err.code);
    const text = String(err.details.platformMessage ?? err.message);
    const next = job.attempt + 1;
    if (err.retryable && next < config.sendMaxAttempts) {
      const delay = retryDelayMs(
        job.attempt,
        config.retryBaseMs,
        config.retryMaxMs,
        err.details.retryAfterMs,
      );
      await db.transaction(async (tx) => {
        await tx.query(
          `UPDATE messages SET attempts = $2, error_code = $3, error_message = $4, updated_at = now()
           WHERE id = $1 AND status = 'queued'`,
          [m.id, next, code, text],
        );
        const again: OutboundSendJob = { messageId: m.id, attempt: next };
        await deps.queue.enqueue('outbound-send', again, { startAfterMs: delay }, tx);
      });
      log.info({ messageId: m.id, attempt: next, delayMs: delay, code }, 'send failed; retrying later');
      return;
    }
    await db.query(
      `UPDATE messages SET status = 'failed', attempts = $2, error_code = $3, error_message = $4, updated_at = now()
       WHERE id = $1 AND status = 'queued'`,
      [m.id, next, code, text],
    );
    log.warn({ messageId: m.id, code, errorClass: err.errorClass }, 'send failed for good');
  }
}
