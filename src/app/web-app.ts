/**
 * Serves the web app (web/dist/, built by `npm run build` or by `npm start` when stale) at `/`:
 * hashed assets under `/assets/` with a year's cache (their Brotli or gzip copy when the browser
 * accepts it), and `index.html` for every other GET that a
 * browser makes for a page (Accept: text/html) outside the API, the docs and the webhooks, so deep
 * links such as `/inbox/<id>` load the app. Without a build, `/` answers a short page saying how
 * to make one. API paths keep their JSON 404.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where the web app's build lives (the repository's web/dist, from src/app or dist/app). */
export const WEB_DIST = join(import.meta.dirname, '..', '..', 'web', 'dist');

/** Path prefixes that never fall back to the web app's index.html. */
const NOT_PAGES = ['/api/', '/docs', '/openapi.json', '/health', '/webhooks/', '/assets/'];

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Omnify</title>
<p>The web app is not built yet. Run <code>npm run build</code> (or restart with <code>npm start</code>,
which builds it), then reload this page. The API is at <a href="/docs">/docs</a>.</p>`;

/** True when `req` is a browser asking for an app page that the web app should render. */
export function isPageRequest(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.url.split('?')[0]!;
  if (NOT_PAGES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p))) return false;
  return (req.headers.accept ?? '').includes('text/html');
}

/**
 * Registers the static files and returns the fallback for the not-found handler: it answers the
 * app's index.html (or the "not built" page) for page requests and returns false for the rest.
 */
export async function registerWebApp(
  app: FastifyInstance,
  dist = WEB_DIST,
): Promise<(req: FastifyRequest, reply: FastifyReply) => boolean> {
  const built = existsSync(join(dist, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      index: false,
      wildcard: false,
      schemaHide: true,
      // The build's `.br` / `.gz` copies (web/vite.compress.ts) to browsers that accept them.
      preCompressed: true,
      setHeaders: (res, path) => {
        if (path.startsWith(join(dist, 'assets')))
          res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  // Read once: a rebuild swaps web/dist/ underneath a running server (bin/build-web.js), and a
  // page request must never fail on a file that is briefly missing.
  let index = NOT_BUILT;
  try {
    if (built) index = readFileSync(join(dist, 'index.html'), 'utf8');
  } catch {
    index = NOT_BUILT;
  }
  const page = () => index;
  return (req, reply) => {
    if (!isPageRequest(req)) return false;
    reply
      .status(200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(page());
    return true;
  };
}
