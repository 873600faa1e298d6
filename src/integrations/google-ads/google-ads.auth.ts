import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { type HttpClient, statusErrorCode } from '../../kernel/http-client/client.ts';
import { field, stringField } from '../../kernel/http-client/json-field.ts';
import { malformedAnswer } from '../contract/ad-connector-answers.ts';
import type { GoogleAdsInsightsConfig } from './google-ads.config.ts';

/** Yields the bearer token for the next call; `invalidate` drops a cached one the API refused. */
export interface AccessTokenSource {
  get(signal?: AbortSignal): Promise<string>;
  /** True when a fresh token can be fetched (refresh-token credentials), i.e. a 401 is worth one retry. */
  readonly refreshable: boolean;
  invalidate(): void;
}

/** Seconds before expiry at which a cached access token is replaced. */
const EXPIRY_MARGIN_S = 60;

/**
 * The access tokens of a Google Ads config: its fixed `accessToken`, else tokens from the OAuth 2.0
 * refresh-token grant (RFC 6749 §6; Google Identity, "Using OAuth 2.0 for Web Server Applications",
 * "Refreshing an access token"): `POST tokenUrl` form `grant_type=refresh_token&client_id&
 * client_secret&refresh_token` → `{access_token, expires_in, token_type}`, cached until 60 s before
 * `expires_in` runs out.
 *
 * Errors of the token endpoint: `{error, error_description}` with 400/401 (`invalid_grant`: refresh
 * token revoked or expired; `invalid_client`) → `OMNIFY_ERR_PLATFORM_REJECTED` with `platformCode`
 * the OAuth error; 429 → `_RATE_LIMITED`; 5xx and network → `_TRANSIENT`.
 */
export function createAccessTokenSource(
  config: GoogleAdsInsightsConfig,
  tokenUrl: string,
  timeoutMs: number,
  http: HttpClient,
  now: () => number = Date.now,
): AccessTokenSource {
  if (config.accessToken) {
    const token = config.accessToken;
    return { get: async () => token, refreshable: false, invalidate: () => {} };
  }
  let cached: { token: string; expiresAt: number } | undefined;
  return {
    refreshable: true,
    invalidate: () => {
      cached = undefined;
    },
    async get(signal) {
      if (cached && now() < cached.expiresAt) return cached.token;
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: config.clientId!,
        client_secret: config.clientSecret!,
        refresh_token: config.refreshToken!,
      });
      const res = await http.request({
        method: 'POST',
        url: tokenUrl,
        body: form,
        timeoutMs,
        signal,
        secrets: [config.clientSecret, config.refreshToken],
        label: 'Google OAuth token endpoint',
      });
      if (res.status < 200 || res.status >= 300) {
        const platformCode = stringField(res.json, 'error') ?? String(res.status);
        const platformMessage = stringField(res.json, 'error_description') ?? `HTTP ${res.status}`;
        const code = statusErrorCode(res.status) ?? 'OMNIFY_ERR_PLATFORM_TRANSIENT';
        const wait = code === 'OMNIFY_ERR_PLATFORM_REJECTED' ? undefined : res.retryAfterMs;
        throw new OmnifyError(
          code,
          `Google OAuth token endpoint answered HTTP ${res.status} (${platformCode}): ${platformMessage}`,
          { platformCode, platformMessage, ...(wait !== undefined ? { retryAfterMs: wait } : {}) },
        );
      }
      const token = stringField(res.json, 'access_token');
      if (!token) {
        throw malformedAnswer('Google OAuth token endpoint', res.status, 'the answer has no access_token');
      }
      const ttl = Number(field(res.json, 'expires_in'));
      const lifetime = Number.isFinite(ttl) && ttl > EXPIRY_MARGIN_S ? ttl - EXPIRY_MARGIN_S : 0;
      cached = { token, expiresAt: now() + lifetime * 1000 };
      return token;
    },
  };
}
