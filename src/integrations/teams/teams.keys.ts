import { importJWK, type JWK } from 'jose';
import { isOmnifyError, OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpClient, HttpResponse } from '../../kernel/http-client/client.ts';
import { field, isJsonObject } from '../../kernel/http-client/json-field.ts';

/**
 * The Bot Connector's OpenID metadata: where the keys that sign its tokens to bots are listed
 * (Bot Framework, "Authentication with the Bot Connector API", connector to bot, step 2).
 */
export const BOT_FRAMEWORK_OPENID_METADATA_URL =
  'https://login.botframework.com/v1/.well-known/openidconfiguration';
/** The `iss` of the Bot Connector's tokens when the metadata names none. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** Signing algorithms accepted when the metadata lists none (the Bot Framework SDKs' list). */
export const BOT_FRAMEWORK_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512'];

/** How long fetched keys are used before they are fetched again (the docs allow long caching; the SDKs keep them for days). */
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
/** The least time between two fetches caused by unknown key ids (forged `kid`s cannot make us fetch in a loop). */
const DEFAULT_REFETCH_COOLDOWN_MS = 60 * 1000;
const DEFAULT_TIMEOUT_MS = 10_000;
/** Metadata URLs remembered at once (one per distinct channel config in practice). */
const MAX_SOURCES = 100;
/** Keys read from one key set at most (the real set holds a handful). */
const MAX_KEYS = 100;

/** One signing key as the key set lists it, with the Bot Framework's extra `endorsements` (channel ids). */
export interface SigningKey {
  key: CryptoKey;
  /** The channel ids (`msteams`, `webchat`, …) the key may sign activities of; undefined when the key lists none. */
  endorsements: readonly string[] | undefined;
  /** The `iss` tokens signed by this source must carry (the metadata's `issuer`). */
  issuer: string;
  /** The algorithms the metadata allows (`id_token_signing_alg_values_supported`). */
  algorithms: readonly string[];
}

interface KeySet {
  fetchedAt: number;
  issuer: string;
  algorithms: readonly string[];
  keys: Map<string, JWK>;
}

interface Source {
  set?: KeySet;
  /** When an unknown `kid` last caused a fetch, ms since the epoch (for the refetch cooldown). */
  lastUnknownAt: number;
  inflight?: Promise<KeySet>;
}

/** Options of {@link BotFrameworkKeys}. */
export interface BotFrameworkKeysOptions {
  /** Use fetched keys this long, ms (default 24 h). */
  ttlMs?: number;
  /** Fetch again for an unknown `kid` at most once per this many ms (default 60 s). */
  refetchCooldownMs?: number;
  /** Timeout of each fetch, ms (default 10 s). */
  timeoutMs?: number;
  /** The clock, ms since the epoch (tests pin it). */
  now?: () => number;
}

const transient = (message: string, cause?: unknown): OmnifyError =>
  new OmnifyError(
    'OMNIFY_ERR_PLATFORM_TRANSIENT',
    message,
    isOmnifyError(cause) ? { platformCode: String(cause.details.platformCode ?? cause.code) } : {},
    cause === undefined ? undefined : { cause },
  );

/** GETs `url` as JSON through `http`; any failure is transient (the platform redelivers). */
async function getJson(http: HttpClient, url: string, label: string, timeoutMs: number): Promise<unknown> {
  let res: HttpResponse;
  try {
    res = await http.request({ method: 'GET', url, timeoutMs, label });
  } catch (e) {
    throw transient(`The ${label} could not be fetched: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  if (res.status < 200 || res.status >= 300 || !isJsonObject(res.json)) {
    throw transient(`The ${label} answered HTTP ${res.status} without a JSON object.`);
  }
  return res.json;
}

const isHttpUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/\S+$/i.test(v);

/**
 * The Bot Connector's signing keys, fetched through the caller's `HttpClient` (SSRF guard) from an
 * OpenID metadata URL (its `jwks_uri`, a JWK set whose keys carry `endorsements`) and cached per URL:
 * used for `ttlMs`, fetched again once when a token names a `kid` the cached set lacks (key
 * rollover), such refetches at most one per `refetchCooldownMs`. Concurrent lookups share one fetch.
 */
export class BotFrameworkKeys {
  private readonly sources = new Map<string, Source>();
  private readonly imported = new Map<string, CryptoKey>();
  private readonly ttlMs: number;
  private readonly cooldownMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: BotFrameworkKeysOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.cooldownMs = options.refetchCooldownMs ?? DEFAULT_REFETCH_COOLDOWN_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * The key `kid` listed by the metadata at `metadataUrl`, imported for `alg`.
   *
   * @throws OmnifyError `OMNIFY_ERR_SIGNATURE_INVALID` when the (refreshed) key set has no such key,
   *   or the key cannot be used with `alg`; `OMNIFY_ERR_PLATFORM_TRANSIENT` when the metadata or the
   *   key set cannot be fetched or read.
   */
  async key(metadataUrl: string, kid: string, alg: string, http: HttpClient): Promise<SigningKey> {
    let source = this.sources.get(metadataUrl);
    if (!source) {
      if (this.sources.size >= MAX_SOURCES) this.sources.delete(this.sources.keys().next().value as string);
      source = { lastUnknownAt: Number.NEGATIVE_INFINITY };
      this.sources.set(metadataUrl, source);
    }
    let set = source.set;
    let fresh = false;
    if (!set || this.now() - set.fetchedAt >= this.ttlMs) {
      set = await this.refresh(metadataUrl, source, http);
      fresh = true;
    }
    if (!set.keys.has(kid) && !fresh && this.now() - source.lastUnknownAt >= this.cooldownMs) {
      source.lastUnknownAt = this.now();
      set = await this.refresh(metadataUrl, source, http);
    }
    const jwk = set.keys.get(kid);
    if (!jwk) {
      throw new OmnifyError(
        'OMNIFY_ERR_SIGNATURE_INVALID',
        `The token is signed with a key the Bot Framework does not list (kid ${JSON.stringify(kid.slice(0, 80))}).`,
      );
    }
    const raw = field(jwk, 'endorsements');
    const endorsements = Array.isArray(raw)
      ? raw.filter((e): e is string => typeof e === 'string')
      : undefined;
    const key = await this.importKey(metadataUrl, kid, alg, jwk);
    return { key, endorsements, issuer: set.issuer, algorithms: set.algorithms };
  }

  private async importKey(source: string, kid: string, alg: string, jwk: JWK): Promise<CryptoKey> {
    const id = `${source}\n${kid}\n${alg}\n${jwk.n ?? ''}`;
    const cached = this.imported.get(id);
    if (cached) return cached;
    try {
      // Only the public members: the set's extras (`endorsements`, `x5c`) are not for WebCrypto.
      const { kty, n, e, crv, x, y } = jwk;
      const key = await importJWK({ kty, n, e, crv, x, y }, alg);
      if (!(key instanceof CryptoKey)) throw new Error('not an asymmetric key');
      if (this.imported.size >= MAX_KEYS * 4) this.imported.clear();
      this.imported.set(id, key);
      return key;
    } catch (e) {
      throw new OmnifyError(
        'OMNIFY_ERR_SIGNATURE_INVALID',
        `The key ${JSON.stringify(kid.slice(0, 80))} cannot verify ${alg} signatures.`,
        {},
        { cause: e },
      );
    }
  }

  private refresh(metadataUrl: string, source: Source, http: HttpClient): Promise<KeySet> {
    if (source.inflight) return source.inflight;
    const p = this.fetchSet(metadataUrl, http)
      .then((set) => {
        source.set = set;
        return set;
      })
      .finally(() => {
        source.inflight = undefined;
      });
    source.inflight = p;
    return p;
  }

  private async fetchSet(metadataUrl: string, http: HttpClient): Promise<KeySet> {
    const meta = await getJson(http, metadataUrl, 'Bot Framework OpenID metadata', this.timeoutMs);
    const jwksUri = field(meta, 'jwks_uri');
    if (!isHttpUrl(jwksUri)) throw transient('The Bot Framework OpenID metadata has no usable jwks_uri.');
    const issuer = field(meta, 'issuer');
    const algs = field(meta, 'id_token_signing_alg_values_supported');
    const listed = Array.isArray(algs)
      ? algs.filter((a): a is string => /^RS(256|384|512)$/.test(String(a)))
      : [];
    const jwks = await getJson(http, jwksUri, 'Bot Framework signing keys', this.timeoutMs);
    const keys = new Map<string, JWK>();
    const list = field(jwks, 'keys');
    for (const k of Array.isArray(list) ? list.slice(0, MAX_KEYS) : []) {
      const kid = field(k, 'kid');
      if (isJsonObject(k) && typeof kid === 'string' && kid !== '') keys.set(kid, k as JWK);
    }
    return {
      fetchedAt: this.now(),
      issuer: typeof issuer === 'string' && issuer !== '' ? issuer : BOT_FRAMEWORK_ISSUER,
      algorithms: listed.length > 0 ? listed : BOT_FRAMEWORK_ALGORITHMS,
      keys,
    };
  }
}
