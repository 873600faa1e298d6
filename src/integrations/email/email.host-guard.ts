import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import {
  addressRange,
  firstRefused,
  type LookupFunction,
  refusalMessage,
} from '../../kernel/http-client/ssrf.ts';

/**
 * The SSRF guard for the user-chosen SMTP and IMAP hosts (they are not HTTP URLs, so the HTTP
 * client's guard cannot see them). A host is resolved once, every address it resolves to is checked
 * with the same address classes as `src/kernel/http-client/ssrf.ts` (public unicast only, unless
 * private addresses are allowed), and the connection is then opened to that checked address, with
 * the host name kept for TLS (SNI and certificate check): no second DNS answer can slip in between
 * the check and the connection (DNS rebinding).
 */

/** A host resolved for connecting. */
export interface ResolvedHost {
  /** The host as configured (TLS server name). */
  host: string;
  /** The checked address to connect to. */
  address: string;
  /** True for 127/8 and ::1: a relay on this machine, where STARTTLS is not required. */
  loopback: boolean;
}

/**
 * Whether the process allows private addresses: `OMNIFY_ALLOW_PRIVATE_URLS` read at call time, as
 * the config loader reads it. (The adapter contract hands adapters an HTTP client whose policy it
 * does not expose; SMTP and IMAP connections are not HTTP, so the adapter reads the same setting.)
 */
export function privateAddressesAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(true|1|yes|on)$/i.test(env.OMNIFY_ALLOW_PRIVATE_URLS?.trim() ?? '');
}

async function resolveAll(host: string, lookup: LookupFunction): Promise<string[]> {
  return new Promise((resolve, reject) => {
    lookup(host, { all: true }, ((err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => {
      if (err) reject(err);
      else resolve(addresses.map((a) => a.address));
    }) as never);
  });
}

/**
 * Resolves `host` for a mail connection (`what` names it in errors, e.g. `SMTP server`).
 *
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_REJECTED` (`platformCode: 'private_address'`) when the
 *   host is or resolves to a non-public address and `allowPrivate` is false; nothing is connected.
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_TRANSIENT` (`platformCode` = the DNS error code) when the
 *   name does not resolve (DNS failures pass; a typo fails every retry and ends as `failed`).
 */
export async function resolveMailHost(
  host: string,
  what: string,
  options: { allowPrivate: boolean; lookup?: LookupFunction },
): Promise<ResolvedHost> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(bare)) addresses = [bare];
  else {
    try {
      addresses = await resolveAll(bare, options.lookup ?? dnsLookup);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', `The ${what} ${host} does not resolve.`, {
        platformCode: typeof code === 'string' ? code : 'ENOTFOUND',
        platformMessage: `${host} does not resolve`,
      });
    }
  }
  const refused = options.allowPrivate ? undefined : firstRefused(addresses);
  if (refused) {
    const message = refusalMessage(host, refused);
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', `Refused to connect to the ${what}: ${message}`, {
      platformCode: 'private_address',
      platformMessage: message,
    });
  }
  const address = addresses[0];
  if (!address) {
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', `The ${what} ${host} has no address.`, {
      platformCode: 'ENOTFOUND',
      platformMessage: `${host} has no address`,
    });
  }
  return { host: bare, address, loopback: addressRange(address) === 'loopback' };
}
