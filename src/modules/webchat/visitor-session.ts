import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { type WebchatConfig, webchatThreadKey } from '../../integrations/webchat/webchat.adapter.ts';
import { verifyWebchatIdentity, type WebchatIdentity } from '../../integrations/webchat/webchat.identity.ts';
import type { Database } from '../../kernel/db/database.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { ChannelRecord } from '../channels/channels.service.ts';
import { recordIdentityEmail } from '../contacts/contacts.service.ts';
import {
  findSessionByToken,
  insertSession,
  touchSession,
  type VisitorSession,
} from './session.repository.ts';

/** The prefix of a signed-in visitor's handle: `user:<the host's user id>`. */
export const USER_HANDLE_PREFIX = 'user:';

/** SHA-256 (hex) of a session token: what is stored and looked up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new session token: 32 random bytes, base64url (43 characters). */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/** What opening a session asks for (the body of `POST /webchat/{channelId}/sessions`). */
export interface OpenSessionRequest {
  /** A token the widget kept from before: the session is resumed when it is still valid. */
  token?: string;
  /** The host site's signed identity of its signed-in user. */
  identity?: WebchatIdentity & { signature: string };
}

/** An opened session and its token (the same token when resumed). */
export interface OpenedSession {
  token: string;
  session: VisitorSession;
  resumed: boolean;
}

/**
 * Opens a visitor session on `channel` from `origin` (already checked against the channel's
 * allowed origins):
 * - with a signed `identity`: verified against the channel's `identitySecret` (401
 *   `OMNIFY_ERR_SIGNATURE_INVALID` otherwise), handle `user:<userId>`; the kept session is resumed
 *   when it belongs to that user, else a new one starts. A signed e-mail is stored as verified and
 *   put on the contact (only when the contact has none);
 * - without: the kept session is resumed when it is an anonymous one of this channel, else a new
 *   anonymous session starts (handle = its id). A signed-in user's session is never resumed without
 *   its identity, so after the host's sign-out the next person at that browser starts afresh.
 */
export async function openSession(
  db: Database,
  channel: ChannelRecord,
  origin: string,
  req: OpenSessionRequest,
): Promise<OpenedSession> {
  const ws = channel.workspaceId;
  const config = channel.config as WebchatConfig;
  const kept = req.token ? await findSessionByToken(db, ws, channel.id, hashToken(req.token)) : null;
  if (req.identity) {
    const { signature, ...identity } = req.identity;
    verifyWebchatIdentity(identity, signature, config.identitySecret);
    const handle = `${USER_HANDLE_PREFIX}${identity.userId}`;
    // A signed e-mail replaces what the visitor typed; without one, what they typed stays.
    const signedEmail = identity.email ? { email: identity.email, emailVerified: true } : {};
    const profile = { displayName: identity.name ?? null, ...signedEmail };
    return db.transaction(async (tx) => {
      if (identity.email) {
        // Signed by the host site: a vouched e-mail, so the identity links to the contact that has it
        // (docs/contacts.md, automatic linking).
        await recordIdentityEmail(
          tx,
          ws,
          'webchat',
          { handle, displayName: identity.name, email: identity.email },
          identity.email,
        );
      }
      if (kept && req.token && kept.handle === handle) {
        const session = await touchSession(tx, ws, kept.id, profile);
        if (session) return { token: req.token, session, resumed: true };
      }
      const token = newToken();
      const session = await insertSession(tx, ws, {
        id: randomUUID(),
        channelId: channel.id,
        tokenHash: hashToken(token),
        handle,
        threadKey: webchatThreadKey(channel.id, handle),
        origin,
        displayName: identity.name ?? null,
        email: identity.email ?? null,
        emailVerified: identity.email !== undefined,
      });
      return { token, session, resumed: false };
    });
  }
  if (kept && req.token && !kept.handle.startsWith(USER_HANDLE_PREFIX)) {
    const session = await touchSession(db, ws, kept.id);
    if (session) return { token: req.token, session, resumed: true };
  }
  const token = newToken();
  const id = randomUUID();
  const session = await insertSession(db, ws, {
    id,
    channelId: channel.id,
    tokenHash: hashToken(token),
    handle: id,
    threadKey: webchatThreadKey(channel.id, id),
    displayName: null,
    email: null,
    emailVerified: false,
    origin,
  });
  return { token, session, resumed: false };
}

/**
 * The session of the request's `Authorization: Bearer <token>` on `channel`.
 *
 * @throws OmnifyError `OMNIFY_ERR_UNAUTHORIZED` (401) when the header is missing or names no
 * session of this channel: the widget then opens a new one.
 */
export async function requireSession(
  db: Database,
  channel: ChannelRecord,
  req: FastifyRequest,
): Promise<VisitorSession> {
  const token = bearerToken(req);
  const session = token
    ? await findSessionByToken(db, channel.workspaceId, channel.id, hashToken(token))
    : null;
  if (!session) {
    throw new OmnifyError(
      'OMNIFY_ERR_UNAUTHORIZED',
      'No web chat session has this token: open one with POST /webchat/{channelId}/sessions.',
    );
  }
  return session;
}
