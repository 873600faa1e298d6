import { createHash } from 'node:crypto';
import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpClient } from '../../kernel/http-client/client.ts';
import { field } from '../../kernel/http-client/json-field.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';
import {
  BOT_FRAMEWORK_ALGORITHMS,
  BOT_FRAMEWORK_OPENID_METADATA_URL,
  type BotFrameworkKeys,
} from './teams.keys.ts';

/**
 * Verification of the Bot Connector's requests to a bot. Source: Bot Framework, "Authentication with
 * the Bot Connector API", *Authenticate requests from the Bot Connector service to your bot*: a JWT
 * in `Authorization: Bearer`, issuer `https://api.botframework.com`, audience the bot's Microsoft App
 * ID, unexpired (5 minutes of clock skew), signed with a key of the OpenID metadata's key set with an
 * algorithm the metadata allows, the key endorsed for the activity's `channelId`, and the token's
 * `serviceurl` claim equal to the activity's `serviceUrl`.
 */

/** Clock skew tolerated on `exp` and `nbf`, in seconds ("industry-standard clock-skew is 5 minutes"). */
export const TEAMS_CLOCK_SKEW_SECONDS = 5 * 60;
/** Longest `Authorization` header read (the Bot Connector's tokens are about 1–2 KB). */
const MAX_TOKEN_LENGTH = 16 * 1024;
const BEARER = /^Bearer[ \t]+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)[ \t]*$/i;

/** The bearer token of a request and the signing key and algorithm its header names. */
export interface BearerToken {
  token: string;
  kid: string;
  alg: string;
}

const invalid = (message: string, cause?: unknown): OmnifyError =>
  new OmnifyError('OMNIFY_ERR_SIGNATURE_INVALID', message, {}, cause === undefined ? undefined : { cause });

/**
 * The checks that need no network: an `Authorization: Bearer <compact JWS>` header whose protected
 * header names a `kid` and an RSA algorithm the Bot Framework uses (RS256/384/512; `none` and HMAC
 * are refused before any key is fetched).
 *
 * @throws OmnifyError `OMNIFY_ERR_SIGNATURE_INVALID` when the header is missing or malformed.
 */
export function bearerToken(req: WebhookRequest): BearerToken {
  const header = req.headers.authorization;
  const match = header && header.length <= MAX_TOKEN_LENGTH ? BEARER.exec(header) : null;
  if (!match) throw invalid('Missing or malformed Authorization: Bearer token.');
  const token = match[1]!;
  let protectedHeader: ReturnType<typeof decodeProtectedHeader>;
  try {
    protectedHeader = decodeProtectedHeader(token);
  } catch (e) {
    throw invalid('The bearer token is not a JSON Web Token.', e);
  }
  const { alg, kid } = protectedHeader;
  if (typeof alg !== 'string' || !BOT_FRAMEWORK_ALGORITHMS.includes(alg)) {
    throw invalid(
      `The bearer token's algorithm ${JSON.stringify(alg)} is not one the Bot Framework signs with.`,
    );
  }
  if (typeof kid !== 'string' || kid === '') throw invalid('The bearer token names no signing key (kid).');
  return { token, kid, alg };
}

/** Why jose refused a token, in words an operator can act on. */
function reason(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'the token has expired (5 minutes of clock skew allowed)';
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return 'the token is not for this bot (audience is not the Microsoft App ID)';
    if (e.claim === 'iss') return 'the token was not issued by the Bot Framework';
    if (e.claim === 'nbf') return 'the token is not valid yet';
    return `claim ${e.claim} is invalid (${e.reason})`;
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not match';
  if (e instanceof errors.JOSEError) return e.code;
  return e instanceof Error ? e.message : String(e);
}

/** A token {@link verifyTeamsRequest} verified: its claims, expiry (ms) and its key's endorsements. */
interface VerifiedToken {
  claims: JWTPayload;
  expMs: number;
  endorsements: readonly string[] | undefined;
}

/**
 * Tokens verified already, by app, metadata URL and SHA-256 of the token: the Bot Connector sends
 * the same token with every activity for up to an hour, and an RSA signature check costs about as
 * much as the rest of a delivery's storage (`npm run bench -- identity`). Bounded (LRU).
 */
export type VerifiedTokens = LRUCache<string, VerifiedToken>;

/** A {@link VerifiedTokens} cache of `max` tokens. */
export function verifiedTokenCache(max = 1000): VerifiedTokens {
  return new LRUCache<string, VerifiedToken>({ max });
}

/** What {@link verifyTeamsRequest} reads of the channel config. */
export interface TeamsAuthConfig {
  appId: string;
  openIdMetadataUrl?: string;
}

/**
 * Verifies a Bot Connector request completely (call {@link bearerToken}'s checks first or let this do
 * them): fetches the signing key named by the token through `http` (cached, see `BotFrameworkKeys`),
 * verifies signature, issuer, audience = `config.appId`, `exp` (required) and `nbf` with
 * {@link TEAMS_CLOCK_SKEW_SECONDS} of skew at `nowMs`, then reads the activity from the raw body:
 * the token's `serviceurl` claim (the SDKs' name; `serviceUrl` also read) must equal its `serviceUrl`,
 * and a non-empty `channelId` must be among the key's `endorsements`.
 *
 * @throws OmnifyError `OMNIFY_ERR_SIGNATURE_INVALID` for any failed check (401, nothing stored);
 *   `OMNIFY_ERR_MALFORMED_JSON` when an authentic token comes with a body that is not JSON;
 *   `OMNIFY_ERR_PLATFORM_TRANSIENT` when the keys cannot be fetched.
 */
export async function verifyTeamsRequest(
  req: WebhookRequest,
  config: TeamsAuthConfig,
  deps: { http: HttpClient; keys: BotFrameworkKeys; nowMs: number; verified?: VerifiedTokens },
): Promise<void> {
  const { token, kid, alg } = bearerToken(req);
  const metadataUrl = config.openIdMetadataUrl ?? BOT_FRAMEWORK_OPENID_METADATA_URL;
  const cacheKey = `${config.appId}\n${metadataUrl}\n${createHash('sha256').update(token).digest('base64url')}`;
  let verified = deps.verified?.get(cacheKey);
  // A token verified before is taken again only until its `exp` (with the same skew); the checks
  // against this activity (serviceUrl, endorsement) run every time.
  if (verified && deps.nowMs > verified.expMs + TEAMS_CLOCK_SKEW_SECONDS * 1000) verified = undefined;
  if (!verified) {
    const key = await deps.keys.key(metadataUrl, kid, alg, deps.http);
    if (!key.algorithms.includes(alg)) throw invalid(`The Bot Framework metadata does not allow ${alg}.`);
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, key.key, {
        issuer: key.issuer,
        audience: config.appId,
        algorithms: [...key.algorithms],
        clockTolerance: TEAMS_CLOCK_SKEW_SECONDS,
        currentDate: new Date(deps.nowMs),
        requiredClaims: ['exp'],
      }));
    } catch (e) {
      throw invalid(`The Bot Framework token was refused: ${reason(e)}.`, e);
    }
    verified = { claims, expMs: (claims.exp ?? 0) * 1000, endorsements: key.endorsements };
    deps.verified?.set(cacheKey, verified);
  }
  const { claims } = verified;
  const key = { endorsements: verified.endorsements };
  let activity: unknown;
  try {
    activity = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    throw new OmnifyError('OMNIFY_ERR_MALFORMED_JSON');
  }
  const claimed = claims.serviceurl ?? claims.serviceUrl;
  const serviceUrl = field(activity, 'serviceUrl');
  if (typeof claimed !== 'string' || typeof serviceUrl !== 'string' || claimed !== serviceUrl) {
    throw invalid("The token's serviceurl claim does not match the activity's serviceUrl.");
  }
  const channelId = field(activity, 'channelId');
  if (channelId === undefined || channelId === null || channelId === '') return;
  if (typeof channelId !== 'string' || !key.endorsements?.includes(channelId)) {
    throw invalid(`The signing key is not endorsed for channel ${JSON.stringify(channelId).slice(0, 80)}.`);
  }
}
