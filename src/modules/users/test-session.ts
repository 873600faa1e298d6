/**
 * Test helpers: signed-in browser sessions over real HTTP. A {@link Session} is the
 * `omnify_session` cookie and the CSRF token a browser would hold after signing in.
 */

/** A signed-in session: the cookie pair to send and the CSRF token to echo. */
export interface Session {
  cookie: string;
  csrf: string;
}

/** An answer: status, parsed JSON (undefined when empty), headers. */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  json: any;
  headers: Headers;
}

/**
 * Calls `base + path` as a browser would: with the session's cookie and, unless `csrf` is false,
 * its CSRF token in `x-csrf-token`. Without a session, no cookie.
 */
export async function browserCall(
  base: string,
  session: Session | null,
  method: string,
  path: string,
  body?: unknown,
  opts: { csrf?: boolean | string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session) headers.cookie = session.cookie;
  const csrf = opts.csrf === undefined || opts.csrf === true ? session?.csrf : opts.csrf || undefined;
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** The session an answer signed in (its `Set-Cookie` and `Me.csrfToken`); throws when it set none. */
export function sessionOf(r: Answer): Session {
  const set = r.headers.getSetCookie().find((c) => c.startsWith('omnify_session='));
  if (!set || r.json?.csrfToken === undefined)
    throw new Error(`no session in ${r.status} ${JSON.stringify(r.json)}`);
  return { cookie: set.split(';')[0]!, csrf: r.json.csrfToken };
}

/** Signs in with e-mail and password; throws unless it answers 200. */
export async function signIn(base: string, email: string, password: string): Promise<Session> {
  const r = await browserCall(base, null, 'POST', '/api/v1/auth/login', { email, password });
  if (r.status !== 200) throw new Error(`sign-in of ${email}: ${r.status} ${JSON.stringify(r.json)}`);
  return sessionOf(r);
}

/**
 * Creates a user with `role` in the workspace of the owner key `ownerKey` through an invitation
 * (create it with the key, accept it as a new user) and returns the new session and user id.
 */
export async function inviteUser(
  base: string,
  ownerKey: string,
  input: { email: string; name: string; password: string; role: string },
): Promise<{ session: Session; userId: string }> {
  const made = await fetch(`${base}/api/v1/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ownerKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email: input.email, role: input.role }),
  });
  const inv = (await made.json()) as { token?: string };
  if (made.status !== 201 || !inv.token) throw new Error(`invitation: ${made.status} ${JSON.stringify(inv)}`);
  const r = await browserCall(base, null, 'POST', '/api/v1/invitations/accept', {
    token: inv.token,
    name: input.name,
    password: input.password,
  });
  if (r.status !== 200) throw new Error(`accept: ${r.status} ${JSON.stringify(r.json)}`);
  return { session: sessionOf(r), userId: r.json.user.id };
}
