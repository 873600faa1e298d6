import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Omnify's own webhook signature, used by the generic webhook channel (both directions) and by HTTP
 * agents. Same construction as Stripe's scheme: header
 * `X-Omnify-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The timestamp bounds replays: signatures older or newer than `toleranceSeconds` are refused.
 * Documented in docs/webhook-channel.md.
 */
export const OMNIFY_SIGNATURE_HEADER = 'x-omnify-signature';

/** Computes the header value for `rawBody` at `timestampSeconds` (UTC unix seconds). */
export function signOmnify(
  secret: string,
  rawBody: Buffer | string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/**
 * True when `header` is a valid signature of `rawBody` with `secret`, made within
 * `toleranceSeconds` of `nowSeconds`. Several `v1=` entries are allowed (secret rotation).
 */
export function verifyOmnify(
  secret: string,
  rawBody: Buffer,
  header: string | undefined,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  let t: number | undefined;
  const macs: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't') t = Number(v);
    else if (k === 'v1' && v) macs.push(v);
  }
  if (t === undefined || !Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(
    createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex'),
    'utf8',
  );
  return macs.some((m) => {
    const got = Buffer.from(m, 'utf8');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
