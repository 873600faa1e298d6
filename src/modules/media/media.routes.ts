import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { errorResponses } from '../../kernel/http-server/schemas.ts';
import { MediaFiles } from './media-download.ts';
import { replyWithMedia } from './media-reply.ts';
import { createMediaStore } from './store/create-media-store.ts';

/**
 * `GET /api/v1/conversations/:id/messages/:messageId/media`: the file of an inbound media message,
 * downloaded from its platform on the first request and kept in the media store, then served from
 * the store (docs/media.md). Viewer role, like the message list. The store is created on the first
 * request, so building the API (the OpenAPI document) touches no disk.
 */
export const mediaRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  let files: MediaFiles | undefined;
  const library = () => (files ??= new MediaFiles(ctx, createMediaStore(ctx.config)));

  app.get(
    '/conversations/:id/messages/:messageId/media',
    {
      schema: {
        tags: ['inbox'],
        summary: "Download a message's file",
        description: [
          "The file of an inbound image, audio, voice, video, document, sticker or animation message. The first request downloads it from the platform (at most `MEDIA_MAX_BYTES`, its type checked against the message's kind and its bytes) into the media store; later ones are served from the store. Concurrent first requests share one download.",
          'Served with its checked `Content-Type`, `Content-Length`, `Content-Disposition` (`inline` for images, audio and video, else `attachment`, with a safe file name), `X-Content-Type-Options: nosniff` and a private, immutable cache; `If-None-Match` with the `ETag` answers 304.',
          'A refused file is 422 (`OMNIFY_ERR_MEDIA_TOO_LARGE`, `OMNIFY_ERR_MEDIA_TYPE_REFUSED`) and nothing is kept; a platform that cannot serve it is 502 or 429 (`OMNIFY_ERR_PLATFORM_*`), a platform without a media API 404 (`OMNIFY_ERR_MEDIA_UNAVAILABLE`).',
        ].join('\n\n'),
        params: Type.Object({
          id: Type.String({ description: 'The conversation id (UUID).' }),
          messageId: Type.String({ description: 'The message id (UUID).' }),
        }),
        headers: Type.Object({
          'if-none-match': Type.Optional(
            Type.String({ description: 'The `ETag` of a copy the client has.' }),
          ),
        }),
        response: {
          200: {
            description: 'The file.',
            content: { '*/*': { schema: Type.String({ format: 'binary' }) } },
          },
          304: { description: 'The copy the client has is current (no body).' },
          ...errorResponses(404, 422, 429, 502, 503),
        },
      },
    },
    async (req, reply) => {
      const opened = await library().open(req.principal.workspaceId, req.params.id, req.params.messageId);
      // A stream: Fastify pipes it (the schema's string type describes the document, not the value).
      return replyWithMedia(req, reply, opened) as never;
    },
  );
};
