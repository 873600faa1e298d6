import { createHmac, timingSafeEqual } from 'node:crypto';
import { OmnifyError } from '../../kernel/errors/catalog.ts';

/**
 * Signed identity ("identity verification", as Intercom's `user_hash` and Chatwoot's
 * `identifier_hash` do it): the host site's server, which knows who is signed in, signs the
 * visitor's `userId` (and the e-mail and name it vouches for) with the channel's `identitySecret`;
 * the widget passes identity and signature on; Omnify recomputes the HMAC. A visitor cannot claim
 * another user's id without the secret, which never leaves the host's server.
 *
 * The signed message is the three fields joined by a line feed, absent ones as empty strings:
 * `userId + "\n" + (email ?? "") + "\n" + (name ?? "")`, UTF-8; the signature is
 * HMAC-SHA256(identitySecret, message) in lower-case hex (64 characters). No field may contain a
 * line break, so the split is unambiguous. docs/channels/webchat.md has the host's side in
 * several languages.
 */

/** Who the host site says the visitor is. */
export interface WebchatIdentity {
  /** The host's own id of the signed-in user (1–200 characters, no line break). */
  userId: string;
  /** The user's e-mail address as the host knows it (then counted as verified). */
  email?: string;
  /** The user's display name. */
  name?: string;
}

const LINE_BREAK = /[\r\n]/;

/** The exact message that is signed (see the file's comment). */
export function identityMessage(identity: WebchatIdentity): string {
  return `${identity.userId}\n${identity.email ?? ''}\n${identity.name ?? ''}`;
}

/** HMAC-SHA256 of {@link identityMessage} under `secret`, lower-case hex: what the host's server computes. */
export function signWebchatIdentity(identity: WebchatIdentity, secret: string): string {
  return createHmac('sha256', secret).update(identityMessage(identity), 'utf8').digest('hex');
}

/**
 * Checks the host's signature of `identity` (constant-time comparison).
 *
 * @throws OmnifyError `OMNIFY_ERR_SIGNATURE_INVALID` (401) when the channel has no `identitySecret`,
 * a field holds a line break or is empty where required, or the signature is not the 64-hex HMAC of
 * the identity under the secret.
 */
export function verifyWebchatIdentity(
  identity: WebchatIdentity,
  signature: string,
  secret: string | undefined,
): void {
  const refuse = (why: string) => {
    throw new OmnifyError('OMNIFY_ERR_SIGNATURE_INVALID', `The visitor identity is not verified: ${why}.`);
  };
  if (!secret) refuse('this web chat channel has no identity secret');
  const fields = [identity.userId, identity.email ?? '', identity.name ?? ''];
  if (!identity.userId || fields.some((f) => LINE_BREAK.test(f))) refuse('the identity is malformed');
  if (!/^[0-9a-f]{64}$/i.test(signature)) refuse('the signature is not 64 hexadecimal digits');
  const expected = Buffer.from(signWebchatIdentity(identity, secret!), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) refuse('the signature does not match');
}
