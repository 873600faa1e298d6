import type { InboundEvent, InboundMessage } from '../../../integrations/contract/message.ts';
import { isOmnifyError } from '../../../kernel/errors/catalog.ts';
import type { PipelineDeps } from './deps.ts';
import { type IngestItem, type IngestResult, writeEvents } from './ingest.ts';

/**
 * Whether `e` says that this data can never be stored, so retrying the same event cannot help: a
 * PostgreSQL data exception (SQLSTATE class 22: bad encoding, value out of range…), a program limit
 * (class 54: stack depth, too many columns) or an integrity violation (class 23), or a JavaScript
 * `RangeError`/`TypeError` raised while serializing the event (invalid date, stack overflow).
 * Anything else (connection lost, serialization failure, shutdown) is transient: the platform must
 * redeliver, so those errors propagate. Source of the classes: PostgreSQL docs, Appendix A.
 */
export function isPoisonError(e: unknown): boolean {
  if (isOmnifyError(e)) return e.errorClass === 'user';
  if (e instanceof RangeError || e instanceof TypeError) return true;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}

/** Short text of an error for a stored reason (no stack, at most 200 characters). */
function reasonOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/**
 * The placeholder kept for a message that could not be stored as received: same ids, sender and
 * thread (sanitized, so they store), `unsupported` content naming the reason, no raw payload.
 */
export function unstorableMessage(m: InboundMessage, e: unknown): InboundMessage {
  const reason = `could not be stored: ${reasonOf(e)}`;
  return {
    kind: 'message',
    platformMessageId: m.platformMessageId,
    dedupeKey: m.dedupeKey,
    sender: { handle: m.sender.handle },
    threadKey: m.threadKey,
    sentAt: new Date(),
    content: { type: 'unsupported', platformType: m.content.type, reason },
    text: null,
    issue: { code: 'payload_unstorable', message: reason },
    raw: null,
  };
}

function addInto(total: IngestResult, r: IngestResult): void {
  total.stored.push(...r.stored);
  total.duplicates += r.duplicates;
  total.statusesApplied += r.statusesApplied;
  total.repliesQueued += r.repliesQueued;
}

/**
 * Stores one delivery event by event, each in its own transaction, after the delivery as a whole
 * failed with a poison error ({@link isPoisonError}). A message that still fails is stored as its
 * `unsupported` placeholder ({@link unstorableMessage}); an event that fails even then (or a status
 * update that fails) is skipped and logged with its platform id, never retried, so the platform is
 * not made to redeliver a payload that can never be stored. Transient errors propagate (the
 * delivery then fails as a whole and the platform redelivers it; stored events are deduplicated).
 */
export async function writeEventsOneByOne(deps: PipelineDeps, item: IngestItem): Promise<IngestResult> {
  const total: IngestResult = { stored: [], duplicates: 0, statusesApplied: 0, repliesQueued: 0 };
  const write = async (e: InboundEvent) => {
    const [r] = await deps.db.transaction((tx) =>
      writeEvents(deps, tx, [{ channel: item.channel, events: [e] }]),
    );
    addInto(total, r!);
  };
  for (const event of item.events) {
    try {
      await write(event);
    } catch (e) {
      if (!isPoisonError(e)) throw e;
      deps.log.warn(
        { channelId: item.channel.id, platformMessageId: event.platformMessageId, reason: reasonOf(e) },
        'webhook event could not be stored as received',
      );
      if (event.kind !== 'message') continue;
      try {
        await write(unstorableMessage(event, e));
      } catch (again) {
        if (!isPoisonError(again)) throw again;
        deps.log.error(
          { channelId: item.channel.id, platformMessageId: event.platformMessageId, reason: reasonOf(again) },
          'webhook message skipped: not even its placeholder could be stored',
        );
      }
    }
  }
  return total;
}
