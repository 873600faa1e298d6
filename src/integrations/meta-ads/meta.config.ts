import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import type { InsightsLevel } from '../contract/ad-connector.ts';

/** The Graph API host the connector calls when the config names none. */
export const META_DEFAULT_API_BASE_URL = 'https://graph.facebook.com';
/** Graph / Marketing API version used when the config names none (latest in the Graph API changelog, Nov 2026). */
export const META_DEFAULT_API_VERSION = 'v26.0';
/** Default per-request timeout in ms: insights queries over many ads and days are slow. */
export const META_DEFAULT_TIMEOUT_MS = 60_000;
/** Default `limit` (rows per page) of an insights request. */
export const META_DEFAULT_PAGE_SIZE = 500;
/**
 * Default conversion action types, in priority order: the first one a row carries is used (mode
 * `first`), so overlapping types (`omni_purchase` includes the pixel's purchases) are never added up.
 */
export const META_DEFAULT_CONVERSION_ACTION_TYPES = [
  'omni_purchase',
  'purchase',
  'offsite_conversion.fb_pixel_purchase',
] as const;

/**
 * Config of a Meta Marketing API insights connector: a system-user access token with `ads_read`
 * (and `ads_management` to change budgets), the API version and host (overridable for tests and
 * sandboxes), a timeout, the page size, the reporting level, and which `actions[].action_type`
 * values count as conversions (their `action_values[]` are the revenue).
 */
export const MetaInsightsConfigSchema = Type.Object({
  accessToken: Type.String({
    minLength: 1,
    description: 'System-user access token (ads_read, ads_management)',
  }),
  apiVersion: Type.Optional(
    Type.String({
      pattern: '^v\\d+\\.\\d+$',
      description: `Graph API version; default ${META_DEFAULT_API_VERSION}`,
    }),
  ),
  apiBaseUrl: Type.Optional(
    Type.String({ format: 'uri', description: `Graph API host; default ${META_DEFAULT_API_BASE_URL}` }),
  ),
  timeoutMs: Type.Optional(
    Type.Integer({ minimum: 100, maximum: 600_000, description: 'Per-request timeout, ms' }),
  ),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, description: 'Insights rows per page' })),
  level: Type.Optional(
    Type.Union([Type.Literal('ad'), Type.Literal('ad_set'), Type.Literal('campaign')], {
      description: 'Row granularity; default ad',
    }),
  ),
  conversionActionTypes: Type.Optional(
    Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      description: 'actions[].action_type values counted as conversions, in priority order',
    }),
  ),
  conversionActionMode: Type.Optional(
    Type.Union([Type.Literal('first'), Type.Literal('sum')], {
      description: 'first: the first listed type present in a row; sum: add all listed types',
    }),
  ),
});

export type MetaInsightsConfig = Static<typeof MetaInsightsConfigSchema>;

/** The config with every default filled in. */
export interface ResolvedMetaConfig {
  accessToken: string;
  /** `{apiBaseUrl}/{apiVersion}`, no trailing slash. */
  graphUrl: string;
  timeoutMs: number;
  pageSize: number;
  level: InsightsLevel;
  conversionActionTypes: readonly string[];
  conversionActionMode: 'first' | 'sum';
}

/** Fills the defaults of `config` (assumed valid against `MetaInsightsConfigSchema`). */
export function resolveMetaConfig(config: MetaInsightsConfig): ResolvedMetaConfig {
  const base = (config.apiBaseUrl ?? META_DEFAULT_API_BASE_URL).replace(/\/+$/, '');
  return {
    accessToken: config.accessToken,
    graphUrl: `${base}/${config.apiVersion ?? META_DEFAULT_API_VERSION}`,
    timeoutMs: config.timeoutMs ?? META_DEFAULT_TIMEOUT_MS,
    pageSize: config.pageSize ?? META_DEFAULT_PAGE_SIZE,
    level: config.level ?? 'ad',
    conversionActionTypes: config.conversionActionTypes ?? META_DEFAULT_CONVERSION_ACTION_TYPES,
    conversionActionMode: config.conversionActionMode ?? 'first',
  };
}
