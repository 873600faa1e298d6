import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';

/*
 * The channels API takes an e-mail channel's settings grouped as mail clients show them (`smtp: {…}`,
 * `imap: {…}`) as well as flat; it stores and answers the flat config, secrets masked.
 */

const PASS = 'nested-smtp-password-42';

describe.each(testBackends())('e-mail channel config on %s', (backend) => {
  let omnify: TestOmnify;
  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
  }, 60_000);
  afterAll(() => omnify?.close());

  it('connects a channel from the nested shape, and a PATCH of one nested field keeps the password', async () => {
    const created = await omnify.api('POST', '/api/v1/channels', {
      platform: 'email',
      name: 'Support mail',
      config: {
        from: 'Acme Support <support@acme.example>',
        smtp: { host: 'smtp.acme.example', port: 587, user: 'support@acme.example', pass: PASS },
        imap: { host: 'imap.acme.example' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.config).toMatchObject({
      smtpHost: 'smtp.acme.example',
      smtpPort: 587,
      smtpUser: 'support@acme.example',
      imapHost: 'imap.acme.example',
    });
    expect(created.json.config.smtp).toBeUndefined();
    expect(JSON.stringify(created.json)).not.toContain(PASS);

    const id = created.json.id as string;
    const patched = await omnify.api('PATCH', `/api/v1/channels/${id}`, { config: { smtp: { port: 2525 } } });
    expect(patched.status).toBe(200);
    const stored = await omnify.db.query<{ config: unknown }>('SELECT config FROM channels WHERE id = $1', [
      id,
    ]);
    expect(JSON.stringify(stored.rows[0]!.config)).not.toContain(PASS); // sealed at rest
    expect(patched.json.config).toMatchObject({ smtpHost: 'smtp.acme.example', smtpPort: 2525 });
    expect(patched.json.config.smtpPass).toBeTruthy();

    const bad = await omnify.api('POST', '/api/v1/channels', {
      platform: 'email',
      config: { from: 'a@acme.example', smtp: { host: 'smtp.acme.example', hots: 'x' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({
      code: 'OMNIFY_ERR_VALIDATION',
      details: { fields: [{ path: '/config/smtp/hots' }] },
    });
  });
});
