import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';

/** Header holding `v0=<hex HMAC>` (lower-cased, as `WebhookRequest.headers` holds it). */
export const SLACK_SIGNATURE_HEADER = 'x-slack-signature';
/** Header holding the unix seconds Slack signed the request at. */
export const SLACK_TIMESTAMP_HEADER = 'x-slack-request-timestamp';
/** How far the request's timestamp may be from our clock, in seconds (Slack's own SDKs use 5 minutes). */
export const SLACK_REPLAY_WINDOW_SECONDS = 5 * 60;

const SIGNATURE_FORMAT = /^v0=([0-9a-f]{64})$/i;
const TIMESTAMP_FORMAT = /^\d{1,12}$/;

/** Lowercase hex HMAC-SHA256 of `v0:{timestamp}:{body}` keyed with the signing secret. */
function hmacHex(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', signingSecret).update(`v0:${timestamp}:`, 'utf8').update(rawBody).digest('hex');
}

/** Constant-time equality of two strings of any length (hashed first, so lengths do not leak). */
function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/**
 * The `X-Slack-Signature` value for `rawBody` sent at `timestamp` (unix seconds, as a string):
 * `v0=<lowercase hex HMAC-SHA256(signingSecret, "v0:" + timestamp + ":" + raw body)>` (Slack,
 * "Verifying requests from Slack"). Used by tests and tools that post as Slack would.
 */
export function signSlack(rawBody: Buffer | string, signingSecret: string, timestamp: string): string {
  return `v0=${hmacHex(signingSecret, timestamp, rawBody)}`;
}

/**
 * Verifies a Slack request (Events API deliveries, `url_verification` included): the
 * `X-Slack-Request-Timestamp` header must be unix seconds within {@link SLACK_REPLAY_WINDOW_SECONDS}
 * of `nowMs` (either side: a replayed old request and a forged future one are both refused), and
 * `X-Slack-Signature` must equal `signSlack(rawBody, signingSecret, timestamp)`, compared in
 * constant time. The timestamp is checked before the HMAC so a replay costs no hashing.
 * Source: https://docs.slack.dev/authentication/verifying-requests-from-slack/ and
 * python-slack-sdk `SignatureVerifier` (fixtures' SOURCE.md).
 *
 * @param nowMs our clock, ms since the epoch (injectable: the published vector has a fixed timestamp).
 * @throws OmnifyError `OMNIFY_ERR_SIGNATURE_INVALID` when a header is missing or malformed, the
 *   timestamp is outside the window, or the signature does not match.
 */
export function verifySlackSignature(req: WebhookRequest, signingSecret: string, nowMs = Date.now()): void {
  const timestamp = req.headers[SLACK_TIMESTAMP_HEADER]?.trim();
  const header = req.headers[SLACK_SIGNATURE_HEADER]?.trim();
  const match = header ? SIGNATURE_FORMAT.exec(header) : null;
  if (!timestamp || !TIMESTAMP_FORMAT.test(timestamp) || !match) {
    throw new OmnifyError(
      'OMNIFY_ERR_SIGNATURE_INVALID',
      'Missing or malformed X-Slack-Signature / X-Slack-Request-Timestamp header.',
    );
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_REPLAY_WINDOW_SECONDS) {
    throw new OmnifyError(
      'OMNIFY_ERR_SIGNATURE_INVALID',
      'The X-Slack-Request-Timestamp is more than 5 minutes away from our clock (a replay, or a clock out of sync).',
    );
  }
  if (!signingSecret || !safeEqual(hmacHex(signingSecret, timestamp, req.rawBody), match[1].toLowerCase())) {
    throw new OmnifyError('OMNIFY_ERR_SIGNATURE_INVALID', 'The X-Slack-Signature signature does not match.');
  }
}
