import { describe, expect, it } from 'vitest';
import { thrownBy } from '../testing/errors.ts';
import {
  createInsightsConnector,
  insightsConnectorSpec,
  maskConnectorSecrets,
  SUPPORTED_AD_PLATFORMS,
  validateInsightsConnectorConfig,
} from './ad-connector-registry.ts';

describe('insights connector registry', () => {
  it('lists both platforms and builds each from a valid config', () => {
    expect(SUPPORTED_AD_PLATFORMS).toEqual(['meta', 'google_ads']);
    expect(createInsightsConnector('meta', { accessToken: 't' }).platform).toBe('meta');
    expect(createInsightsConnector('google_ads', { developerToken: 'd', accessToken: 'a' }).platform).toBe(
      'google_ads',
    );
  });

  it('refuses an unknown platform on /platform', () => {
    const err = thrownBy(() => createInsightsConnector('tiktok', {}));
    expect(err?.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(err?.details.fields).toEqual([{ path: '/platform', message: 'must be one of: meta, google_ads' }]);
  });

  it('reports schema errors with /config paths, one per path', () => {
    const fields = validateInsightsConnectorConfig(
      'meta',
      { accessToken: '', apiVersion: '26', pageSize: 0 },
      '/config',
    );
    expect(fields.map((f) => f.path).sort()).toEqual([
      '/config/accessToken',
      '/config/apiVersion',
      '/config/pageSize',
    ]);
    const g = validateInsightsConnectorConfig(
      'google_ads',
      { developerToken: 'd', customerId: '12-34' },
      '/config',
    );
    expect(g.map((f) => f.path)).toEqual(['/config/customerId']);
  });

  it('applies the Google rule that credentials must be complete', () => {
    const err = thrownBy(() =>
      createInsightsConnector('google_ads', { developerToken: 'd', refreshToken: 'r' }),
    );
    expect(err?.details.fields?.map((f) => f.path)).toEqual(['/config/clientId', '/config/clientSecret']);
  });

  it('declares and masks the secrets', () => {
    expect(insightsConnectorSpec('google_ads').secretFields).toEqual([
      'developerToken',
      'accessToken',
      'clientSecret',
      'refreshToken',
    ]);
    const masked = maskConnectorSecrets('meta', { accessToken: 'EAAB-0123456789', apiVersion: 'v26.0' });
    expect(masked).toEqual({ accessToken: '••••6789', apiVersion: 'v26.0' });
  });
});
