import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { listFixtures, SHARED_PAYLOADS_DIR, sharedSkipReason } from '../../testing/fixtures.ts';
import { type ImapTestServer, imapSkipReason, startImapServer } from '../../testing/imap-server.ts';
import type { ReceiverContext } from '../contract/channel-adapter.ts';
import type { CarriedFiles, InboundMessage } from '../contract/message.ts';
import { sampleFile } from '../sandbox/media.emulator.ts';
import { createEmailAdapter } from './email.adapter.ts';
import type { EmailConfig } from './email.config.ts';
import type { EmailEnvelope } from './email.envelope.ts';
import { AUTO_REPLY, config as base, ECHO, FIRST, NOW_MS } from './email.fixtures.ts';

/*
 * The IMAP receiving loop against a real IMAP server (Dovecot, started per file on 127.0.0.1; the
 * tests skip with a message when it is not installed): IDLE and the polling fallback, `\Seen` only
 * after `deliver` resolved, redelivery after a failed delivery, reconnecting, unusable configs, and
 * the real messages of ../shared/fixtures/payloads/email delivered and parsed. The host that runs the
 * loop per channel is the inbox module's; here `deliver` collects bodies and runs `parse` on them.
 * No database is used: the file is an integration test because it needs the external server.
 */

const USER = 'support@acme.example';
const PASS = 'imap-pass-5678';
const skip = imapSkipReason();
if (skip) console.warn(`[email imap] ${skip}`);
const sharedSkip = sharedSkipReason();

/** A receiver context that collects delivered bodies; `fail` makes the next deliveries reject. */
function receiver() {
  const abort = new AbortController();
  const bodies: EmailEnvelope[] = [];
  const files: (CarriedFiles | undefined)[] = [];
  const logs: { level: string; msg: string; data?: object }[] = [];
  let failures = 0;
  const ctx: ReceiverContext = {
    signal: abort.signal,
    http: createHttpClient({ allowPrivateUrls: true }),
    log: {
      info: (msg, data) => void logs.push({ level: 'info', msg, data }),
      warn: (msg, data) => void logs.push({ level: 'warn', msg, data }),
    },
    async deliver(body, carried) {
      if (failures > 0) {
        failures--;
        throw new Error('database unavailable');
      }
      bodies.push(body as EmailEnvelope);
      files.push(carried);
    },
  };
  const until = async <T>(what: string, fn: () => T | undefined, timeoutMs = 15_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; logs: ${JSON.stringify(logs)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    ctx,
    abort,
    bodies,
    files,
    logs,
    until,
    failNext: (n: number) => {
      failures = n;
    },
  };
}

/** Polls `fn` until it returns true (10 s at most). */
async function eventually(what: string, fn: () => Promise<boolean | undefined>) {
  const deadline = Date.now() + 10_000;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(skip !== undefined)('receiving e-mail over IMAP (Dovecot)', () => {
  let idleServer: ImapTestServer;
  let pollServer: ImapTestServer;
  const configFor = (s: ImapTestServer): EmailConfig => ({
    ...base,
    imapHost: s.host,
    imapPort: s.port,
    imapSecure: false,
    imapUser: USER,
    imapPass: PASS,
  });
  const adapter = createEmailAdapter({
    now: () => NOW_MS,
    allowPrivate: () => true,
    imap: {
      pollIntervalMs: 300,
      idleRefreshMs: 5_000,
      backoffBaseMs: 100,
      backoffMaxMs: 400,
      timeoutMs: 5_000,
    },
  });
  /** A second client, as a mail server's delivery would add mail: APPEND, and flag reads. */
  const mailbox = async (s: ImapTestServer) => {
    const c = new ImapFlow({
      host: s.host,
      port: s.port,
      secure: false,
      auth: { user: USER, pass: PASS },
      logger: false,
    });
    await c.connect();
    return c;
  };
  const seenFlags = async (s: ImapTestServer) => {
    const c = await mailbox(s);
    const lock = await c.getMailboxLock('INBOX');
    const out: Record<string, boolean> = {};
    try {
      for await (const m of c.fetch('1:*', { envelope: true, flags: true })) {
        out[m.envelope?.messageId ?? String(m.uid)] = m.flags?.has('\\Seen') ?? false;
      }
    } finally {
      lock.release();
      await c.logout();
    }
    return out;
  };
  const append = async (s: ImapTestServer, ...raws: (string | Buffer)[]) => {
    const c = await mailbox(s);
    for (const raw of raws) await c.append('INBOX', raw);
    await c.logout();
  };

  beforeAll(async () => {
    idleServer = await startImapServer({ users: [{ user: USER, pass: PASS }] });
    pollServer = await startImapServer({ users: [{ user: USER, pass: PASS }], idle: false });
  });
  afterAll(async () => {
    await idleServer?.stop();
    await pollServer?.stop();
  });

  it('with IDLE: delivers unseen mail, marks it seen only once delivered, wakes on new mail, returns on abort', async () => {
    await append(idleServer, FIRST);
    const r = receiver();
    r.failNext(1); // the first delivery fails: the mail must stay unseen and come again
    const loop = adapter.receive!(configFor(idleServer), r.ctx);
    await r.until('the first mail', () => r.bodies[0]);
    expect(r.logs.some((l) => l.level === 'warn' && l.msg.includes('reconnecting'))).toBe(true);
    expect(r.logs.find((l) => l.msg === 'IMAP mailbox open')?.data).toMatchObject({ idle: true });
    await eventually(
      '\\Seen on the delivered mail',
      async () => (await seenFlags(idleServer))['<first.1234@customer.example>'],
    );
    const [event] = adapter.parse(r.bodies[0], configFor(idleServer)) as InboundMessage[];
    expect(event).toMatchObject({
      threadKey: '<first.1234@customer.example>',
      sender: { handle: 'mary@customer.example' },
    });

    const t0 = Date.now();
    await append(idleServer, AUTO_REPLY);
    await r.until('the mail appended while idling', () => r.bodies[1]);
    expect(Date.now() - t0).toBeLessThan(4_000); // before the 5 s IDLE refresh: IDLE woke the loop
    expect(r.bodies.map((b) => b.messageId)).toEqual([
      '<first.1234@customer.example>',
      '<ooo.1@customer.example>',
    ]);

    r.abort.abort();
    await loop;
    expect(JSON.stringify(r.logs)).not.toContain(PASS);
  });

  it('without IDLE: polls, and our own mail is delivered but parses to nothing', async () => {
    await append(pollServer, ECHO);
    const r = receiver();
    const loop = adapter.receive!(configFor(pollServer), r.ctx);
    await r.until('the echo', () => r.bodies[0]);
    expect(r.logs.find((l) => l.msg === 'IMAP mailbox open')?.data).toMatchObject({ idle: false });
    expect(adapter.parse(r.bodies[0], configFor(pollServer))).toEqual([]);
    await append(pollServer, FIRST);
    await r.until('the polled mail', () => r.bodies[1]);
    r.abort.abort();
    await loop;
    await eventually(
      'both mails seen',
      async () => Object.values(await seenFlags(pollServer)).join() === 'true,true',
    );
  });

  it("hands over an attachment's bytes with its mail, under the media id parse gives it", async () => {
    const png = sampleFile('photo.png').file!.bytes;
    const raw = await new MailComposer({
      from: 'mary@customer.example',
      to: 'support@acme.example',
      subject: 'Photo',
      messageId: '<photo.1@customer.example>',
      text: 'See the photo.',
      attachments: [{ filename: 'damage.png', content: png, contentType: 'image/png' }],
    })
      .compile()
      .build();
    await append(pollServer, raw);
    const r = receiver();
    const loop = adapter.receive!(configFor(pollServer), r.ctx);
    const i = await r.until('the mail with a photo', () => {
      const k = r.bodies.findIndex((b) => b.messageId === '<photo.1@customer.example>');
      return k >= 0 ? k + 1 : undefined;
    });
    r.abort.abort();
    await loop;
    const [, photo] = adapter.parse(r.bodies[i - 1], configFor(pollServer));
    const media = photo?.kind === 'message' && 'media' in photo.content ? photo.content.media : undefined;
    expect(media?.id).toBe('<photo.1@customer.example>#1');
    expect(Buffer.from(r.files[i - 1]!.get(media!.id)!).equals(png)).toBe(true);
  });

  it('takes a backlog in batches without waiting for new mail between them', async () => {
    const ids = [1, 2, 3, 4, 5].map((n) => `<batch.${n}@customer.example>`);
    await append(idleServer, ...ids.map((id) => FIRST.replace('<first.1234@customer.example>', id)));
    const small = createEmailAdapter({
      allowPrivate: () => true,
      imap: { batchSize: 2, idleRefreshMs: 60_000 },
    });
    const r = receiver();
    const loop = small.receive!(configFor(idleServer), r.ctx);
    await r.until('the five mails', () => r.bodies.length >= 5 || undefined, 10_000);
    expect(r.bodies.map((b) => b.messageId)).toEqual(ids);
    r.abort.abort();
    await loop;
  });

  it('refuses an unusable config: wrong password, missing mailbox, private host not allowed, no imapHost', async () => {
    const c = configFor(idleServer);
    const r = receiver();
    const auth = await rejectionOf(adapter.receive!({ ...c, imapPass: 'wrong-pass-999' }, r.ctx));
    expect([auth.code, auth.details.platformCode]).toEqual([
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'AUTHENTICATIONFAILED',
    ]);
    const box = await rejectionOf(adapter.receive!({ ...c, imapMailbox: 'Nope' }, r.ctx));
    expect([box.code, box.details.platformCode]).toEqual(['OMNIFY_ERR_PLATFORM_REJECTED', 'NONEXISTENT']);
    const guarded = createEmailAdapter({ allowPrivate: () => false });
    const priv = await rejectionOf(guarded.receive!(c, r.ctx));
    expect(priv.details.platformCode).toBe('private_address');
    const none = await rejectionOf(adapter.receive!({ ...c, imapHost: undefined }, r.ctx));
    expect(none.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(JSON.stringify(r.logs)).not.toContain('wrong-pass-999');
  });

  it('keeps reconnecting with backoff while the server is unreachable, and returns when aborted', async () => {
    const r = receiver();
    const loop = adapter.receive!({ ...configFor(idleServer), imapPort: 9 }, r.ctx);
    await r.until(
      'three failed attempts',
      () => r.logs.filter((l) => l.msg.includes('reconnecting')).length >= 3,
    );
    const waits = r.logs
      .filter((l) => l.msg.includes('reconnecting'))
      .map((l) => (l.data as { waitMs: number }).waitMs);
    expect(waits.every((w) => w >= 50 && w <= 400)).toBe(true);
    r.abort.abort();
    await loop;
  });

  it.skipIf(sharedSkip !== undefined)(
    'delivers the shared real messages; the one without From is marked seen, not delivered',
    async () => {
      const server = await startImapServer({ users: [{ user: USER, pass: PASS }] });
      try {
        const files = listFixtures(join(SHARED_PAYLOADS_DIR, 'email'), /\.eml$/);
        await append(server, ...files.map((f) => f.bytes));
        const r = receiver();
        const loop = adapter.receive!(configFor(server), r.ctx);
        await r.until('four messages', () => r.bodies.length >= 4 || undefined);
        await r.until('the warning about the headerless one', () =>
          r.logs.find((l) => l.msg.includes('no From')),
        );
        r.abort.abort();
        await loop;
        expect(r.bodies.map((b) => b.from?.address).sort()).toEqual([
          'adam@tictail.com',
          'andris@kreata.ee',
          'andris@postalsys.com',
          'xxx@gmail.com',
        ]);
        const events = r.bodies.flatMap((b) => adapter.parse(b, configFor(server)));
        expect(events.length).toBe(6); // four texts, notes.txt and invite.ics
        const flags = Object.values(await seenFlags(server));
        expect([flags.length, flags.every(Boolean)]).toEqual([5, true]);
      } finally {
        await server.stop();
      }
    },
  );
});
