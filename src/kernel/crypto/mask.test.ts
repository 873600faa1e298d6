import { describe, expect, it } from 'vitest';
import { signOmnify, verifyOmnify } from '../../integrations/webhook/omnify-signature.ts';
import { maskSecrets } from './mask.ts';

describe('maskSecrets', () => {
  it('keeps the last 4 characters of long secrets only', () => {
    const masked = maskSecrets(
      { accessToken: 'EAAG1234567890abcd', appSecret: 'short', phoneNumberId: '123' },
      ['accessToken', 'appSecret'],
    );
    expect(masked).toEqual({ accessToken: '••••abcd', appSecret: '••••', phoneNumberId: '123' });
  });
});

describe('X-Omnify-Signature', () => {
  const body = Buffer.from('{"type":"message"}');
  it('verifies its own signature within the window only', () => {
    const now = 1_800_000_000;
    const header = signOmnify('s3cret-s3cret-s3cret', body, now);
    expect(verifyOmnify('s3cret-s3cret-s3cret', body, header, 300, now + 299)).toBe(true);
    expect(verifyOmnify('s3cret-s3cret-s3cret', body, header, 300, now + 301)).toBe(false);
    expect(verifyOmnify('other-secret-value', body, header, 300, now)).toBe(false);
    expect(verifyOmnify('s3cret-s3cret-s3cret', Buffer.from('{}'), header, 300, now)).toBe(false);
    expect(verifyOmnify('s3cret-s3cret-s3cret', body, undefined)).toBe(false);
  });
});
