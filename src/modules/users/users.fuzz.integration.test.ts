import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { type Mutation, mutate, mutations, nastyStrings, renderJson } from '../../testing/fuzz.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';

/*
 * Fuzz of the public (unauthenticated) JSON bodies of the users module — setup, sign-in, password
 * reset, invitation lookup and accept — with NUL, lone surrogates, extreme numbers, deep nesting,
 * type swaps and nasty keys, with and without a garbage session cookie. Nothing answers 5xx, and
 * every error is a catalog error.
 */

/** Percent-encodes the UTF-8 bytes of `s` (a lone surrogate becomes U+FFFD): safe in a URL and a header. */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

describe.each(testBackends())('users API fuzz on %s', (backend) => {
  let omnify: TestOmnify;
  let token: string;

  beforeAll(async () => {
    // Failed sign-ins and bad tokens count against the IP: lift the limit for the fuzz run.
    omnify = await startTestOmnify(backend, {
      workers: false,
      intelSchedule: 'off',
      authFailuresPerMinute: 0,
    });
    token = (await omnify.api('POST', '/api/v1/invitations', { email: 'fuzz@example.org', role: 'agent' }))
      .json.token;
  }, 60_000);
  afterAll(() => omnify?.close());

  const text = fc.oneof(nastyStrings, fc.string({ maxLength: 40 }), fc.emailAddress());
  /** (a fuzzed text, a node pick, a mutation) → [method, path, body]. */
  const routes: Array<(s: string, pick: number, m: Mutation) => [string, string, unknown]> = [
    (s, p, m) => [
      'POST',
      '/api/v1/setup',
      mutate({ name: s, email: 'a@b.co', password: 'p'.repeat(12), workspaceName: s }, p, m),
    ],
    (s, p, m) => ['POST', '/api/v1/auth/login', mutate({ email: s, password: s }, p, m)],
    (s, p, m) => ['POST', '/api/v1/auth/password-reset', mutate({ email: s }, p, m)],
    (s, p, m) => [
      'POST',
      '/api/v1/auth/password-reset/confirm',
      mutate({ token: s, password: `${s}0123456789` }, p, m),
    ],
    (s, p, m) => [
      'POST',
      '/api/v1/invitations/accept',
      mutate({ token: s, name: s, password: `${s}0123456789` }, p, m),
    ],
    (s, p, m) => [
      'POST',
      '/api/v1/invitations/accept',
      mutate({ token, name: s, password: `${s}0123456789` }, p, m),
    ],
    (s) => ['GET', `/api/v1/invitations/lookup?token=${pct(s)}`, undefined],
  ];

  it('never answers 5xx to a public body, and errors are catalog errors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(routes.length - 1),
        text,
        fc.nat(),
        mutations,
        fc.boolean(),
        async (r, s, pick, m, withCookie) => {
          const [method, path, body] = routes[r]!(s, pick, m);
          const res = await fetch(`${omnify.url}${path}`, {
            method,
            headers: {
              ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
              ...(withCookie ? { cookie: `omnify_session=${pct(s)}`, 'x-csrf-token': pct(s) } : {}),
            },
            body: body === undefined ? undefined : renderJson(body),
          });
          const raw = await res.text();
          expect(res.status, `${method} ${path} ${raw}`).toBeLessThan(500);
          if (res.status >= 400) expect(JSON.parse(raw).error.code).toMatch(/^OMNIFY_ERR_[A-Z_]+$/);
        },
      ),
      { seed: 20_260_310, numRuns: 120 },
    );
  }, 120_000);
});
