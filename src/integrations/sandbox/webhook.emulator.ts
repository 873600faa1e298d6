import { randomUUID } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

/**
 * The sandbox's stand-in for a webhook channel's receiver (docs/webhook-channel.md, "Outbound"): a
 * `POST` to the callback URL (path `/`) with a message body → 200 `{id: "sandbox-<uuid>", received: true}`;
 * a body without string `id`, `threadId` and `text` → 400 `{error: {code: "invalid_body", message}}`;
 * other paths → 404, other methods → 405.
 */
export function emulateWebhook(req: EmulatorRequest): EmulatorResponse {
  if (req.path.split('?')[0] !== '/') {
    return {
      status: 404,
      body: {
        error: { code: 'not_found', message: 'The sandbox receiver listens on the callback URL itself' },
      },
    };
  }
  if (req.method.toUpperCase() !== 'POST') {
    return { status: 405, body: { error: { code: 'method_not_allowed', message: 'Use POST' } } };
  }
  const b = (req.body ?? {}) as Record<string, unknown>;
  if (typeof b.id !== 'string' || typeof b.threadId !== 'string' || typeof b.text !== 'string') {
    return {
      status: 400,
      body: { error: { code: 'invalid_body', message: 'Expected {type, id, threadId, text}' } },
    };
  }
  return { status: 200, body: { id: `sandbox-${randomUUID()}`, received: true } };
}
