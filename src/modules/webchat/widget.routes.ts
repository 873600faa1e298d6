import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsync } from 'fastify';
import { OmnifyError } from '../../kernel/errors/catalog.ts';

/** Where the widget's build lives: widget/dist/widget.js of the repository (from src/ or dist/). */
export const WIDGET_FILE = join(import.meta.dirname, '..', '..', '..', 'widget', 'dist', 'widget.js');

/** The built widget as served: its bytes, their gzip and an ETag, for the file's modification time. */
interface Served {
  mtimeMs: number;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * `GET /webchat/widget.js`: the embeddable widget (one IIFE built from widget/ by `npm run build`
 * or `npm start`: bin/build-widget.js), for `<script src="…/webchat/widget.js" data-channel="…"
 * async>` on any site. Public and cacheable: 5 minutes fresh then revalidated by ETag (the URL never
 * changes, so a new build must reach pages soon), gzip when accepted, readable cross-origin
 * (`Cross-Origin-Resource-Policy: cross-origin`). Reread when the file changes; 404
 * `OMNIFY_ERR_NOT_FOUND` naming the build command when it was never built.
 */
export const widgetRoutes: FastifyPluginAsync<{ file?: string }> = async (app, opts) => {
  const file = opts.file ?? WIDGET_FILE;
  let served: Served | undefined;
  const load = (): Served => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      throw new OmnifyError(
        'OMNIFY_ERR_NOT_FOUND',
        'The web chat widget is not built yet: run `npm run build` (or restart with `npm start`).',
      );
    }
    if (served?.mtimeMs === mtimeMs) return served;
    const body = readFileSync(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    served = { mtimeMs, body, gzip: gzipSync(body, { level: 9 }), etag };
    return served;
  };

  app.get('/webchat/widget.js', { schema: { hide: true } }, async (req, reply) => {
    const w = load();
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300, stale-while-revalidate=86400')
      .header('etag', w.etag)
      .header('vary', 'Accept-Encoding')
      .header('x-content-type-options', 'nosniff')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('access-control-allow-origin', '*');
    if (req.headers['if-none-match'] === w.etag) return reply.status(304).send();
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      return reply.header('content-encoding', 'gzip').send(w.gzip);
    }
    return reply.send(w.body);
  });
};
