import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adapterFor } from '../../integrations/channel-registry.ts';
import type {
  WebchatEnvelope,
  WebchatMessageEnvelope,
  WebchatReceiptEnvelope,
} from '../../integrations/webchat/webchat.envelope.ts';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { ChannelRecord } from '../channels/channels.service.ts';
import { recordIdentityEmail } from '../contacts/contacts.service.ts';
import { contactFeedPage, conversationIdByThread, sentAnswerIds } from '../inbox/contact-feed.ts';
import type { IngestItem, IngestResult } from '../inbox/pipeline/ingest.ts';
import { parseSanitized } from '../inbox/pipeline/parse-sanitized.ts';
import { webchatContext } from './cors.ts';
import { setSessionEmail, type VisitorSession } from './session.repository.ts';
import { widgetMessages } from './visitor-files.ts';
import { VISITOR_LIMITS, visitorLimit } from './visitor-limits.ts';
import { openSession, requireSession, USER_HANDLE_PREFIX } from './visitor-session.ts';
import {
  EmailAnswer,
  EmailBody,
  HistoryAnswer,
  HistoryQuery,
  MessageAnswer,
  MessageBody,
  ReceiptAnswer,
  ReceiptBody,
  SessionAnswer,
  SessionBody,
} from './webchat.schemas.ts';

/** What the visitor routes get from the web chat plugin. */
export interface VisitorRoutesOptions {
  ctx: OmnifyContext;
  /**
   * Stores one delivery through the inbox's ingest pipeline (group commit, agent jobs); `files`: the
   * bytes of a visitor's attached file by media id, kept in the media store first.
   */
  ingest(item: IngestItem): Promise<IngestResult>;
}

const hidden = { hide: true } as const;

/** The fields every envelope of `session` carries. */
export function envelopeBase(session: VisitorSession) {
  return {
    object: 'webchat' as const,
    threadKey: session.threadKey,
    visitor: { handle: session.handle, ...(session.displayName ? { name: session.displayName } : {}) },
    receivedAt: new Date().toISOString(),
  };
}

/** The session as the widget is told about it. */
function visitorView(s: VisitorSession) {
  return {
    id: s.id,
    identified: s.handle.startsWith(USER_HANDLE_PREFIX),
    name: s.displayName,
    email: s.email,
    emailVerified: s.emailVerified,
  };
}

/**
 * The widget's routes under `/webchat/{channelId}/` (the origin check runs first: cors.ts). Not in
 * the OpenAPI document: they are the widget's protocol, described in docs/channels/webchat.md.
 *
 * - `POST sessions`: opens or resumes a visitor session (visitor-session.ts); 30 per IP per minute.
 * - `POST messages` (session): one visitor message `{id, text}`, stored through the inbox's ingest
 *   pipeline exactly as a webhook delivery (a retry with the same `id` is stored once, answered
 *   `stored: false`); 30 per session and 120 per IP per minute.
 * - `GET messages` (session): the visitor's conversation, newest first (what they may see: their
 *   messages and the answers sent, offline ones included), files with their name, type and size.
 * - Files (attach and open): files.routes.ts.
 * - `POST email` (session): the address the visitor typed, kept unverified on the session and put
 *   on the contact when it has none; 409 when the host site already gave a verified one.
 * - `POST receipts` (session): answers the widget showed (`delivered`) or the visitor saw (`read`),
 *   applied as status updates through the same pipeline, only for answers of their conversation.
 */
export const visitorRoutes: FastifyPluginAsyncTypebox<VisitorRoutesOptions> = async (
  app,
  { ctx, ingest },
) => {
  const limits = {
    sessions: visitorLimit(app, 'sessions', VISITOR_LIMITS.sessionsPerIpPerMinute),
    messages: visitorLimit(app, 'messages', VISITOR_LIMITS.messagesPerSessionPerMinute),
    messagesIp: visitorLimit(app, 'messages-ip', VISITOR_LIMITS.messagesPerIpPerMinute),
    emails: visitorLimit(app, 'emails', VISITOR_LIMITS.emailsPerSessionPerMinute),
    reads: visitorLimit(app, 'reads', VISITOR_LIMITS.readsPerSessionPerMinute),
  };
  const deliver = (
    channel: ChannelRecord,
    envelope: WebchatEnvelope,
    log: { error(d: object, m: string): void },
  ) =>
    ingest({ channel, events: parseSanitized(adapterFor(channel.platform), envelope, channel.config, log) });

  app.post(
    '/webchat/:channelId/sessions',
    { schema: { ...hidden, body: SessionBody, response: { 200: SessionAnswer } } },
    async (req, reply) => {
      const { channel, origin } = webchatContext(req);
      await limits.sessions(req, reply, req.ip);
      const opened = await openSession(ctx.db, channel, origin, req.body);
      const conversationId = await conversationIdByThread(
        ctx.db,
        channel.workspaceId,
        channel.id,
        opened.session.threadKey,
      );
      return {
        token: opened.token,
        resumed: opened.resumed,
        visitor: visitorView(opened.session),
        conversationStarted: conversationId !== null,
        maxFileBytes: ctx.config.mediaMaxBytes,
      };
    },
  );

  app.post(
    '/webchat/:channelId/messages',
    { schema: { ...hidden, body: MessageBody, response: { 200: MessageAnswer } } },
    async (req, reply) => {
      const { channel } = webchatContext(req);
      const session = await requireSession(ctx.db, channel, req);
      await limits.messages(req, reply, session.id);
      await limits.messagesIp(req, reply, req.ip);
      const envelope: WebchatMessageEnvelope = {
        ...envelopeBase(session),
        type: 'message',
        message: { id: req.body.id, text: req.body.text },
      };
      const result = await deliver(channel, envelope, req.log);
      return { id: req.body.id, stored: result.stored.length > 0 };
    },
  );

  app.get(
    '/webchat/:channelId/messages',
    { schema: { ...hidden, querystring: HistoryQuery, response: { 200: HistoryAnswer } } },
    async (req, reply) => {
      const { channel } = webchatContext(req);
      const session = await requireSession(ctx.db, channel, req);
      await limits.reads(req, reply, session.id);
      const conv = await conversationIdByThread(ctx.db, channel.workspaceId, channel.id, session.threadKey);
      if (!conv) return { data: [], nextCursor: null };
      const page = await contactFeedPage(ctx.db, channel.workspaceId, conv, req.query);
      const data = await widgetMessages(ctx.db, channel.workspaceId, conv, page.data);
      return { data, nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/webchat/:channelId/email',
    { schema: { ...hidden, body: EmailBody, response: { 200: EmailAnswer } } },
    async (req, reply) => {
      const { channel } = webchatContext(req);
      const session = await requireSession(ctx.db, channel, req);
      await limits.emails(req, reply, session.id);
      if (session.emailVerified) {
        throw new OmnifyError(
          'OMNIFY_ERR_CONFLICT',
          'The site already gave this visitor’s e-mail address (verified); it is not replaced.',
        );
      }
      const { email } = req.body;
      await ctx.db.transaction(async (tx) => {
        await setSessionEmail(tx, channel.workspaceId, session.id, email);
        const sender = { handle: session.handle, displayName: session.displayName ?? undefined };
        await recordIdentityEmail(tx, channel.workspaceId, 'webchat', sender, email);
      });
      return { email, verified: false };
    },
  );

  app.post(
    '/webchat/:channelId/receipts',
    { schema: { ...hidden, body: ReceiptBody, response: { 200: ReceiptAnswer } } },
    async (req, reply) => {
      const { channel } = webchatContext(req);
      const session = await requireSession(ctx.db, channel, req);
      await limits.reads(req, reply, session.id);
      const conv = await conversationIdByThread(ctx.db, channel.workspaceId, channel.id, session.threadKey);
      // Only answers of the visitor's own conversation: another conversation's ids are ignored.
      const ids = conv ? await sentAnswerIds(ctx.db, channel.workspaceId, conv, req.body.ids) : [];
      if (ids.length === 0) return { applied: 0 };
      const envelope: WebchatReceiptEnvelope = {
        ...envelopeBase(session),
        type: 'receipt',
        receipt: { status: req.body.status, messageIds: ids },
      };
      const result = await deliver(channel, envelope, req.log);
      return { applied: result.statusesApplied };
    },
  );
};
