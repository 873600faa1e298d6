import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { createHttpClient } from './client.ts';
import { checkOutboundUrl, isPublicAddress, type LookupFunction } from './ssrf.ts';

/** A DNS stand-in: every name resolves to `addresses`. */
function fakeLookup(addresses: string[]): LookupFunction {
  const answer: LookupAddress[] = addresses.map((address) => ({
    address,
    family: address.includes(':') ? 6 : 4,
  }));
  return ((_host: string, options: unknown, cb: unknown) => {
    const callback = (typeof options === 'function' ? options : cb) as (...a: unknown[]) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    setImmediate(() =>
      all ? callback(null, answer) : callback(null, answer[0]!.address, answer[0]!.family),
    );
  }) as unknown as LookupFunction;
}

/** Loopback and metadata spellings the WHATWG URL parser accepts. */
const LOOPBACK_HOSTS = [
  '127.1',
  '0x7f.1',
  '2130706433',
  '0177.0.0.1',
  '[::1]',
  '[::ffff:127.0.0.1]',
  '169.254.169.254',
  '0.0.0.0',
  '10.0.0.8',
  '[fd00::1]',
  '224.0.0.1',
];

describe('address classification', () => {
  it('allows public unicast only', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('2606:4700::1111')).toBe(true);
    for (const a of [
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
      '169.254.169.254',
      '192.168.1.1',
      '100.64.0.1',
      '::',
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });
});

describe('save-time check', () => {
  const publicDns = fakeLookup(['93.184.216.34']);
  it.each(LOOPBACK_HOSTS)('refuses http://%s/ and says how to fix it', async (host) => {
    const problem = await checkOutboundUrl(`http://${host}/hook`, { allowPrivate: false, lookup: publicDns });
    expect(problem).toMatch(/address, which Omnify does not call/);
    expect(problem).toContain('OMNIFY_ALLOW_PRIVATE_URLS=true');
  });
  it('refuses a name that resolves to 127.0.0.1 (localhost, and a custom lookup)', async () => {
    expect(await checkOutboundUrl('http://localhost:8080/x', { allowPrivate: false })).toMatch(
      /resolves to 127\.0\.0\.1|resolves to ::1/,
    );
    const rebinding = fakeLookup(['93.184.216.34', '127.0.0.1']);
    expect(
      await checkOutboundUrl('https://agent.example.com/', { allowPrivate: false, lookup: rebinding }),
    ).toContain('resolves to 127.0.0.1');
  });
  it('accepts public hosts, unresolvable names, and anything when private URLs are allowed', async () => {
    expect(
      await checkOutboundUrl('https://api.example.com/v1', { allowPrivate: false, lookup: publicDns }),
    ).toBeUndefined();
    const failing = ((_h: string, _o: unknown, cb: (e: Error) => void) =>
      cb(new Error('ENOTFOUND'))) as unknown as LookupFunction;
    expect(
      await checkOutboundUrl('https://not-yet.example/', { allowPrivate: false, lookup: failing }),
    ).toBeUndefined();
    expect(await checkOutboundUrl('http://127.1/', { allowPrivate: true })).toBeUndefined();
    expect(await checkOutboundUrl('ftp://example.com/', { allowPrivate: true })).toBe(
      'must be an http(s) URL.',
    );
  });
});

describe('connect-time guard', () => {
  const server = new RecordingServer(() => ({ status: 200, body: { ok: true } }));
  let port: string;
  beforeAll(async () => {
    await server.start();
    port = new URL(server.baseUrl).port;
  });
  afterAll(() => server.stop());

  it.each(['127.1', '0x7f.1', '2130706433', '0177.0.0.1', '[::ffff:127.0.0.1]', '[::1]', '169.254.169.254'])(
    'refuses http://%s before any byte is sent',
    async (host) => {
      const http = createHttpClient({ allowPrivateUrls: false });
      const err = await rejectionOf(
        http.request({ method: 'GET', url: `http://${host}:${port}/`, timeoutMs: 2000 }),
      );
      expect(err.code).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
      expect(err.details.platformCode).toBe('private_address');
      expect(server.requests).toHaveLength(0);
    },
  );

  it('checks every resolved address right before connecting (localhost, DNS rebinding)', async () => {
    const http = createHttpClient({ allowPrivateUrls: false });
    let err = await rejectionOf(
      http.request({ method: 'GET', url: `http://localhost:${port}/`, timeoutMs: 2000 }),
    );
    expect(err.details.platformCode).toBe('private_address');
    // A name that passed at save time (public) but now answers 127.0.0.1.
    const rebound = createHttpClient({ allowPrivateUrls: false, lookup: fakeLookup(['127.0.0.1']) });
    err = await rejectionOf(
      rebound.request({
        method: 'POST',
        url: `http://agent.example.com:${port}/`,
        body: {},
        timeoutMs: 2000,
        errors: 'agent',
      }),
    );
    expect([err.code, err.details.platformCode]).toEqual(['OMNIFY_ERR_AGENT_REJECTED', 'private_address']);
    expect(err.message).toContain('resolves to 127.0.0.1');
    expect(server.requests).toHaveLength(0);
  });

  it('connects when private URLs are allowed, through a custom lookup too', async () => {
    const http = createHttpClient({ allowPrivateUrls: true });
    const res = await http.request({ method: 'GET', url: `http://127.1:${port}/ping`, timeoutMs: 2000 });
    expect(res.status).toBe(200);
    expect(server.requests.at(-1)?.url).toBe('/ping');
  });
});
