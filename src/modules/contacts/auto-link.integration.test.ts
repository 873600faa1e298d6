import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage, InboundSender, Platform } from '../../integrations/contract/message.ts';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { type ChannelRecord, insertChannel } from '../channels/channels.service.ts';
import { IngestBatcher, ingestBatching } from '../inbox/pipeline/ingest-batcher.ts';
import { migration as m006 } from './migrations/006-auto-link-audit.ts';
import { openSuggestionsOf } from './suggestions.test-support.ts';

/**
 * Automatic links are audited and undoable (docs/contacts.md): the link is a `system` merge in
 * the contact's history; unmerging it detaches the identity with the conversations that came with
 * it, restoring the contact exactly; the detached identity's next message suggests, never re-links.
 */
let seq = 0;
const msg = (sender: InboundSender, threadKey = sender.handle): InboundMessage => {
  const id = `al-${++seq}`;
  return {
    kind: 'message',
    platformMessageId: id,
    dedupeKey: id,
    sender,
    threadKey,
    sentAt: new Date(),
    content: { type: 'text', text: 'hello' },
    text: 'hello',
    raw: { id },
  };
};

describe.each(testBackends())('automatic links on %s', (backend) => {
  let omnify: TestOmnify;
  let ws: string;
  let batcher: IngestBatcher;
  const channels = {} as Record<'whatsapp' | 'twilio', ChannelRecord>;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    ws = omnify.bootstrap.workspaceId;
    batcher = new IngestBatcher(omnify.ctx, ingestBatching(omnify.ctx.db.kind));
    for (const platform of ['whatsapp', 'twilio'] as const) {
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

  const ingest = (platform: 'whatsapp' | 'twilio', sender: InboundSender, thread?: string) =>
    batcher.submit({ channel: channels[platform], events: [msg(sender, thread)] });
  const identity = async (platform: Platform, handle: string) =>
    (
      await omnify.db.query<{ id: string; contact_id: string; linked: string; detached_from: string | null }>(
        `SELECT id, contact_id, linked, detached_from FROM identities WHERE workspace_id = $1 AND platform = $2 AND handle = $3`,
        [ws, platform, handle],
      )
    ).rows[0]!;
  /** Everything of contact `id`: its fields, identities, conversations and segment memberships. */
  const snapshot = async (id: string) =>
    (
      await omnify.db.query(
        `SELECT json_build_object(
           'contact', (SELECT json_build_object('name', name, 'phone', phone_e164, 'email', email, 'merged', merged_into)
               FROM contacts WHERE id = $1),
           'identities', (SELECT json_agg(json_build_object('id', id, 'l', linked, 'd', detached_from) ORDER BY id)
               FROM identities WHERE contact_id = $1),
           'conversations', (SELECT json_agg(id ORDER BY id) FROM conversations WHERE contact_id = $1),
           'segments', (SELECT json_agg(segment_id ORDER BY segment_id) FROM segment_members WHERE contact_id = $1)) AS s`,
        [id],
      )
    ).rows[0]!.s;
  const conversationsOf = async (contactId: string) =>
    (
      await omnify.db.query<{ id: string }>(
        `SELECT id FROM conversations WHERE contact_id = $1 ORDER BY id`,
        [contactId],
      )
    ).rows.map((r) => r.id);
  const openSuggestions = (contactId: string) => openSuggestionsOf(omnify.db, ws, contactId);

  it('records the link in the merge history, detaches it exactly, and turns the next message into a suggestion', async () => {
    // WhatsApp first, unnamed: the link will fill the contact's empty name from the SMS identity.
    await ingest('whatsapp', { handle: '447700900500', phoneE164: '+447700900500' });
    const wa = await identity('whatsapp', '447700900500');
    const seg = await omnify.api('POST', '/api/v1/segments', { name: `auto ${backend}` });
    await omnify.api('POST', `/api/v1/segments/${seg.json.id}/members`, { contactIds: [wa.contact_id] });
    const before = await snapshot(wa.contact_id);

    // SMS from the same number (national form, GB channel): linked automatically.
    await ingest('twilio', { handle: '07700 900500', phoneE164: '07700 900500', displayName: 'Ana' });
    const sms = await identity('twilio', '07700 900500');
    expect(sms).toMatchObject({ contact_id: wa.contact_id, linked: 'auto' });
    // A second SMS thread after the link (a new conversation) came with the identity too.
    await ingest('twilio', { handle: '07700 900500', phoneE164: '07700 900500' }, 'sms-thread-2');
    expect(await conversationsOf(wa.contact_id)).toHaveLength(3);
    const history = await omnify.api('GET', `/api/v1/contacts/${wa.contact_id}/merges`);
    expect(history.json.data).toHaveLength(1);
    const link = history.json.data[0];
    expect(link).toMatchObject({
      automatic: true,
      mergedBy: 'system',
      mergedByKind: 'system',
      targetContactId: wa.contact_id,
      targetName: 'Ana',
      reason: 'Linked automatically: same phone +447700900500 on WhatsApp and Twilio (SMS).',
      moved: { identities: 1, conversations: 0, segments: 0 },
      unmergedAt: null,
    });
    // The identity's own contact is hidden while linked.
    const hidden = await omnify.api('GET', `/api/v1/contacts/${link.sourceContactId}`);
    expect(hidden.json).toMatchObject({ mergedInto: wa.contact_id, identities: [] });

    // Detach (an API key): the contact is exactly what it was before the link.
    const undo = await omnify.api('POST', `/api/v1/contacts/${wa.contact_id}/merges/${link.id}/unmerge`, {
      reason: 'Shared family phone',
    });
    expect(undo.status, JSON.stringify(undo.json)).toBe(200);
    expect(undo.json).toMatchObject({
      automatic: true,
      unmergedByKind: 'api-key',
      unmergeReason: 'Shared family phone',
      moved: { identities: 1, conversations: 2 },
    });
    expect(await snapshot(wa.contact_id)).toEqual(before);
    const detached = await identity('twilio', '07700 900500');
    expect(detached).toMatchObject({
      contact_id: link.sourceContactId,
      linked: 'created',
      detached_from: wa.contact_id,
    });
    expect(await conversationsOf(link.sourceContactId)).toHaveLength(2);
    const own = await omnify.api('GET', `/api/v1/contacts/${link.sourceContactId}`);
    expect(own.json).toMatchObject({ name: 'Ana', phoneE164: '+447700900500' });
    // Undone once only.
    const again = await omnify.api('POST', `/api/v1/contacts/${wa.contact_id}/merges/${link.id}/unmerge`, {
      reason: 'twice',
    });
    expect(again.status).toBe(409);

    // The next SMS stays on its own contact and makes a suggestion (once), never a link.
    await ingest('twilio', { handle: '07700 900500', phoneE164: '07700 900500' });
    expect(await identity('twilio', '07700 900500')).toMatchObject({
      contact_id: link.sourceContactId,
      detached_from: null,
    });
    const suggested = await openSuggestions(link.sourceContactId);
    expect(suggested).toEqual([
      expect.objectContaining({
        contact_id: wa.contact_id,
        other_contact_id: link.sourceContactId,
        reason_code: 'auto_link_undone',
      }),
    ]);
    expect(suggested[0]!.reason).toContain('same phone +447700900500');
    await ingest('twilio', { handle: '07700 900500', phoneE164: '07700 900500' });
    expect(await openSuggestions(link.sourceContactId)).toHaveLength(1);
    expect((await snapshot(wa.contact_id)) as object).toEqual(before);
  });

  it('leaves another identity on the same platform its own conversations when detaching', async () => {
    await ingest('twilio', { handle: 'whatsapp:+447700900600', phoneE164: '+447700900600' });
    const first = await identity('twilio', 'whatsapp:+447700900600');
    await ingest('twilio', { handle: '+447700900600', phoneE164: '+447700900600' });
    const second = await identity('twilio', '+447700900600');
    expect(second.contact_id).toBe(first.contact_id);
    // After the link the first identity opens another thread: not the second one's.
    await ingest('twilio', { handle: 'whatsapp:+447700900600', phoneE164: '+447700900600' }, 'later-thread');
    const merges = await omnify.api('GET', `/api/v1/contacts/${first.contact_id}/merges`);
    const undo = await omnify.api(
      'POST',
      `/api/v1/contacts/${first.contact_id}/merges/${merges.json.data[0].id}/unmerge`,
      { reason: 'test' },
    );
    expect(undo.json.moved).toMatchObject({ identities: 1, conversations: 1 });
    expect(await conversationsOf(first.contact_id)).toHaveLength(2);
  });

  it('detaching restores the contact exactly, whatever followed the link (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          named: fc.boolean(),
          smsName: fc.option(fc.constantFrom('Bo', 'Cy'), { nil: undefined }),
          afterLink: fc.array(fc.constantFrom('wa', 'sms', 'sms-new-thread'), { maxLength: 4 }),
        }),
        async (p) => {
          run++;
          const num = `+447700900${700 + run}`;
          const waHandle = num.slice(1);
          await ingest('whatsapp', {
            handle: waHandle,
            phoneE164: num,
            displayName: p.named ? 'Wa' : undefined,
          });
          const wa = await identity('whatsapp', waHandle);
          const smsHandle = `sms-${backend}-${run}`;
          await ingest('whatsapp', { handle: waHandle, phoneE164: num }, `wa-extra-${run}`);
          const before = await snapshot(wa.contact_id);
          const sms = { handle: smsHandle, phoneE164: num, displayName: p.smsName };
          await ingest('twilio', sms);
          let threads = 1;
          for (const step of p.afterLink) {
            if (step === 'wa')
              await ingest('whatsapp', { handle: waHandle, phoneE164: num }, `wa-after-${run}`);
            else if (step === 'sms') await ingest('twilio', sms);
            else await ingest('twilio', sms, `sms-${run}-${threads++}`);
          }
          const waAfter = p.afterLink.includes('wa') ? 1 : 0;
          const merges = await omnify.api('GET', `/api/v1/contacts/${wa.contact_id}/merges`);
          const link = merges.json.data[0];
          expect(link.automatic).toBe(true);
          await omnify.api('POST', `/api/v1/contacts/${wa.contact_id}/merges/${link.id}/unmerge`, {
            reason: 'p',
          });
          const after = (await snapshot(wa.contact_id)) as { conversations: string[] };
          // Exactly as before, plus only the WhatsApp thread the contact itself opened after the link.
          expect(after.conversations).toHaveLength(
            (before as { conversations: string[] }).conversations.length + waAfter,
          );
          if (waAfter === 0) expect(after).toEqual(before);
          expect(await conversationsOf(link.sourceContactId)).toHaveLength(threads);
        },
      ),
      { seed: 71207, numRuns: backend === 'pglite' ? 12 : 8 },
    );
  });

  it('migration 006 gives links made before it a record, so they can be detached too (and runs again harmlessly)', async () => {
    await ingest('whatsapp', { handle: '447700900800', phoneE164: '+447700900800', displayName: 'Old' });
    const wa = await identity('whatsapp', '447700900800');
    // An automatic link as it was stored before migration 006: no merge record, no own contact.
    const old = await omnify.db.query<{ id: string }>(
      `INSERT INTO identities (workspace_id, contact_id, platform, handle, phone_e164, linked, created_at)
       VALUES ($1, $2, 'twilio', '+447700900800', '+447700900800', 'auto', now() - interval '1 hour') RETURNING id`,
      [ws, wa.contact_id],
    );
    await omnify.db.exec(m006.statements[3]!);
    await omnify.db.exec(m006.statements[3]!);
    const merges = await omnify.api('GET', `/api/v1/contacts/${wa.contact_id}/merges`);
    expect(merges.json.data).toHaveLength(1);
    expect(merges.json.data[0]).toMatchObject({ automatic: true, mergedBy: 'system' });
    const undo = await omnify.api(
      'POST',
      `/api/v1/contacts/${wa.contact_id}/merges/${merges.json.data[0].id}/unmerge`,
      { reason: 'old link' },
    );
    expect(undo.status, JSON.stringify(undo.json)).toBe(200);
    const moved = await identity('twilio', '+447700900800');
    expect(moved).toMatchObject({ id: old.rows[0]!.id, linked: 'created', detached_from: wa.contact_id });
    expect(moved.contact_id).not.toBe(wa.contact_id);
  });
});
