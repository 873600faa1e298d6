/**
 * Web origins (RFC 6454): `scheme "://" host [":" port]`, as browsers send them in the `Origin`
 * header of cross-origin requests (Fetch Standard, "Origin header"). A web chat channel lists the
 * origins of the sites allowed to embed its widget; a request is accepted only when its `Origin`
 * is one of them, compared exactly after normalization.
 */

/**
 * What a configured origin may look like: http or https, a host (with an optional port), nothing
 * after it but an optional trailing slash. No path, query, fragment, credentials or wildcard.
 */
export const ORIGIN_PATTERN = '^https?://[^\\s/?#@*]+/?$';
const ORIGIN_RE = new RegExp(ORIGIN_PATTERN, 'i');

/**
 * The serialized origin of `value` (`https://shop.example.com`, `http://localhost:8080`): scheme and
 * host lower-cased, the scheme's default port dropped, no trailing slash. Null when `value` is not
 * an http(s) origin (a path, credentials, `null`, an unparseable host), so a malformed `Origin`
 * header simply matches nothing.
 */
export function normalizeOrigin(value: string | undefined | null): string | null {
  if (!value || value.length > 300 || !ORIGIN_RE.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // URL drops the default port and lower-cases scheme and host; `origin` serializes exactly that.
  return url.origin;
}

/**
 * The allowed origin `origin` matches in `allowed` (the channel's `allowedOrigins`), normalized, or
 * null when it matches none (or is no origin at all).
 */
export function matchOrigin(origin: string | undefined, allowed: readonly string[]): string | null {
  const o = normalizeOrigin(origin);
  if (!o) return null;
  return allowed.some((a) => normalizeOrigin(a) === o) ? o : null;
}
