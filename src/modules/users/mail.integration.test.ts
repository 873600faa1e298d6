import { type AddressInfo, connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../kernel/mail/smtp-sink.fixture.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import { RESET_MAILS_PER_EMAIL } from './auth.routes.ts';
import { type Answer, browserCall, type Session, sessionOf, signIn } from './test-session.ts';

/**
 * Password-reset and invitation e-mails through a real SMTP server on 127.0.0.1 (smtp-server):
 * the exact mails, their links followed through the API, and that a failing mail server changes
 * no answer and logs no secret (docs/access.md).
 */

const SMTP_USER = 'omnify-mailer';
const SMTP_PASS = 'smtp-Pass:word/42%';
const FROM = 'Omnify Test <omnify@example.org>';
const PUBLIC = 'https://omnify.example.org';

/** What a client sees of an answer: status, body, content type. */
const answerOf = (r: Answer) => ({ status: r.status, json: r.json, type: r.headers.get('content-type') });

/** Captured log lines of a server (level debug and up). */
function logSink() {
  const lines: string[] = [];
  return {
    lines,
    logTo: { level: 'debug', write: (l: string) => void lines.push(l) },
    text: () => lines.join(''),
  };
}

describe('e-mail through SMTP', () => {
  let omnify: TestOmnify;
  let sink: SmtpSink;
  let owner: Session;
  const logs = logSink();
  const api = (s: Session | null, method: string, path: string, body?: unknown) =>
    browserCall(omnify.url, s, method, `/api/v1${path}`, body);
  const mailsTo = (address: string) => sink.mails.filter((m) => m.envelopeTo.includes(address));

  beforeAll(async () => {
    sink = await startSmtpSink({ auth: { user: SMTP_USER, pass: SMTP_PASS } });
    omnify = await startTestOmnify(
      'pglite',
      {
        workers: false,
        intelSchedule: 'off',
        authFailuresPerMinute: 1000,
        publicUrl: PUBLIC,
        smtpUrl: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${sink.port}`,
        mailFrom: FROM,
      },
      logs.logTo,
    );
    const setup = await api(null, 'POST', '/setup', {
      name: 'Olive Owner',
      email: 'olive@example.org',
      password: 'owner-password-1',
      workspaceName: 'Acme & Co',
    });
    expect(setup.status).toBe(201);
    owner = sessionOf(setup);
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await sink?.close();
  });

  it('e-mails an invitation: the exact mail, the answer says so, the link joins', async () => {
    const r = await api(owner, 'POST', '/invitations', { email: 'ann@example.org', role: 'agent' });
    expect(r.status).toBe(201);
    const url = `${PUBLIC}/invite/${r.json.token}`;
    expect(r.json).toMatchObject({ email: 'ann@example.org', role: 'agent', url, emailed: true });

    const [mail, ...more] = mailsTo('ann@example.org');
    expect(more).toEqual([]);
    expect(mail!.user).toBe(SMTP_USER);
    expect(mail!.envelopeFrom).toBe('omnify@example.org');
    expect(mail!.envelopeTo).toEqual(['ann@example.org']);
    expect(mail!.headers.from).toBe(FROM);
    expect(mail!.headers.to).toBe('ann@example.org');
    expect(mail!.headers.subject).toBe('You are invited to Acme & Co on Omnify');
    expect(mail!.text).toBe(
      [
        'Hello,',
        '',
        'Olive Owner invited you to join the workspace "Acme & Co" on Omnify as agent.',
        '',
        'To accept, open this link. It is valid for 7 days and works once:',
        '',
        url,
        '',
        'If you do not want to join, you can ignore this e-mail.',
        '',
      ].join('\n'),
    );
    expect(mail!.html).toContain(`<a href="${url}">${url}</a>`);
    expect(mail!.html).toContain('&quot;Acme &amp; Co&quot;');

    // The link's token, as the invitee's browser would take it from the mail.
    const token = /\/invite\/(\S+)$/m.exec(mail!.text)![1]!;
    const ok = await api(null, 'POST', '/invitations/accept', {
      token,
      name: 'Ann',
      password: 'ann-password-1',
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ user: { email: 'ann@example.org' }, role: 'agent' });
  });

  it('an API key invites on behalf of the workspace', async () => {
    const made = await fetch(`${omnify.url}/api/v1/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bob@example.org', role: 'viewer' }),
    });
    expect(made.status).toBe(201);
    expect(((await made.json()) as { emailed: boolean }).emailed).toBe(true);
    expect(mailsTo('bob@example.org').map((m) => m.text.split('\n')[2])).toEqual([
      'A workspace administrator invited you to join the workspace "Acme & Co" on Omnify as viewer.',
    ]);
  });

  it('e-mails a password-reset link (same answer as an unknown e-mail); the link sets a new password', async () => {
    const known = await api(null, 'POST', '/auth/password-reset', { email: 'OLIVE@example.org' });
    const unknown = await api(null, 'POST', '/auth/password-reset', { email: 'nobody@example.org' });
    expect(answerOf(known)).toEqual({
      status: 202,
      json: { delivery: 'email' },
      type: 'application/json; charset=utf-8',
    });
    expect(answerOf(unknown)).toEqual(answerOf(known));

    const mail = await omnify.until('the reset mail', async () => mailsTo('olive@example.org')[0]);
    expect(mailsTo('nobody@example.org')).toEqual([]);
    expect(mail.envelopeFrom).toBe('omnify@example.org');
    expect(mail.headers.from).toBe(FROM);
    expect(mail.headers.to).toBe('olive@example.org');
    expect(mail.headers.subject).toBe('Reset your Omnify password');
    const link = /^https:\/\/omnify\.example\.org\/reset-password\?token=(\S+)$/m.exec(mail.text);
    expect(link).not.toBeNull();
    expect(mail.text).toBe(
      [
        'Hello Olive Owner,',
        '',
        'Someone asked to reset the password of the Omnify account olive@example.org. To choose a new password, open this link. It is valid for 1 hour and works once:',
        '',
        link![0],
        '',
        'If you did not ask for this, you can ignore this e-mail: your password stays as it is.',
        '',
      ].join('\n'),
    );
    expect(mail.html).toContain(`<a href="${link![0]}">${link![0]}</a>`);

    const set = await api(null, 'POST', '/auth/password-reset/confirm', {
      token: link![1],
      password: 'new-owner-password-2',
    });
    expect(set.status).toBe(204);
    const again = await api(null, 'POST', '/auth/password-reset/confirm', {
      token: link![1],
      password: 'third-password-3',
    });
    expect(again.status).toBe(400);
    await signIn(omnify.url, 'olive@example.org', 'new-owner-password-2');
    const old = await api(null, 'POST', '/auth/login', {
      email: 'olive@example.org',
      password: 'owner-password-1',
    });
    expect(old.status).toBe(401);
  });

  it(`sends at most ${RESET_MAILS_PER_EMAIL} reset e-mails per address per hour, answering 202 all the same`, async () => {
    const email = 'ann@example.org';
    for (let i = 0; i < RESET_MAILS_PER_EMAIL + 2; i++) {
      const r = await api(null, 'POST', '/auth/password-reset', { email });
      expect(r.status).toBe(202);
    }
    await omnify.until('the capped mails', async () =>
      logs.lines.filter((l) => l.includes('too many for this address')).length === 2 ? true : undefined,
    );
    await omnify.until(
      'the reset mails',
      async () =>
        mailsTo(email).filter((m) => m.headers.subject === 'Reset your Omnify password').length ===
        RESET_MAILS_PER_EMAIL,
    );
  });

  it('logs no SMTP password and no link token', () => {
    const all = logs.text();
    expect(all).toContain('e-mail sent');
    expect(all).not.toContain(SMTP_PASS);
    expect(all).not.toContain(encodeURIComponent(SMTP_PASS));
    expect(all).not.toContain('token=');
    for (const m of sink.mails) {
      const token = /(?:invite\/|token=)(\S+)$/m.exec(m.text)![1]!;
      expect(all).not.toContain(token);
    }
  });
});

describe('an SMTP server that refuses the login or closes the connection', () => {
  let omnify: TestOmnify;
  let refusing: SmtpSink;
  let front: Server;
  let owner: Session;
  /** What the mail server at SMTP_URL does now: refuse the login, or close every connection. */
  let mode: 'refuse' | 'close' = 'refuse';
  const pass = 'Secret-smtp-pass-987';
  const logs = logSink();
  const api = (s: Session | null, method: string, path: string, body?: unknown) =>
    browserCall(omnify.url, s, method, `/api/v1${path}`, body);

  beforeAll(async () => {
    refusing = await startSmtpSink({ rejectAuth: true });
    // SMTP_URL's server: passes connections to the refusing server, or closes them at once.
    front = createServer((socket) => {
      if (mode === 'close') return socket.destroy();
      const back = connect(refusing.port, '127.0.0.1');
      socket.pipe(back).pipe(socket);
      socket.on('error', () => back.destroy());
      back.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
    omnify = await startTestOmnify(
      'pglite',
      {
        workers: false,
        intelSchedule: 'off',
        authFailuresPerMinute: 1000,
        smtpUrl: `smtp://ops:${pass}@127.0.0.1:${(front.address() as AddressInfo).port}`,
      },
      logs.logTo,
    );
    owner = sessionOf(
      await api(null, 'POST', '/setup', {
        name: 'Olive',
        email: 'olive@example.org',
        password: 'owner-password-1',
        workspaceName: 'A',
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    front?.close();
    await refusing?.close();
  });

  it.each(['refuse', 'close'] as const)(
    'changes no answer and logs the failure without the password (%s)',
    async (what) => {
      mode = what;
      const failures = () =>
        logs.lines
          .filter((l) => l.includes('e-mail not sent'))
          .map((l) => JSON.parse(l) as { mail: string; level: number; smtp: { code?: string } });
      const before = failures().length;
      const known = await api(null, 'POST', '/auth/password-reset', { email: 'olive@example.org' });
      const unknown = await api(null, 'POST', '/auth/password-reset', { email: 'nobody@example.org' });
      expect(answerOf(known)).toEqual({
        status: 202,
        json: { delivery: 'email' },
        type: 'application/json; charset=utf-8',
      });
      expect(answerOf(unknown)).toEqual(answerOf(known));

      const inv = await api(owner, 'POST', '/invitations', {
        email: `ann-${what}@example.org`,
        role: 'agent',
      });
      expect(inv.status).toBe(201);
      expect(inv.json).toMatchObject({
        email: `ann-${what}@example.org`,
        role: 'agent',
        url: `${omnify.url}/invite/${inv.json.token}`,
        emailed: false,
      });
      // The invitation stands: its link still works.
      const look = await api(null, 'GET', `/invitations/lookup?token=${inv.json.token}`);
      expect(look.status).toBe(200);

      await omnify.until('both failures logged', async () =>
        failures().length === before + 2 ? true : undefined,
      );
      const now = failures().slice(before);
      expect(now.map((f) => [f.mail, f.level]).sort()).toEqual([
        ['invitation', 40],
        ['password-reset', 40],
      ]);
      if (what === 'refuse') expect(now.map((f) => f.smtp.code)).toEqual(['EAUTH', 'EAUTH']);
      expect(refusing.mails).toEqual([]);
      const all = logs.text();
      expect(all).not.toContain(pass);
      expect(all).not.toContain(Buffer.from(`\u0000ops\u0000${pass}`).toString('base64'));
      expect(all).not.toContain(inv.json.token);
      expect(all).not.toContain('token=');
    },
  );
});
