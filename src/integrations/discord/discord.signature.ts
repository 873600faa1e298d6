import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';

/**
 * Discord's interaction signatures (Discord docs, "Interactions > Overview > Setting Up an Endpoint",
 * "Validating Security Request Headers"): every POST to the Interactions Endpoint URL carries
 * `X-Signature-Ed25519` (hex Ed25519 signature) and `X-Signature-Timestamp`; the signed message is the
 * timestamp followed by the raw body bytes, verified with the application's public key (64 hex
 * characters, Developer Portal → General Information → Public Key). Discord sends deliberately bad
 * signatures from time to time and removes the endpoint if one is accepted.
 */

/** The signature header (lower-cased, as `WebhookRequest.headers` holds it). */
export const DISCORD_SIGNATURE_HEADER = 'x-signature-ed25519';
/** The timestamp header that is signed together with the body. */
export const DISCORD_TIMESTAMP_HEADER = 'x-signature-timestamp';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4): followed by the 32 raw key bytes. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** DER prefix of an Ed25519 PKCS#8 private key (RFC 8410 §7): followed by the 32-byte seed. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const HEX_KEY = /^[0-9a-f]{64}$/i;
const HEX_SIGNATURE = /^[0-9a-f]{128}$/i;

// KeyObjects are cheap to keep and costly to rebuild per request; a few channels per process.
const keys = new Map<string, KeyObject>();

/**
 * The `KeyObject` of a raw Ed25519 public key given as 64 hex characters (how the Developer Portal
 * shows it). Cached per key. Throws `OMNIFY_ERR_SIGNATURE_INVALID` when `hex` is not such a key (a
 * misconfigured channel authenticates nothing).
 */
export function discordPublicKey(hex: string): KeyObject {
  const cached = keys.get(hex);
  if (cached) return cached;
  if (!HEX_KEY.test(hex)) {
    throw new OmnifyError(
      'OMNIFY_ERR_SIGNATURE_INVALID',
      'The channel’s publicKey is not 64 hex characters.',
    );
  }
  const key = createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
  if (keys.size >= 256) keys.clear();
  keys.set(hex, key);
  return key;
}

/**
 * Throws `OMNIFY_ERR_SIGNATURE_INVALID` unless `X-Signature-Ed25519` is a valid Ed25519 signature
 * (128 hex characters) of `X-Signature-Timestamp` + raw body under `publicKeyHex`. Runs before
 * anything is parsed. Replays of a whole signed request are harmless: an interaction is stored once
 * per id, and Discord never redelivers one.
 */
export function verifyDiscordSignature(req: WebhookRequest, publicKeyHex: string): void {
  const signature = req.headers[DISCORD_SIGNATURE_HEADER]?.trim();
  const timestamp = req.headers[DISCORD_TIMESTAMP_HEADER];
  if (!signature || timestamp === undefined || !HEX_SIGNATURE.test(signature)) {
    throw new OmnifyError(
      'OMNIFY_ERR_SIGNATURE_INVALID',
      'Missing or malformed X-Signature-Ed25519 / X-Signature-Timestamp headers.',
    );
  }
  const message = Buffer.concat([Buffer.from(timestamp, 'utf8'), req.rawBody]);
  let ok = false;
  try {
    ok = verify(null, message, discordPublicKey(publicKeyHex), Buffer.from(signature, 'hex'));
  } catch {
    ok = false;
  }
  if (!ok)
    throw new OmnifyError(
      'OMNIFY_ERR_SIGNATURE_INVALID',
      'The X-Signature-Ed25519 signature does not match.',
    );
}

/**
 * Signs like Discord does, for tests and local tools: the headers `X-Signature-Ed25519` and
 * `X-Signature-Timestamp` for `rawBody` at `timestamp` (unix seconds as a string), with the
 * Ed25519 private key whose 32-byte seed is `seedHex` (64 hex characters).
 */
export function signDiscord(
  rawBody: Buffer | string,
  seedHex: string,
  timestamp: string,
): Record<string, string> {
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(seedHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  const sig = sign(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key);
  return { 'X-Signature-Ed25519': sig.toString('hex'), 'X-Signature-Timestamp': timestamp };
}

/** The raw public key (64 hex characters) of the Ed25519 private key whose seed is `seedHex`. */
export function discordPublicKeyOfSeed(seedHex: string): string {
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(seedHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return spki.subarray(SPKI_ED25519_PREFIX.length).toString('hex');
}
