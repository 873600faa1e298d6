/**
 * Test helper: the widget's side of the web chat protocol over `fetch`, against a real listening
 * server (docs/channels/webchat.md): creating a web chat channel through the API, calling a
 * visitor route with an `Origin` and a session token, opening a session.
 */

/** The parts of a running test server these helpers use (src/testing/harness.ts's `TestOmnify`). */
interface Server {
  url: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
}

/** The site the tests embed the widget on. */
export const HOST_ORIGIN = 'https://shop.example.com';
/** The secret the host's server signs identities with in the tests. */
export const HOST_IDENTITY_SECRET = 'test-host-identity-secret-0123';

/** Creates a web chat channel through the API (default: {@link HOST_ORIGIN}, {@link HOST_IDENTITY_SECRET}); returns its id. */
export async function createWebchatChannel(
  omnify: Pick<Server, 'api'>,
  config: Record<string, unknown> = {
    allowedOrigins: [HOST_ORIGIN, 'http://localhost:8080'],
    identitySecret: HOST_IDENTITY_SECRET,
  },
): Promise<string> {
  const res = await omnify.api('POST', '/api/v1/channels', {
    platform: 'webchat',
    name: 'Site chat',
    config,
  });
  if (res.status !== 201) throw new Error(`webchat channel: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.id as string;
}

/** What a visitor route answered. */
export interface VisitorAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  json: any;
  text: string;
}

/** Calls `/webchat/{channelId}/{path}` as the widget does, from `origin` (null: no Origin header). */
export async function visitorCall(
  omnify: Pick<Server, 'url'>,
  channelId: string,
  path: string,
  opts: {
    method?: string;
    body?: unknown;
    rawBody?: string;
    token?: string;
    origin?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<VisitorAnswer> {
  const origin = opts.origin === undefined ? HOST_ORIGIN : opts.origin;
  const hasBody = opts.body !== undefined || opts.rawBody !== undefined;
  const res = await fetch(`${omnify.url}/webchat/${channelId}/${path}`, {
    method: opts.method ?? (hasBody ? 'POST' : 'GET'),
    headers: {
      ...(origin ? { origin } : {}),
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Opens a session (`body`: token to resume, identity) and returns the answer's JSON; throws unless 200. */
export async function openVisitorSession(
  omnify: Pick<Server, 'url'>,
  channelId: string,
  body: Record<string, unknown> = {},
  origin?: string,
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
): Promise<any> {
  const res = await visitorCall(omnify, channelId, 'sessions', { body, origin });
  if (res.status !== 200) throw new Error(`session: ${res.status} ${res.text}`);
  return res.json;
}
