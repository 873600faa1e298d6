import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * SSRF guarding of outbound URLs that users configure (agent endpoints, webhook callback URLs,
 * platform `apiBaseUrl`s). Address classes come from ipaddr.js (IANA special-purpose registries,
 * RFC 6890): only `unicast` (public) addresses are allowed; loopback, private (RFC 1918), link-local
 * (169.254/16, incl. cloud metadata at 169.254.169.254), unspecified, multicast, carrier-grade NAT,
 * unique-local IPv6 and every other special range are refused. IPv4-mapped IPv6 (`::ffff:127.0.0.1`)
 * is judged as the IPv4 address it carries.
 *
 * Why not a library: the maintained guards (`request-filtering-agent`, `ssrf-req-filter`) wrap
 * `node:http` Agents, which undici does not use; URL-string checkers (`ssrfcheck`, `url-sheriff`)
 * cannot see DNS answers. The connect-time check here is one `lookup` function given to undici's
 * connector, so every address a name resolves to is checked right before the socket opens (DNS
 * rebinding between save time and connect time is covered).
 */

/** The DNS lookup function shape of `node:dns#lookup` (what `net.connect` and undici accept). */
export type LookupFunction = typeof dnsLookup;

/** The ipaddr.js range name of `address` (`unicast` for a public one); `invalid` when it is not an IP. */
export function addressRange(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return 'invalid';
  return ipaddr.process(bare).range();
}

/** True when `address` (IPv4, IPv6, optionally in brackets) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'unicast';
}

/** A refusal: which address was refused and why (its ipaddr.js range, e.g. `loopback`). */
export interface AddressRefusal {
  address: string;
  range: string;
}

/** The first non-public address among `addresses`, or undefined when all are public. */
export function firstRefused(addresses: readonly string[]): AddressRefusal | undefined {
  for (const address of addresses) {
    const range = addressRange(address);
    if (range !== 'unicast') return { address, range };
  }
  return undefined;
}

/** How to lift the refusal, appended to every message. */
export const ALLOW_PRIVATE_HINT =
  'use a public URL, or set OMNIFY_ALLOW_PRIVATE_URLS=true if Omnify must reach services on a private network';

/** The message for a refused address (no secrets: host and address only). */
export function refusalMessage(host: string, r: AddressRefusal): string {
  const via = host.replace(/^\[|\]$/g, '') === r.address ? '' : ` (resolves to ${r.address})`;
  return `${host}${via} is a ${r.range} address, which Omnify does not call: ${ALLOW_PRIVATE_HINT}.`;
}

/** Error raised by the guarded lookup; `code` lets callers tell it from DNS failures. */
export class PrivateAddressError extends Error {
  readonly code = 'OMNIFY_PRIVATE_ADDRESS';
  constructor(
    readonly host: string,
    readonly refusal: AddressRefusal,
  ) {
    super(refusalMessage(host, refusal));
    this.name = 'PrivateAddressError';
  }
}

/**
 * A `dns.lookup`-compatible function that resolves `hostname` with `base` (all addresses), refuses
 * with `PrivateAddressError` when any of them is not public, and otherwise answers like `dns.lookup`
 * (one address, or all when `options.all`). Given to undici's connector as `connect.lookup`.
 */
export function guardedLookup(base: LookupFunction = dnsLookup): LookupFunction {
  const guarded = (hostname: string, options: unknown, callback: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (
      err: NodeJS.ErrnoException | null,
      address?: string | LookupAddress[],
      family?: number,
    ) => void;
    const opts = (typeof options === 'object' && options !== null ? options : {}) as Record<string, unknown>;
    const family = typeof options === 'number' ? options : (opts.family as number | undefined);
    base(
      hostname,
      { ...opts, family: family ?? 0, all: true } as never,
      ((err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => {
        if (err) return cb(err);
        const refused = firstRefused(addresses.map((a) => a.address));
        if (refused) return cb(new PrivateAddressError(hostname, refused) as NodeJS.ErrnoException);
        if (opts.all) return cb(null, addresses);
        const first = addresses[0];
        if (!first) return cb(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }));
        cb(null, first.address, first.family);
      }) as never,
    );
  };
  return guarded as unknown as LookupFunction;
}

/** All addresses of `hostname` via `lookup`, or undefined when it does not resolve within `timeoutMs`. */
async function resolveAll(
  hostname: string,
  lookup: LookupFunction,
  timeoutMs: number,
): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    lookup(hostname, { all: true }, ((err: Error | null, addresses: LookupAddress[]) => {
      clearTimeout(timer);
      resolve(err ? undefined : addresses.map((a) => a.address));
    }) as never);
  });
}

/**
 * Save-time check of a user-configured URL. Returns a message saying what is wrong and how to fix
 * it, or undefined when the URL may be called. An IP host (in any form the WHATWG URL parser
 * accepts: `127.1`, `0x7f.1`, `2130706433`, `0177.0.0.1`, `[::1]`, `[::ffff:127.0.0.1]` are all
 * normalized to the address) is checked directly; a name is resolved with `lookup` and every
 * address checked. A name that does not resolve (yet) passes: the connect-time check still applies.
 */
export async function checkOutboundUrl(
  url: string,
  options: { allowPrivate: boolean; lookup?: LookupFunction; timeoutMs?: number },
): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http(s) URL.';
  if (options.allowPrivate) return undefined;
  const host = parsed.hostname;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) {
    const refused = firstRefused([bare]);
    return refused ? refusalMessage(host, refused) : undefined;
  }
  const addresses = await resolveAll(host, options.lookup ?? dnsLookup, options.timeoutMs ?? 3000);
  const refused = addresses && firstRefused(addresses);
  return refused ? refusalMessage(host, refused) : undefined;
}
