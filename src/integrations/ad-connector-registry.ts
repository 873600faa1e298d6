import './contract/formats.ts';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { maskSecrets } from '../kernel/crypto/mask.ts';
import { type FieldError, OmnifyError } from '../kernel/errors/catalog.ts';
import type { HttpClient } from '../kernel/http-client/client.ts';
import type { AdInsightsConnector, AdPlatform } from './contract/ad-connector.ts';
import {
  type GoogleAdsInsightsConfig,
  GoogleAdsInsightsConfigSchema,
  googleAdsConfigProblems,
} from './google-ads/google-ads.config.ts';
import { createGoogleAdsInsightsConnector } from './google-ads/google-ads.connector.ts';
import { MetaInsightsConfigSchema } from './meta-ads/meta.config.ts';
import { createMetaInsightsConnector } from './meta-ads/meta.connector.ts';

/** What the API needs to store and build a connector of one platform. */
export interface InsightsConnectorSpec {
  platform: AdPlatform;
  /** TypeBox (JSON Schema) of the platform's config; also usable in the OpenAPI document. */
  configSchema: TSchema;
  /** Config fields that are secrets: never returned in full, never logged. */
  secretFields: readonly string[];
  /** Rules beyond the schema; field paths relative to the config. */
  extraProblems?(config: unknown): FieldError[];
  /** Config fields holding outbound URLs the user chose (checked against SSRF when saved). */
  urlFields: readonly string[];
  /** Builds the connector from a config that passed the schema and `extraProblems`; calls go through `http` (default: private addresses refused). */
  create(config: unknown, http?: HttpClient): AdInsightsConnector;
}

/** The connectors this build supports. Adding a platform = one folder + one entry here. */
const SPECS: Record<AdPlatform, InsightsConnectorSpec> = {
  meta: {
    platform: 'meta',
    configSchema: MetaInsightsConfigSchema,
    secretFields: ['accessToken'],
    urlFields: ['apiBaseUrl'],
    create: (config, http) => createMetaInsightsConnector(config as never, http),
  },
  google_ads: {
    platform: 'google_ads',
    configSchema: GoogleAdsInsightsConfigSchema,
    secretFields: ['developerToken', 'accessToken', 'clientSecret', 'refreshToken'],
    urlFields: ['apiBaseUrl', 'tokenUrl'],
    extraProblems: (config) => googleAdsConfigProblems(config as GoogleAdsInsightsConfig),
    create: (config, http) => createGoogleAdsInsightsConnector(config as never, http),
  },
};

/** Platforms with an insights connector. */
export const SUPPORTED_AD_PLATFORMS = Object.keys(SPECS) as AdPlatform[];

/**
 * The spec of `platform`.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` (path `/platform`) when the platform has no connector.
 */
export function insightsConnectorSpec(platform: string): InsightsConnectorSpec {
  const spec = SPECS[platform as AdPlatform];
  if (!spec) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Ad platform "${platform}" has no insights connector.`, {
      fields: [{ path: '/platform', message: `must be one of: ${SUPPORTED_AD_PLATFORMS.join(', ')}` }],
    });
  }
  return spec;
}

/**
 * Field errors of `config` for `platform`: the schema's (TypeBox `Value.Errors`, first per path) then
 * the platform's extra rules, each path prefixed with `pathPrefix` (e.g. `/config`). Empty when valid.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when the platform is unknown.
 */
export function validateInsightsConnectorConfig(
  platform: string,
  config: unknown,
  pathPrefix = '',
): FieldError[] {
  const spec = insightsConnectorSpec(platform);
  const fields: FieldError[] = [];
  if (!Value.Check(spec.configSchema, config)) {
    const seen = new Set<string>();
    for (const e of Value.Errors(spec.configSchema, config)) {
      const path = `${pathPrefix}${e.path}` || '/';
      if (seen.has(path)) continue;
      seen.add(path);
      fields.push({ path, message: e.message });
    }
    return fields;
  }
  for (const f of spec.extraProblems?.(config) ?? [])
    fields.push({ path: `${pathPrefix}${f.path}`, message: f.message });
  return fields;
}

/**
 * Builds the insights connector of `platform` from an untrusted `config` (e.g. a stored or posted
 * one). Nothing is called on the platform until the connector is used.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` with `details.fields` (`/platform`, or config paths
 *   prefixed with `options.pathPrefix`, default `/config`).
 */
export function createInsightsConnector(
  platform: string,
  config: unknown,
  options: { pathPrefix?: string; http?: HttpClient } = {},
): AdInsightsConnector {
  const fields = validateInsightsConnectorConfig(platform, config, options.pathPrefix ?? '/config');
  if (fields.length > 0) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `The ${platform} connector config is invalid.`, {
      fields,
    });
  }
  return insightsConnectorSpec(platform).create(config, options.http);
}

/** `config` with the platform's secret fields masked (`core/secrets.ts#maskSecrets`), for API answers. */
export function maskConnectorSecrets(
  platform: string,
  config: Record<string, unknown>,
): Record<string, unknown> {
  return maskSecrets(config, insightsConnectorSpec(platform).secretFields);
}
