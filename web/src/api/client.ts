/**
 * The web app's API client: openapi-fetch typed by `schema.d.ts`, generated from `/openapi.json`
 * (`npm run gen:api`), so the UI uses exactly the API integrators use. Requests carry the session
 * cookie and, on state-changing methods, the CSRF token the server handed out at sign-in or in
 * `GET /auth/me`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { dropEarly, takeEarly } from './early.ts';
import type { paths } from './schema';

let csrfToken: string | null = null;

/** Remembers the CSRF token that state-changing requests must echo in `x-csrf-token`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      dropEarly();
      if (csrfToken) request.headers.set('x-csrf-token', csrfToken);
    }
    return request;
  },
};

/** `fetch`, except that a GET first looks for the response index.html already asked for (early.ts). */
const fetchOrEarly = (request: Request): Promise<Response> => {
  const fallback = () => globalThis.fetch(request);
  return (request.method === 'GET' && takeEarly(request.url, fallback)) || fallback();
};

/** The typed client for `/api/v1/…` paths. */
export const api = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: 'same-origin',
  fetch: fetchOrEarly,
});
api.use(csrf);

/** A field the API refused: `path` is a JSON pointer into the request (e.g. `/body/config/botToken`). */
export interface ApiFieldError {
  path: string;
  message: string;
}

/**
 * An error answer of the API: its stable code (docs/errors.md), message and HTTP status, and the
 * fields it refused (`details.fields`; empty when none).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: ApiFieldError[] = [],
  ) {
    super(message);
  }
}

/**
 * The data of an openapi-fetch result, or throws an {@link ApiError} carrying the API's error code
 * and message (`{error: {code, message}}`), so TanStack Query and forms can show it.
 */
export function unwrap<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || !r.response.ok) {
    const e = (r.error ?? {}) as {
      error?: { code?: string; message?: string; details?: { fields?: ApiFieldError[] } };
    };
    throw new ApiError(
      r.response.status,
      e.error?.code ?? 'OMNIFY_ERR_UNKNOWN',
      e.error?.message ?? `The server answered ${r.response.status}.`,
      e.error?.details?.fields ?? [],
    );
  }
  return r.data as T;
}
