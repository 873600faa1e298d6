import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { createGoogleAdsInsightsConnector } from '../google-ads/google-ads.connector.ts';
import { createMetaInsightsConnector } from '../meta-ads/meta.connector.ts';

/** The fake APIs listen on 127.0.0.1: private addresses allowed, as OMNIFY_ALLOW_PRIVATE_URLS does. */
const http = createHttpClient({ allowPrivateUrls: true });

describe('pausing and resuming an ad on the platform', () => {
  const api = new RecordingServer(() => ({ status: 500, body: {} }));
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('Meta: reads the status, then POST /{ad-id} {status}', async () => {
    const meta = createMetaInsightsConnector({ accessToken: 'EAAB-token', apiBaseUrl: api.baseUrl }, http);
    const seen = api.requests.length;
    api.enqueue(
      { status: 200, body: { id: '120210000001001', status: 'ACTIVE' } },
      { status: 200, body: { success: true } },
    );
    expect(await meta.setAdStatus({ adId: '120210000001001', status: 'paused' })).toEqual({
      previousStatus: 'active',
    });
    const [read, write] = api.requests.slice(seen);
    expect(read.method).toBe('GET');
    expect(read.url).toBe('/v26.0/120210000001001?fields=status');
    expect([write.method, write.url, write.json]).toEqual([
      'POST',
      '/v26.0/120210000001001',
      { status: 'PAUSED' },
    ]);
    expect(write.headers.authorization).toBe('Bearer EAAB-token');
    const bad = await rejectionOf(meta.setAdStatus({ adId: 'x1', status: 'paused' }));
    expect(bad).toMatchObject({ code: 'OMNIFY_ERR_VALIDATION' });
  });

  it('Google Ads: adGroupAds:mutate with update_mask status on adGroupId~adId', async () => {
    const google = createGoogleAdsInsightsConnector(
      {
        developerToken: 'dev-token',
        accessToken: 'ya29.token',
        customerId: '1234567890',
        apiBaseUrl: api.baseUrl,
      },
      http,
    );
    const seen = api.requests.length;
    const name = 'customers/1234567890/adGroupAds/555~777';
    api.enqueue({ status: 200, body: { results: [{ resourceName: name }] } });
    expect(await google.setAdStatus({ adId: '777', adSetId: '555', status: 'active' })).toEqual({});
    const [req] = api.requests.slice(seen);
    expect(req.url).toMatch(/\/customers\/1234567890\/adGroupAds:mutate$/);
    expect(req.json).toEqual({
      operations: [{ update: { resourceName: name, status: 'ENABLED' }, updateMask: 'status' }],
    });
    expect(req.headers['developer-token']).toBe('dev-token');
    const noGroup = await rejectionOf(google.setAdStatus({ adId: '777', status: 'paused' }));
    expect(noGroup).toMatchObject({ code: 'OMNIFY_ERR_VALIDATION' });
  });
});
