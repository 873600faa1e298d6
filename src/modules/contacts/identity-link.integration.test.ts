import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage, InboundSender, Platform } from '../../integrations/contract/message.ts';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { type ChannelRecord, insertChannel } from '../channels/channels.service.ts';
import { contactConversations } from '../inbox/contact-conversations.ts';
import { IngestBatcher, ingestBatching } from '../inbox/pipeline/ingest-batcher.ts';
import { recordIdentityEmail } from './contact-email.ts';
import { mergeContacts, unmergeContacts } from './contact-merge.ts';
import { openSuggestionsOf } from './suggestions.test-support.ts';

const AT = new Date(Date.UTC(2026, 0, 5, 12));
let seq = 0;
const msg = (sender: InboundSender, text = 'hello'): InboundMessage => {
  const id = `m-${++seq}`;
  return {
    kind: 'message',
    platformMessageId: id,
    dedupeKey: id,
    sender,
    threadKey: sender.handle,
    sentAt: AT,
    content: { type: 'text', text },
    text,
    raw: { id },
  };
};

describe.each(testBackends())('one person across channels on %s', (backend) => {
  let omnify: TestOmnify;
  let ws: string;
  let batcher: IngestBatcher;
  const channels = {} as Record<Platform, ChannelRecord>;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    ws = omnify.bootstrap.workspaceId;
    batcher = new IngestBatcher(omnify.ctx, ingestBatching(omnify.ctx.db.kind));
    for (const platform of ['whatsapp', 'twilio', 'telegram', 'instagram', 'email', 'respondio'] as const) {
      channels[platform] = await insertChannel(omnify.db, omnify.ctx.secrets, {
        id: randomUUID(),
        workspaceId: ws,
        platform,
        name: platform,
        config: {},
        sandbox: false,
        agentId: null,
        defaultCountry: platform === 'twilio' ? 'GB' : null,
      });
    }
  });
  afterAll(() => omnify?.close());

  const ingest = (platform: Platform, ...senders: InboundSender[]) =>
    batcher.submit({ channel: channels[platform], events: senders.map((s) => msg(s)) });
  const contactOf = async (platform: Platform, handle: string) =>
    (
      await omnify.db.query<{ contact_id: string; linked: string }>(
        `SELECT contact_id, linked FROM identities WHERE workspace_id = $1 AND platform = $2 AND handle = $3`,
        [ws, platform, handle],
      )
    ).rows[0];
  const suggestionsFor = (contactId: string) => openSuggestionsOf(omnify.db, ws, contactId);

  it('links SMS from the same phone to the WhatsApp contact (the SMS number read in the channel country), never an Instagram handle', async () => {
    await ingest('whatsapp', { handle: '447700900123', phoneE164: '+447700900123', displayName: 'Ana' });
    const wa = await contactOf('whatsapp', '447700900123');
    // Twilio SMS from the same phone, written nationally: the GB channel reads it as +44 7700 900123.
    await ingest('twilio', { handle: '07700 900123', phoneE164: '07700 900123' });
    const sms = await contactOf('twilio', '07700 900123');
    expect(sms).toEqual({ contact_id: wa!.contact_id, linked: 'auto' });
    // Instagram gives no phone: a new contact, no link.
    await ingest('instagram', { handle: '17841400000000001', displayName: 'Ana' });
    expect((await contactOf('instagram', '17841400000000001'))!.contact_id).not.toBe(wa!.contact_id);
  });

  it('suggests instead of linking when a vouched key disagrees, and for a phone its platform does not vouch for', async () => {
    await ingest('email', { handle: 'bo@example.com', displayName: 'Bo' });
    await ingest('whatsapp', { handle: '447700900200', phoneE164: '+447700900200', email: 'bo@example.com' });
    const email = await contactOf('email', 'bo@example.com');
    const wa = await contactOf('whatsapp', '447700900200');
    expect(wa!.contact_id).toBe(email!.contact_id); // matched by e-mail, no phone on the e-mail side: linked
    // Same e-mail, another vouched phone: never linked, suggested with the reason.
    await ingest('twilio', { handle: '+447700900999', phoneE164: '+447700900999', email: 'bo@example.com' });
    const other = await contactOf('twilio', '+447700900999');
    expect(other!.contact_id).not.toBe(email!.contact_id);
    const s = await suggestionsFor(other!.contact_id);
    expect(s).toEqual([
      expect.objectContaining({ contact_id: email!.contact_id, reason_code: 'strong_key_conflict' }),
    ]);
    expect(s[0]!.reason).toContain('different phone');
    // Respond.io's phone is not vouched for: a suggestion, not a link.
    await ingest('respondio', { handle: 'rio-1', phoneE164: '+447700900200' });
    const rio = await contactOf('respondio', 'rio-1');
    expect(rio!.contact_id).not.toBe(wa!.contact_id);
    expect(await suggestionsFor(rio!.contact_id)).toEqual([
      expect.objectContaining({ contact_id: wa!.contact_id, reason_code: 'unverified_phone' }),
    ]);
  });

  it('a Telegram user sharing their own contact later gets a suggestion, never a silent merge', async () => {
    await ingest('whatsapp', { handle: '447700900300', phoneE164: '+447700900300', displayName: 'Cy' });
    await ingest('telegram', { handle: '900300', displayName: 'Cy' });
    const tg = await contactOf('telegram', '900300');
    const wa = await contactOf('whatsapp', '447700900300');
    expect(tg!.contact_id).not.toBe(wa!.contact_id);
    await ingest('telegram', { handle: '900300', displayName: 'Cy', phoneE164: '+447700900300' });
    expect((await contactOf('telegram', '900300'))!.contact_id).toBe(tg!.contact_id);
    expect(await suggestionsFor(tg!.contact_id)).toEqual([
      expect.objectContaining({ contact_id: wa!.contact_id, reason_code: 'same_verified_key' }),
    ]);
  });

  it('a signed web-chat identity links by its e-mail; an e-mail a visitor merely typed is a suggestion', async () => {
    await ingest('email', { handle: 'dee@example.com', displayName: 'Dee' });
    const mail = await contactOf('email', 'dee@example.com');
    // The host site signed {userId, email}: a vouched e-mail.
    const signed = await omnify.db.transaction((tx) =>
      recordIdentityEmail(
        tx,
        ws,
        'webchat',
        { handle: 'user:42', email: 'Dee@Example.com' },
        'Dee@Example.com',
      ),
    );
    expect(signed.contactId).toBe(mail!.contact_id);
    // An anonymous visitor typing the same address in the e-mail form: their own contact, a suggestion.
    const typed = await omnify.db.transaction((tx) =>
      recordIdentityEmail(tx, ws, 'webchat', { handle: 'visitor-9' }, 'dee@example.com'),
    );
    expect(typed.contactId).not.toBe(mail!.contact_id);
    expect(await suggestionsFor(typed.contactId)).toEqual([
      expect.objectContaining({ contact_id: mail!.contact_id, reason_code: 'webchat_email' }),
    ]);
  });

  it('automatic linking never joins identities whose vouched phones or e-mails differ (property)', async () => {
    const platforms = ['whatsapp', 'twilio', 'telegram', 'email', 'instagram'] as const;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            platform: fc.constantFrom(...platforms),
            handle: fc.integer({ min: 0, max: 5 }),
            phone: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
            email: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        async (steps) => {
          run++;
          const tag = `${backend}-${run}`;
          for (const step of steps) {
            const sender: InboundSender = {
              handle: `${step.platform}-${tag}-${step.handle}`,
              phoneE164:
                step.phone === undefined
                  ? undefined
                  : `+4477009${String(run).padStart(3, '0')}${step.phone}0`,
              email: step.email === undefined ? undefined : `p${step.email}-${tag}@example.com`,
            };
            await ingest(step.platform, sender);
          }
          const r = await omnify.db.query<{ contact_id: string; phones: string; emails: string }>(
            `SELECT contact_id, count(DISTINCT phone_e164)::text AS phones, count(DISTINCT email)::text AS emails
               FROM identities WHERE workspace_id = $1 AND handle LIKE $2 AND linked <> 'merge'
              GROUP BY contact_id`,
            [ws, `%-${tag}-%`],
          );
          for (const row of r.rows) {
            expect(row.phones, `contact ${row.contact_id}`).not.toMatch(/^[2-9]/);
            expect(row.emails, `contact ${row.contact_id}`).not.toMatch(/^[2-9]/);
          }
        },
      ),
      { seed: 1206, numRuns: backend === 'pglite' ? 25 : 15 },
    );
  });

  it('unmerge after merge restores exactly the state before, for any merges undone in reverse order (property)', async () => {
    // Six contacts with conversations, identities and segment memberships.
    const handles = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    await ingest(
      'instagram',
      ...handles.map((h) => ({ handle: `prop-${backend}-${h}`, displayName: `P ${h}` })),
    );
    const ids: string[] = [];
    for (const h of handles) ids.push((await contactOf('instagram', `prop-${backend}-${h}`))!.contact_id);
    const seg = await omnify.api('POST', '/api/v1/segments', { name: `prop ${backend}` });
    await omnify.api('POST', `/api/v1/segments/${seg.json.id}/members`, { contactIds: [ids[1], ids[3]] });
    await omnify.db.query(`UPDATE contacts SET email = 'kept@example.com' WHERE id = $1`, [ids[2]]);
    const snapshot = async () =>
      (
        await omnify.db.query(
          `SELECT json_build_object(
             'contacts', (SELECT json_agg(json_build_object('id', id, 'name', name, 'phone', phone_e164, 'email', email,
                 'merged', merged_into) ORDER BY id) FROM contacts WHERE id = ANY($1::uuid[])),
             'identities', (SELECT json_agg(json_build_object('id', id, 'c', contact_id, 'l', linked) ORDER BY id)
                 FROM identities WHERE contact_id = ANY($1::uuid[])),
             'conversations', (SELECT json_agg(json_build_object('id', id, 'c', contact_id) ORDER BY id)
                 FROM conversations WHERE contact_id = ANY($1::uuid[])),
             'segments', (SELECT json_agg(json_build_object('s', segment_id, 'c', contact_id) ORDER BY segment_id, contact_id)
                 FROM segment_members WHERE contact_id = ANY($1::uuid[]))) AS s`,
          [ids],
        )
      ).rows[0]!.s;
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { minLength: 1, maxLength: 5 }),
        async (pairs) => {
          const done: { contactId: string; mergeId: string }[] = [];
          for (const [t, s] of pairs) {
            try {
              const m = await omnify.db.transaction((tx) =>
                mergeContacts(tx, ws, contactConversations, {
                  targetId: ids[t]!,
                  sourceId: ids[s]!,
                  reason: 'property',
                  actor: 'test',
                }),
              );
              done.push({ contactId: m.targetContactId, mergeId: m.id });
            } catch (e) {
              // Merging a contact into itself or one already merged away is refused, changing nothing.
              expect((e as { code?: string }).code).toMatch(/OMNIFY_ERR_(VALIDATION|NOT_FOUND)/);
            }
          }
          for (const d of done.reverse()) {
            await omnify.db.transaction((tx) =>
              unmergeContacts(tx, ws, contactConversations, { ...d, reason: 'property', actor: 'test' }),
            );
          }
          expect(await snapshot()).toEqual(before);
        },
      ),
      { seed: 61206, numRuns: backend === 'pglite' ? 30 : 15 },
    );
  });
});
