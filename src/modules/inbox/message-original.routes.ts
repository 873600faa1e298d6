import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses } from '../../kernel/http-server/schemas.ts';
import { emailOriginalOf } from './email-original.ts';
import { findMessageRaw } from './message-original.repository.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T, description?: string) =>
  Type.Union([t, Type.Null()], description ? { description } : {});

const Address = Type.Object({ address: Type.String(), name: Type.Optional(Type.String()) });

/** The response body; its TypeScript twin is `EmailOriginal` (email-original.ts). */
const EmailOriginalSchema = Type.Object({
  subject: Nullable(Type.String()),
  from: Nullable(Address),
  to: Type.Array(Address),
  cc: Type.Array(Address),
  date: Nullable(
    Type.String({ format: 'date-time' }),
    'The `Date` header (UTC); null when absent or invalid.',
  ),
  text: Nullable(
    Type.String(),
    'The full plain text, quoted history included (the message shows only the new text); derived from the HTML when the mail had no text part.',
  ),
  html: Nullable(
    Type.String(),
    'The HTML part sanitized for display (an allowlist of formatting: no scripts, event handlers, forms, `javascript:` links, remote images or fetching CSS; links open in a new tab). Show it in a sandboxed frame all the same. Null when the mail had no HTML, or HTML nested deeper than 512 elements (show `text`).',
  ),
  truncated: Type.Boolean({ description: 'The text or HTML was cut at 512 KiB characters when received.' }),
  remoteImagesBlocked: Type.Integer({
    minimum: 0,
    description:
      'Remote images (`http:`, `https:`, `//`) removed from `html` unloaded, tracking pixels among them.',
  }),
  attachments: Type.Array(
    Type.Object({
      fileName: Nullable(Type.String()),
      contentType: Type.String(),
      size: Type.Integer({ minimum: 0, description: 'Bytes.' }),
    }),
    {
      description:
        'Files sent with the mail (each is also a message of its own, whose bytes GET …/media serves); images that are parts of the HTML are not listed.',
    },
  ),
});

/** The 404 of a message that was not received by e-mail, or is not in this conversation or workspace. */
const noOriginal = () =>
  new OmnifyError(
    'OMNIFY_ERR_NOT_FOUND',
    'This message has no original e-mail: only messages received by e-mail have one.',
  );

/**
 * `GET /api/v1/conversations/{id}/messages/{messageId}/original`: the e-mail a message was received
 * as (its stored envelope, email-original.ts), with the HTML sanitized for display. Viewer role, like
 * the message list. 404 for a message of another conversation or workspace, or one that was not
 * received by e-mail.
 */
export const messageOriginalRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/conversations/:id/messages/:messageId/original',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Get the original e-mail of a message',
        description: [
          "An inbound message of an e-mail channel shows only the mail's new text; this is the mail as received: subject, From, To, Cc, date, the full text (quoted history included), the HTML sanitized for display (`remoteImagesBlocked` counts the remote images left out) and the attached files' names, types and sizes.",
          'Every message made from one mail (its text and each attached file) answers the same mail. 404 (`OMNIFY_ERR_NOT_FOUND`) for a message that was not received by e-mail, and for a message that is not in this conversation.',
        ].join('\n\n'),
        params: Type.Object({
          id: Type.String({ description: 'The conversation id (UUID).' }),
          messageId: Type.String({ description: 'The message id (UUID).' }),
        }),
        response: { 200: EmailOriginalSchema, ...errorResponses(404) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      const row = await findMessageRaw(ctx.db, ws, req.params.id, req.params.messageId);
      // One answer for a message that is not there and one that has no mail: nothing tells them apart.
      const original = row?.direction === 'inbound' ? emailOriginalOf(row.raw) : null;
      if (!original) throw noOriginal();
      return original;
    },
  );
};
