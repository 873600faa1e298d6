import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { createMailer, smtpTarget } from './mailer.ts';
import { startClosingServer, startSmtpSink } from './smtp-sink.fixture.ts';

/** A pino logger whose lines land in `lines` (parsed). */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const log = pino(
    { level: 'trace' },
    {
      write: (l: string) => {
        raw.push(l);
        lines.push(JSON.parse(l));
      },
    },
  );
  return { log, lines, text: () => raw.join('') };
}

const mail = {
  to: 'ann@example.org',
  subject: 'Hello\r\nBcc: evil@example.org',
  text: 'Plain body with a link: https://omnify.example.org/reset-password?token=abc_DEF-123456789012345678901234567890\n',
  html: '<p>HTML body</p>\n',
};

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('mailer', () => {
  it('is off without SMTP_URL: sends nothing, resolves false', async () => {
    const m = createMailer(loadConfig({}));
    expect(m.enabled).toBe(false);
    const { log, lines } = capture();
    expect(await m.send(mail, log)).toBe(false);
    expect(lines).toEqual([]);
  });

  it('reads SMTP_URL and MAIL_FROM, with defaults and validation', () => {
    const c = loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org' });
    expect(c.mailFrom).toBe('Omnify <no-reply@localhost>');
    expect(smtpTarget(c)).toEqual({ host: 'mail.example.org', port: 465, tls: true });
    expect(smtpTarget(loadConfig({ SMTP_URL: 'smtp://mail.example.org' }))).toEqual({
      host: 'mail.example.org',
      port: 587,
      tls: false,
    });
    expect(smtpTarget(loadConfig({}))).toBeUndefined();
    try {
      loadConfig({ SMTP_URL: 'http://user:hunter2-secret@mail.example.org', MAIL_FROM: 'nobody' });
      expect.unreachable();
    } catch (e) {
      const err = e as { code: string; message: string; details: { fields: Array<{ path: string }> } };
      expect(err.code).toBe('OMNIFY_ERR_CONFIG_INVALID');
      expect(err.details.fields.map((f) => f.path).sort()).toEqual(['MAIL_FROM', 'SMTP_URL']);
      expect(JSON.stringify(err.details) + err.message).not.toContain('hunter2-secret');
    }
  });

  it('sends through SMTP with the URL credentials: envelope, headers, both bodies; one-line subject', async () => {
    const pass = 'p@ss:w/rd%secret';
    const sink = await startSmtpSink({ auth: { user: 'mailer@example.org', pass } });
    closers.push(sink.close);
    const m = createMailer(
      loadConfig(
        {},
        {
          smtpUrl: `smtp://${encodeURIComponent('mailer@example.org')}:${encodeURIComponent(pass)}@127.0.0.1:${sink.port}`,
          mailFrom: 'Omnify Test <omnify@example.org>',
        },
      ),
    );
    const { log, lines, text } = capture();
    expect(await m.send(mail, log, { mail: 'test', userId: 'u1' })).toBe(true);
    expect(sink.mails).toHaveLength(1);
    const got = sink.mails[0]!;
    expect(got.user).toBe('mailer@example.org');
    expect(got.envelopeFrom).toBe('omnify@example.org');
    expect(got.envelopeTo).toEqual(['ann@example.org']);
    expect(got.headers.from).toBe('Omnify Test <omnify@example.org>');
    expect(got.headers.to).toBe('ann@example.org');
    expect(got.headers.subject).toBe('Hello Bcc: evil@example.org');
    expect(got.headers.bcc).toBeUndefined();
    expect(got.text).toBe(mail.text);
    expect(got.html).toBe(mail.html);
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, mail: 'test', userId: 'u1', msg: 'e-mail sent' }),
    ]);
    expect(text()).not.toContain('ss:w');
    expect(text()).not.toContain('token=');
    m.close();
  });

  it('sends over TLS from the start with smtps:// (nodemailer options in the query)', async () => {
    const sink = await startSmtpSink({ secure: true });
    closers.push(sink.close);
    const m = createMailer(
      loadConfig({}, { smtpUrl: `smtps://127.0.0.1:${sink.port}?tls.rejectUnauthorized=false` }),
    );
    const { log } = capture();
    expect(await m.send(mail, log)).toBe(true);
    expect(sink.mails.map((x) => x.envelopeTo)).toEqual([['ann@example.org']]);
  });

  it('a refused login resolves false and logs a warning without the password', async () => {
    const sink = await startSmtpSink({ rejectAuth: true });
    closers.push(sink.close);
    const pass = 'Very-Secret-Pass-123';
    const m = createMailer(loadConfig({}, { smtpUrl: `smtp://ops:${pass}@127.0.0.1:${sink.port}` }));
    const { log, lines, text } = capture();
    expect(await m.send(mail, log, { mail: 'test' })).toBe(false);
    expect(sink.mails).toEqual([]);
    expect(sink.authAttempts).toEqual(['ops']);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        mail: 'test',
        msg: 'e-mail not sent: the SMTP server failed',
        smtp: expect.objectContaining({ code: 'EAUTH', responseCode: 535, command: 'AUTH' }),
      }),
    ]);
    const all = text();
    expect(all).not.toContain(pass);
    expect(all).not.toContain(Buffer.from(`\u0000ops\u0000${pass}`).toString('base64'));
    expect(all).not.toContain(Buffer.from(pass).toString('base64'));
    expect(all).not.toContain('token=');
  });

  it('a server that closes the connection resolves false, logged', async () => {
    const dead = await startClosingServer();
    closers.push(dead.close);
    const m = createMailer(
      loadConfig({}, { smtpUrl: `smtp://ops:Another-Secret-99@127.0.0.1:${dead.port}` }),
    );
    const { log, lines, text } = capture();
    expect(await m.send(mail, log)).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'e-mail not sent: the SMTP server failed' });
    expect(text()).not.toContain('Another-Secret-99');
  });

  it('a server that never answers times out after SEND_TIMEOUT_MS', async () => {
    const { createServer } = await import('node:net');
    const open: Array<{ destroy(): void }> = [];
    const silent = createServer((s) => open.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    closers.push(
      () =>
        new Promise<void>((r) => {
          for (const s of open) s.destroy();
          silent.close(() => r());
        }),
    );
    const port = (silent.address() as { port: number }).port;
    const m = createMailer(loadConfig({}, { smtpUrl: `smtp://127.0.0.1:${port}`, sendTimeoutMs: 300 }));
    const { log, lines } = capture();
    const started = Date.now();
    expect(await m.send(mail, log)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines[0]).toMatchObject({ level: 40, smtp: expect.objectContaining({ code: 'ETIMEDOUT' }) });
  });
});
