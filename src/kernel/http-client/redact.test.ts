import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactHeaders } from './redact.ts';

describe('redact', () => {
  it('removes known secret values, longest first, ignoring short ones', () => {
    expect(redact('key abcdef and abcdefgh', ['abcdef', 'abcdefgh', 'ab'])).toBe(
      `key ${REDACTED} and ${REDACTED}`,
    );
  });
  it('removes secret shapes without being told the value', () => {
    expect(redact('POST https://api.telegram.org/bot123456:AAE-x_y/sendMessage')).toBe(
      'POST https://api.telegram.org/bot[redacted]/sendMessage',
    );
    expect(redact('Authorization: Bearer eyJhbGciOi.x.y')).toBe('Authorization: [redacted]');
    expect(redact('{"authorization":"Bearer abc"}')).toBe('{"authorization":"[redacted]"}');
    expect(redact('sent bearer sk-abc123 to the API')).toBe('sent bearer [redacted] to the API');
    expect(redact('GET /v26.0/me?fields=id&access_token=EAAB123&limit=5')).toBe(
      'GET /v26.0/me?fields=id&access_token=[redacted]&limit=5',
    );
    expect(redact('grant_type=refresh_token&client_secret=s3&refresh_token=1//x')).toBe(
      'grant_type=refresh_token&client_secret=[redacted]&refresh_token=[redacted]',
    );
    expect(redact('{"access_token": "ya29.a0", "expires_in": 3599}')).toBe(
      '{"access_token": "[redacted]", "expires_in": 3599}',
    );
    expect(redact('https://user:pa55@host/x')).toBe('https://[redacted]@host/x');
  });
  it('leaves ordinary text alone', () => {
    const text = 'POST /100000000000001/messages {"to":"15551230001","text":{"body":"Hi bots"}}';
    expect(redact(text)).toBe(text);
  });
});

describe('redactHeaders', () => {
  it('hides secret headers and redacts the others', () => {
    expect(
      redactHeaders({
        Authorization: 'Bearer x',
        'X-Trace': 'see ?token=abc',
        'content-type': 'application/json',
        skip: undefined,
      }),
    ).toEqual({
      authorization: REDACTED,
      'x-trace': `see ?token=${REDACTED}`,
      'content-type': 'application/json',
    });
  });
});
