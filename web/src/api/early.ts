/**
 * Early responses: index.html starts the GET requests a cold load needs first (the session checks,
 * and on `/inbox` without filters the list's first page, the tab counts and the channels) before
 * the app's JavaScript has even downloaded, and leaves the pending responses in
 * `window.__omnifyEarly`. The API client ({@link takeEarly}) hands each one to the first request
 * for exactly the same path and query, once, so the app starts with its data already on the way.
 *
 * The same request simply goes to the server instead when the early one is missing, was already
 * taken, is older than {@link EARLY_MAX_AGE_MS}, failed, or answered anything but 2xx (a signed-out
 * visitor's 401 is asked again); any state-changing request drops them all ({@link dropEarly}).
 */

/** What index.html leaves on `window`: when it started (`performance.now()`, ms) and the responses by path + query. */
interface EarlyRequests {
  at: number;
  responses: Record<string, Promise<Response>>;
}

declare global {
  interface Window {
    __omnifyEarly?: EarlyRequests;
  }
}

/** How long after the page started an early response may still be used (ms). */
export const EARLY_MAX_AGE_MS = 10_000;

/**
 * The early response for `url` (absolute, same origin) if there is a usable one, else `undefined`;
 * takes it off the list either way. Resolves to the real response, or to a fresh request of
 * `fallback()` when the early one failed or was not 2xx.
 */
export function takeEarly(url: string, fallback: () => Promise<Response>): Promise<Response> | undefined {
  const early = window.__omnifyEarly;
  if (!early) return undefined;
  const u = new URL(url);
  if (u.origin !== window.location.origin) return undefined;
  const key = u.pathname + u.search;
  const pending = early.responses[key];
  if (!pending) return undefined;
  delete early.responses[key];
  if (performance.now() - early.at > EARLY_MAX_AGE_MS) return undefined;
  return pending.then(
    (r) => (r.ok ? r : fallback()),
    () => fallback(),
  );
}

/** Forgets every early response not taken yet (after a state-changing request they may be stale). */
export function dropEarly(): void {
  if (window.__omnifyEarly) window.__omnifyEarly.responses = {};
}
