import { readFile, unlink } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adapterFor } from '../../integrations/channel-registry.ts';
import type { WebchatMessageEnvelope } from '../../integrations/webchat/webchat.envelope.ts';
import type { OmnifyContext } from '../../kernel/context.ts';
import { isOmnifyError, OmnifyError } from '../../kernel/errors/catalog.ts';
import { contactFeedMessage, conversationIdByThread } from '../inbox/contact-feed.ts';
import type { IngestItem, IngestResult } from '../inbox/pipeline/ingest.ts';
import { parseSanitized } from '../inbox/pipeline/parse-sanitized.ts';
import type { MediaFiles } from '../media/media-download.ts';
import { replyWithMedia } from '../media/media-reply.ts';
import { type StagedDownload, stageDownload } from '../media/media-staging.ts';
import { webchatContext } from './cors.ts';
import { checkUpload } from './upload-types.ts';
import { envelopeBase } from './visitor.routes.ts';
import { VISITOR_LIMITS, visitorLimit } from './visitor-limits.ts';
import { requireSession } from './visitor-session.ts';
import { FileParams, MessageAnswer, UploadQuery } from './webchat.schemas.ts';

/** What the file routes get from the web chat plugin. */
export interface FileRoutesOptions {
  ctx: OmnifyContext;
  /** As `VisitorRoutesOptions.ingest`: the inbox's ingest pipeline, which keeps `files` first. */
  ingest(item: IngestItem): Promise<IngestResult>;
  /** The media module's files (one per process, its store created on first use). */
  media(): MediaFiles;
}

const hidden = { hide: true } as const;

/** `1.5 MB` for 1_500_000: the limit as a visitor reads it. */
function megabytes(bytes: number): string {
  return `${Number((bytes / 1_000_000).toFixed(1))} MB`;
}

/** 413 `OMNIFY_ERR_PAYLOAD_TOO_LARGE` for a file past `maxBytes` (`MEDIA_MAX_BYTES`), saying the limit. */
function tooLarge(maxBytes: number, size?: number): OmnifyError {
  return new OmnifyError(
    'OMNIFY_ERR_PAYLOAD_TOO_LARGE',
    `The file is larger than the limit of ${megabytes(maxBytes)} (${maxBytes} bytes, MEDIA_MAX_BYTES); nothing was kept.`,
    { reason: 'media_too_large', maxBytes, ...(size !== undefined ? { size } : {}) },
  );
}

/**
 * The visitor's file routes under `/webchat/{channelId}/` (behind the origin check, session token
 * required; docs/channels/webchat.md, "Files"):
 *
 * - `POST files?id=<message id>&name=<file name>`: the body is the file's bytes, its `Content-Type`
 *   the declared type. Streamed into the media store's staging folder with the media module's
 *   staging (counted, hashed, sniffed): a declared `Content-Length` past `MEDIA_MAX_BYTES` is
 *   refused before the first byte, the first byte past it stops the upload (413
 *   `OMNIFY_ERR_PAYLOAD_TOO_LARGE`, `details.maxBytes`); the type is checked from the bytes
 *   (upload-types.ts: 422 `OMNIFY_ERR_MEDIA_TYPE_REFUSED`); an empty body is 400. The file is kept
 *   in the store (503 `OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE` when it cannot be), then stored as an
 *   `image` or `document` message through the inbox's ingest pipeline with its bytes as a carried
 *   file (read into memory once, at most `MEDIA_MAX_BYTES`), exactly as an e-mail's attachment: a retry with the same `id` is stored once (`stored:
 *   false`). 10 per session and 60 per IP per minute.
 * - `GET messages/{messageId}/file`: the file of a message of the visitor's own conversation, as
 *   the inbox's media route serves it (media-reply.ts); 404 for any other message.
 */
export const fileRoutes: FastifyPluginAsyncTypebox<FileRoutesOptions> = async (
  app,
  { ctx, ingest, media },
) => {
  const limits = {
    files: visitorLimit(app, 'files', VISITOR_LIMITS.filesPerSessionPerMinute),
    filesIp: visitorLimit(app, 'files-ip', VISITOR_LIMITS.filesPerIpPerMinute),
    reads: visitorLimit(app, 'file-reads', VISITOR_LIMITS.readsPerSessionPerMinute),
  };
  // The body is the file, of any type: handed to the route as the request's stream, unread.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  app.post(
    '/webchat/:channelId/files',
    { schema: { ...hidden, querystring: UploadQuery, response: { 200: MessageAnswer } } },
    async (req, reply) => {
      const { channel } = webchatContext(req);
      const session = await requireSession(ctx.db, channel, req);
      await limits.files(req, reply, session.id);
      await limits.filesIp(req, reply, req.ip);
      const maxBytes = ctx.config.mediaMaxBytes;
      const declaredSize = Number(req.headers['content-length']);
      if (declaredSize > maxBytes) {
        // Refused before reading: the rest of the body is not wanted on this connection.
        reply.header('connection', 'close');
        throw tooLarge(maxBytes, declaredSize);
      }
      const staged = await stage(req.body as Readable | undefined, ctx, media(), maxBytes, () =>
        reply.header('connection', 'close'),
      );
      const { id, name } = req.query;
      let bytes: Buffer;
      let checked: ReturnType<typeof checkUpload>;
      try {
        checked = checkUpload(req.headers['content-type'], staged.sniffedType);
        bytes = await readFile(staged.path);
        await media().store.put(staged);
      } finally {
        await unlink(staged.path).catch(() => undefined);
      }
      const fileName = name?.split(/[/\\]/).pop()?.trim() || undefined;
      const envelope: WebchatMessageEnvelope = {
        ...envelopeBase(session),
        type: 'message',
        message: {
          id,
          text: '',
          file: { ...checked, size: staged.size, ...(fileName ? { name: fileName } : {}) },
        },
      };
      const adapter = adapterFor(channel.platform);
      const events = parseSanitized(adapter, envelope, channel.config, req.log);
      // The bytes go with the envelope as a carried file, kept again (same object) and marked kept.
      const result = await ingest({ channel, events, files: new Map([[id, bytes]]) });
      return { id, stored: result.stored.length > 0 };
    },
  );

  app.get(
    '/webchat/:channelId/messages/:messageId/file',
    { schema: { ...hidden, params: FileParams } },
    async (req, reply) => {
      const { channel } = webchatContext(req);
      const session = await requireSession(ctx.db, channel, req);
      await limits.reads(req, reply, session.id);
      const ws = channel.workspaceId;
      const conv = await conversationIdByThread(ctx.db, ws, channel.id, session.threadKey);
      // Only a message the visitor sees in their own conversation: any other id is unknown here.
      const shown = conv ? await contactFeedMessage(ctx.db, ws, conv, req.params.messageId) : null;
      if (!conv || !shown) {
        throw new OmnifyError(
          'OMNIFY_ERR_NOT_FOUND',
          'No message of this conversation has this id and a file.',
        );
      }
      const opened = await media().open(ws, conv, shown.id);
      return replyWithMedia(req, reply, opened);
    },
  );
};

/**
 * Streams the upload `body` into the store's staging folder with the media module's staging (the
 * limit while streaming, SHA-256, sniffing). The request is fed through a pass-through, so stopping
 * at the limit closes the staging, not the connection: the 413 still reaches the widget, and
 * `closeAfter` asks for the connection to be closed after it.
 *
 * @throws OmnifyError 413 `OMNIFY_ERR_PAYLOAD_TOO_LARGE`; 400 `OMNIFY_ERR_VALIDATION` for an empty
 *   body or an upload that broke off; 503 `OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE`.
 */
async function stage(
  body: Readable | undefined,
  ctx: OmnifyContext,
  media: MediaFiles,
  maxBytes: number,
  closeAfter: () => void,
): Promise<StagedDownload> {
  const empty = () =>
    new OmnifyError('OMNIFY_ERR_VALIDATION', 'The file is empty: send its bytes as the request body.', {
      fields: [{ path: '/body', message: 'must not be empty' }],
    });
  if (!body) throw empty();
  const pass = new PassThrough();
  // A visitor who goes away mid-upload breaks the staging off (pipe passes no errors on by itself).
  const broke = (e?: Error) =>
    pass.destroy(e ?? Object.assign(new Error('upload aborted'), { code: 'ECONNRESET' }));
  body.once('error', broke);
  body.once('close', () => {
    if (!body.readableEnded) broke();
  });
  body.pipe(pass);
  let staged: StagedDownload;
  try {
    staged = await stageDownload({ body: pass }, { dir: media.store.stagingDir, maxBytes });
  } catch (e) {
    body.unpipe(pass);
    if (isOmnifyError(e) && e.code === 'OMNIFY_ERR_MEDIA_TOO_LARGE') {
      closeAfter();
      throw tooLarge(maxBytes);
    }
    if (isOmnifyError(e) && e.code === 'OMNIFY_ERR_PLATFORM_TRANSIENT') {
      ctx.log.info({ err: e }, 'web chat upload broke off');
      throw new OmnifyError(
        'OMNIFY_ERR_VALIDATION',
        'The upload broke off before its end: send the file again.',
        {
          fields: [{ path: '/body', message: 'incomplete' }],
        },
      );
    }
    throw e;
  }
  if (staged.size === 0) {
    await unlink(staged.path).catch(() => undefined);
    throw empty();
  }
  return staged;
}
