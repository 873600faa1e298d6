import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFixtures, SHARED_PAYLOADS_DIR, sharedSkipReason } from '../../testing/fixtures.ts';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import { createEmailAdapter } from './email.adapter.ts';
import { type EmailEnvelope, readMime } from './email.envelope.ts';
import { config, NOW_MS } from './email.fixtures.ts';

/*
 * The real messages of ../shared/fixtures/payloads/email (read in place; skipped with a message when
 * absent), each read with mailparser and parsed: threading headers, quote removal, encoded subjects,
 * files and inline parts, a message without From.
 */

const adapter = createEmailAdapter({ now: () => NOW_MS, allowPrivate: () => true });
const skip = sharedSkipReason();
if (skip) console.warn(`[email] ${skip}`);
const SHARED = join(SHARED_PAYLOADS_DIR, 'email');
const messages = (events: InboundEvent[]) => events as InboundMessage[];
const parse = (env: EmailEnvelope) => adapter.parse(JSON.parse(JSON.stringify(env)), config);

function wellFormed(m: InboundMessage) {
  expect(m.platformMessageId).toMatch(/^<[^<>\s]+>$/);
  expect(m.dedupeKey.startsWith(m.platformMessageId)).toBe(true);
  expect(m.threadKey).toMatch(/^<[^<>\s]+>$/);
  expect(m.sender.handle).toBe(m.sender.handle.toLowerCase());
  expect(Number.isNaN(m.sentAt.getTime())).toBe(false);
  expect(m.raw).toBeDefined();
  if (m.content.type === 'text') expect(m.text).toBe(m.content.text);
  expect(m.replyContext?.to).toMatch(/@/);
}

describe.skipIf(skip !== undefined)('parsing the shared real messages', () => {
  const files = listFixtures(SHARED, /\.eml$/);
  const parsed = async (name: string) => {
    const f = files.find((x) => x.name === name);
    if (!f) throw new Error(`missing shared fixture ${name}`);
    return messages(parse(await readMime(f.bytes)));
  };

  it('has the five shared messages, each parsed into well-formed events or none', async () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) for (const m of messages(parse(await readMime(f.bytes)))) wellFormed(m);
  });

  it('Apple Mail reply: In-Reply-To/References give the thread root; the quote is removed', async () => {
    const [m] = await parsed('apple_mail_reply_in_reply_to_references.eml');
    expect(m).toMatchObject({
      platformMessageId: '<68001B29-8EA4-444C-A894-0537D2CA5208@tictail.com>',
      threadKey: '<CABzQGhkMXDxUt_tSVQcg=43aniUhtsVfCZVzu-PG0kwS_uzqMw@mail.gmail.com>',
      replyToPlatformMessageId: '<CABzQGhkMXDxUt_tSVQcg=43aniUhtsVfCZVzu-PG0kwS_uzqMw@mail.gmail.com>',
      sender: { handle: 'adam@tictail.com', displayName: 'Adam Renberg' },
      text: 'Hello',
      replyContext: { subject: 'Hello there' },
    });
    expect((m!.raw as EmailEnvelope).text).toContain('> Hi there!');
  });

  it('Gmail reply without In-Reply-To: its own thread; "On … wrote:" and the quote removed', async () => {
    const [m] = await parsed('gmail_reply_multipart_alternative.eml');
    expect(m).toMatchObject({
      threadKey: '<CAKsfaBW4hj0Gek6TwbR3erng4P1y0CZzJ0d=pXtCNnYnbe7PLg@mail.gmail.com>',
      sender: { handle: 'xxx@gmail.com', displayName: 'Megan One' },
      text: 'Hello',
    });
  });

  it('nodemailer message: encoded subject, notes.txt as a file; inline images and watch-html are not files', async () => {
    const events = await parsed('nodemailer_mixed_alternative_related_attachments_nonascii.eml');
    expect(events.map((e) => e.content.type)).toEqual(['text', 'document']);
    expect(events[0]!.text).toBe('Hello to myself!');
    expect(events[1]!.content).toMatchObject({
      media: { fileName: 'notes.txt', mimeType: 'text/plain', size: 28 },
    });
    expect(events[0]!.replyContext?.subject).toBe('Nodemailer is unicode friendly ✔ (1476358788189)');
  });

  it('Google Calendar invite: folded UTF-8 subject, text kept, invite.ics as a file', async () => {
    const events = await parsed('google_calendar_invite_encoded_subject_ics_attachment.eml');
    expect(events.map((e) => e.content.type)).toEqual(['text', 'document']);
    expect(events[0]!.text).toContain('Join with Google Meet');
    expect(events[1]!.content).toMatchObject({
      media: { fileName: 'invite.ics', mimeType: 'application/ics' },
    });
    expect(events[0]!.replyContext).toMatchObject({ to: 'andris@postalsys.com' });
  });

  it('a headerless message (no From) gives no event', async () => {
    expect(await parsed('mailparser_mixed_with_nested_alternative.eml')).toEqual([]);
  });
});
