import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';

/**
 * How Omnify authenticates what respond.io posts to `/webhooks/{channelId}`. respond.io publishes no
 * signature scheme in its developer documentation, so a delivery is accepted when it proves one of
 * the channel's secrets, each compared in constant time (docs/channels/respondio.md, "What is
 * verified"):
 *
 * 1. `Authorization: Bearer <channelToken>`: the Custom Channel's API token, which respond.io sends
 *    on every call to the integration server (help.respond.io "Custom Channel Quick Start";
 *    respond-io/custom-channel-integration-example `routes/index.js`). Authenticates the sender only.
 * 2. `X-Webhook-Signature: base64(HMAC-SHA256(signingKey, raw body))` with one of the signing keys of
 *    the workspace's webhooks (Settings → Integrations → Webhooks). The scheme comes from
 *    independent third-party receivers, not from respond.io's docs. Covers the body.
 * 3. `?token=<webhookToken>` in the webhook URL: a secret the user chose, for webhooks whose signing
 *    key is not configured. Authenticates the sender only, and travels in the URL (proxy logs).
 *
 * Neither scheme carries a timestamp: an authentic delivery replayed later is accepted again, and its
 * messages are then recognised as duplicates by their ids.
 */

/** Header carrying respond.io's webhook signature (lower-cased, as `WebhookRequest.headers` holds it). */
export const RESPONDIO_SIGNATURE_HEADER = 'x-webhook-signature';
/** Query parameter carrying the channel's `webhookToken`. */
export const RESPONDIO_TOKEN_PARAM = 'token';

/** The secrets `verifyRespondio` may check (a subset of the channel config). */
export interface RespondioSecrets {
  channelToken?: string;
  signingKey?: string;
  webhookToken?: string;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time equality of two strings of any length (compared as SHA-256 digests). */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * The signing keys in `signingKey`: one per respond.io webhook, separated by commas or white space
 * (a key itself is base64 text, which holds neither).
 */
export function signingKeysOf(signingKey: string | undefined): string[] {
  return (signingKey ?? '').split(/[\s,]+/).filter((k) => k !== '');
}

/** The `X-Webhook-Signature` value respond.io sends for `rawBody` under `signingKey` (base64 HMAC-SHA256). */
export function signRespondio(rawBody: Buffer | string, signingKey: string): string {
  return createHmac('sha256', signingKey).update(rawBody).digest('base64');
}

/** The bearer token of an `Authorization` header, or undefined. */
function bearerOf(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/**
 * Throws unless `req` proves one of the configured secrets (see the module comment): the Custom
 * Channel's bearer token, a valid `X-Webhook-Signature` under one of the signing keys, or the URL's
 * `token`. A secret that is not configured proves nothing, so a channel with none of them accepts
 * no delivery at all.
 *
 * @throws OmnifyError `OMNIFY_ERR_SIGNATURE_INVALID` when no configured secret is proven.
 */
export function verifyRespondio(req: WebhookRequest, secrets: RespondioSecrets): void {
  const bearer = bearerOf(req.headers.authorization);
  if (bearer && secrets.channelToken && safeEqual(bearer, secrets.channelToken)) return;
  const signature = req.headers[RESPONDIO_SIGNATURE_HEADER]?.trim();
  if (signature) {
    for (const key of signingKeysOf(secrets.signingKey)) {
      if (safeEqual(signature, signRespondio(req.rawBody, key))) return;
    }
  }
  const token = req.query[RESPONDIO_TOKEN_PARAM];
  if (typeof token === 'string' && token && secrets.webhookToken && safeEqual(token, secrets.webhookToken)) {
    return;
  }
  throw new OmnifyError(
    'OMNIFY_ERR_SIGNATURE_INVALID',
    'The request proves none of the channel’s respond.io secrets (Custom Channel bearer token, X-Webhook-Signature, URL token).',
  );
}
