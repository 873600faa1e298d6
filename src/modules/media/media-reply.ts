import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OpenedMedia } from './media-download.ts';

/** Types a browser may show in place (images, audio, video players); anything else is a download. */
const INLINE = /^(image|audio|video)\//;

/**
 * Answers a request with a message's file opened from the media store (docs/media.md, "The API"):
 * its checked `Content-Type`, `Content-Length`, `Content-Disposition` (`inline` for images, audio
 * and video, else `attachment`, with the stored safe file name), `X-Content-Type-Options: nosniff`,
 * a sandboxing `Content-Security-Policy`, `Cross-Origin-Resource-Policy: same-origin` and a private,
 * immutable cache with the SHA-256 as `ETag`; `If-None-Match` with it answers 304 without a body
 * (the opened stream is then closed). Used by the inbox's media route and the web chat visitor's.
 */
export function replyWithMedia(req: FastifyRequest, reply: FastifyReply, opened: OpenedMedia): FastifyReply {
  const { stored } = opened;
  const etag = `"${stored.sha256}"`;
  reply.headers({
    etag,
    'cache-control': 'private, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    // Opened directly, a document (HTML, SVG) runs nothing and loads nothing.
    'content-security-policy': "default-src 'none'; sandbox",
    'cross-origin-resource-policy': 'same-origin',
  });
  if (req.headers['if-none-match']?.split(',').some((t) => t.trim() === etag)) {
    opened.body.on('error', () => undefined);
    opened.body.destroy();
    return reply.status(304).send();
  }
  const inline = INLINE.test(stored.contentType) && stored.contentType !== 'image/svg+xml';
  reply.headers({
    'content-type': stored.contentType,
    'content-length': String(opened.size),
    'content-disposition': contentDisposition(stored.fileName ?? undefined, {
      type: inline ? 'inline' : 'attachment',
    }),
  });
  // A stream: Fastify pipes it.
  return reply.send(opened.body);
}
