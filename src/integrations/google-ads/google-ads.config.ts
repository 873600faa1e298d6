import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import type { FieldError } from '../../kernel/errors/catalog.ts';
import type { InsightsLevel } from '../contract/ad-connector.ts';

/** The Google Ads API host the connector calls when the config names none. */
export const GOOGLE_ADS_DEFAULT_API_BASE_URL = 'https://googleads.googleapis.com';
/** API version used when the config names none (latest major in the Google Ads API release notes, Nov 2026). */
export const GOOGLE_ADS_DEFAULT_API_VERSION = 'v26';
/** Google's OAuth 2.0 token endpoint (refresh-token grant, RFC 6749 §6). */
export const GOOGLE_OAUTH_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** Default per-request timeout in ms (a search stream over a large account takes a while). */
export const GOOGLE_ADS_DEFAULT_TIMEOUT_MS = 120_000;

const CUSTOMER_ID = '^\\d{3}-?\\d{3}-?\\d{4}$';

/**
 * Config of a Google Ads API insights connector: the developer token, OAuth 2.0 credentials (an
 * access token, or a client id + secret + refresh token that the connector exchanges for access
 * tokens itself), the manager account to log in through (`login-customer-id`), a default customer
 * for budget calls, the API version and host (overridable for tests and sandboxes), a timeout and the
 * reporting level.
 */
export const GoogleAdsInsightsConfigSchema = Type.Object({
  developerToken: Type.String({ minLength: 1, description: 'Google Ads API developer token' }),
  accessToken: Type.Optional(Type.String({ minLength: 1, description: 'OAuth 2.0 access token (expires)' })),
  clientId: Type.Optional(Type.String({ minLength: 1, description: 'OAuth 2.0 client id' })),
  clientSecret: Type.Optional(Type.String({ minLength: 1, description: 'OAuth 2.0 client secret' })),
  refreshToken: Type.Optional(
    Type.String({ minLength: 1, description: 'OAuth 2.0 refresh token (adwords scope)' }),
  ),
  tokenUrl: Type.Optional(
    Type.String({ format: 'uri', description: `Token endpoint; default ${GOOGLE_OAUTH_TOKEN_URL}` }),
  ),
  loginCustomerId: Type.Optional(
    Type.String({ pattern: CUSTOMER_ID, description: 'Manager account id sent as login-customer-id' }),
  ),
  customerId: Type.Optional(
    Type.String({ pattern: CUSTOMER_ID, description: 'Default customer for budget calls' }),
  ),
  apiVersion: Type.Optional(
    Type.String({
      pattern: '^v\\d+$',
      description: `Google Ads API version; default ${GOOGLE_ADS_DEFAULT_API_VERSION}`,
    }),
  ),
  apiBaseUrl: Type.Optional(
    Type.String({ format: 'uri', description: `API host; default ${GOOGLE_ADS_DEFAULT_API_BASE_URL}` }),
  ),
  timeoutMs: Type.Optional(
    Type.Integer({ minimum: 100, maximum: 600_000, description: 'Per-request timeout, ms' }),
  ),
  level: Type.Optional(
    Type.Union([Type.Literal('ad'), Type.Literal('ad_set'), Type.Literal('campaign')], {
      description: 'Row granularity (ad_set = ad group); default ad',
    }),
  ),
});

export type GoogleAdsInsightsConfig = Static<typeof GoogleAdsInsightsConfigSchema>;

/**
 * Rules the schema cannot say: credentials are an access token or all three of client id, client
 * secret and refresh token. Paths are JSON pointers into the config. Empty when fine.
 */
export function googleAdsConfigProblems(config: GoogleAdsInsightsConfig): FieldError[] {
  if (config.accessToken) return [];
  const missing = (['clientId', 'clientSecret', 'refreshToken'] as const).filter((k) => !config[k]);
  if (missing.length === 0) return [];
  return missing.map((k) => ({
    path: `/${k}`,
    message: 'required unless accessToken is given (OAuth 2.0 refresh-token credentials)',
  }));
}

/** `123-456-7890` → `1234567890`. */
export function canonicalCustomerId(raw: string): string | undefined {
  return new RegExp(CUSTOMER_ID).test(raw) ? raw.replace(/-/g, '') : undefined;
}

/** The config with defaults filled in. */
export interface ResolvedGoogleAdsConfig {
  developerToken: string;
  /** `{apiBaseUrl}/{apiVersion}`, no trailing slash. */
  apiUrl: string;
  loginCustomerId?: string;
  customerId?: string;
  timeoutMs: number;
  level: InsightsLevel;
  tokenUrl: string;
}

/** Fills the defaults of `config` (assumed valid). */
export function resolveGoogleAdsConfig(config: GoogleAdsInsightsConfig): ResolvedGoogleAdsConfig {
  const base = (config.apiBaseUrl ?? GOOGLE_ADS_DEFAULT_API_BASE_URL).replace(/\/+$/, '');
  return {
    developerToken: config.developerToken,
    apiUrl: `${base}/${config.apiVersion ?? GOOGLE_ADS_DEFAULT_API_VERSION}`,
    ...(config.loginCustomerId ? { loginCustomerId: canonicalCustomerId(config.loginCustomerId) } : {}),
    ...(config.customerId ? { customerId: canonicalCustomerId(config.customerId) } : {}),
    timeoutMs: config.timeoutMs ?? GOOGLE_ADS_DEFAULT_TIMEOUT_MS,
    level: config.level ?? 'ad',
    tokenUrl: config.tokenUrl ?? GOOGLE_OAUTH_TOKEN_URL,
  };
}
