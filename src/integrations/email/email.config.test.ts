import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../testing/errors.ts';
import { normalizeEmailConfig } from './email.config.ts';

describe("an e-mail channel's config in the nested shape", () => {
  it('becomes the flat config, nested fields over flat ones of the same meaning', () => {
    expect(
      normalizeEmailConfig({
        from: 'Acme <support@acme.example>',
        smtpPort: 25,
        smtp: { host: 'smtp.acme.example', port: 465, secure: true, user: 'support', pass: 's3cret' },
        imap: { host: 'imap.acme.example', mailbox: 'Support' },
        inboundSecret: 'x'.repeat(16),
      }),
    ).toEqual({
      from: 'Acme <support@acme.example>',
      smtpHost: 'smtp.acme.example',
      smtpPort: 465,
      smtpSecure: true,
      smtpUser: 'support',
      smtpPass: 's3cret',
      imapHost: 'imap.acme.example',
      imapMailbox: 'Support',
      inboundSecret: 'x'.repeat(16),
    });
  });

  it('leaves a flat config, and anything that is not an object, as it is', () => {
    const flat = { from: 'a@b.example', smtpHost: 'h' };
    expect(normalizeEmailConfig(flat)).toBe(flat);
    expect(normalizeEmailConfig(null)).toBeNull();
    expect(normalizeEmailConfig([1])).toEqual([1]);
  });

  it('refuses a server that is not an object, or a nested field that does not exist, naming it', async () => {
    const notObject = await rejectionOf(Promise.resolve().then(() => normalizeEmailConfig({ smtp: 'h' })));
    expect(notObject).toMatchObject({
      code: 'OMNIFY_ERR_VALIDATION',
      details: { fields: [{ path: '/config/smtp' }] },
    });
    const typo = await rejectionOf(
      Promise.resolve().then(() => normalizeEmailConfig({ imap: { hots: 'h' } })),
    );
    expect(typo).toMatchObject({ details: { fields: [{ path: '/config/imap/hots' }] } });
  });
});
