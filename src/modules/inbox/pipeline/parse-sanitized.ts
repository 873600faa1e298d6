import type { ChannelAdapter } from '../../../integrations/contract/channel-adapter.ts';
import type { InboundEvent } from '../../../integrations/contract/message.ts';
import { isOmnifyError, OmnifyError } from '../../../kernel/errors/catalog.ts';
import { MAX_JSON_DEPTH, sanitizePayload, TRUNCATED_MARKER } from '../../../kernel/sanitize/json.ts';

/**
 * Sanitizes a verified, parsed body (NUL and lone surrogates, subtrees deeper than MAX_JSON_DEPTH
 * cut: src/kernel/sanitize) and turns it into events. Messages whose raw item was cut get the issue
 * `payload_truncated`. An adapter that fails with something other than an OmnifyError (a bug met
 * with odd input) answers 400 OMNIFY_ERR_VALIDATION, logged, never a 5xx the platform would retry.
 */
export function parseSanitized(
  adapter: ChannelAdapter,
  body: unknown,
  config: Record<string, unknown>,
  log: { error(data: object, msg: string): void },
): InboundEvent[] {
  const { value, truncated } = sanitizePayload(body);
  let events: InboundEvent[];
  try {
    events = adapter.parse(value, config);
  } catch (e) {
    if (isOmnifyError(e)) throw e;
    log.error({ err: e, platform: adapter.platform }, 'webhook payload could not be parsed');
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The webhook payload could not be read.');
  }
  if (truncated.length === 0) return events;
  return events.map((e) =>
    e.kind === 'message' && !e.issue && JSON.stringify(e.raw ?? null).includes(TRUNCATED_MARKER)
      ? {
          ...e,
          issue: {
            code: 'payload_truncated',
            message: `parts nested deeper than ${MAX_JSON_DEPTH} levels were cut`,
          },
        }
      : e,
  );
}
