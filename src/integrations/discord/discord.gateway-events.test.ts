import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../testing/errors.ts';
import { hasSharedFixtures, SHARED_PAYLOADS_DIR } from '../../testing/fixtures.ts';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import { type DiscordConfig, discordAdapter } from './discord.adapter.ts';
import { APP_ID, DM_CHANNEL, dispatch, GATEWAY_SAMPLES, GUILD_CHANNEL } from './discord.gateway.fixtures.ts';

/*
 * `parse` of Gateway dispatches: the documentation-based samples of discord.gateway.fixtures.ts and,
 * when ../shared is present, the real envelope and message object fixtures of Discord's docs.
 */

const config: DiscordConfig = {
  applicationId: APP_ID,
  publicKey: 'ab'.repeat(32),
  botToken: 'MTIwMDAwMDAwMDAwMDAwMDAwMA.GxEvt.omnify-discord-events-token_0123456789',
};
const S = GATEWAY_SAMPLES;
const parse = (x: { t: string; d: unknown }, s = 7): InboundEvent[] =>
  discordAdapter.parse(dispatch(x.t, s, x.d), config);
const one = (x: { t: string; d: unknown }): InboundMessage => {
  const events = parse(x);
  expect(events).toHaveLength(1);
  return events[0] as InboundMessage;
};
const shared = (name: string) => JSON.parse(readFileSync(join(SHARED_PAYLOADS_DIR, 'discord', name), 'utf8'));

describe('discord gateway dispatches', () => {
  it('reads a server message: author, nickname, channel as thread, ISO time with microseconds', () => {
    expect(one(S.guildMessage)).toMatchObject({
      platformMessageId: '1310000000000000001',
      dedupeKey: '1310000000000000001',
      sender: { handle: '80351110224678913', displayName: 'Rui (shop)', username: 'rui' },
      threadKey: GUILD_CHANNEL,
      sentAt: new Date('2025-11-01T11:00:00.000Z'),
      content: { type: 'text', text: 'Is the charger in stock?' },
      raw: S.guildMessage.d,
    });
  });

  it('keeps each attachment as a reference, the first captioned, and tells voice messages and stickers', () => {
    const [photo, pdf] = parse(S.dmWithFiles) as InboundMessage[];
    expect(photo).toMatchObject({
      threadKey: DM_CHANNEL,
      sender: { handle: '80351110224678912', displayName: 'Nelly' },
      content: {
        type: 'image',
        media: {
          id: '1310000000000000101',
          url: 'https://cdn.discordapp.com/attachments/1/1310000000000000101/box.jpg',
          mimeType: 'image/jpeg',
          fileName: 'box.jpg',
          size: 48213,
          width: 1280,
          caption: 'Photos of the damage',
        },
      },
    });
    expect(pdf).toMatchObject({
      platformMessageId: '1310000000000000002',
      content: { type: 'document' },
      text: '[file: receipt.pdf]',
    });
    expect(pdf!.content.type === 'document' && pdf!.content.media.caption).toBeUndefined();
    expect(one(S.voice).content).toMatchObject({
      type: 'voice',
      media: { mimeType: 'audio/ogg', durationSeconds: 4.2 },
    });
    expect(one(S.sticker)).toMatchObject({
      content: {
        type: 'sticker',
        media: { id: '749054660769218631', fileName: 'Wave', mimeType: 'application/json' },
      },
      text: '[sticker: Wave]',
    });
  });

  it('links replies, marks edits with their own key, and ignores updates that are no edit', () => {
    expect(one(S.reply).replyToPlatformMessageId).toBe('1301000000000000001');
    expect(one(S.edit)).toMatchObject({
      platformMessageId: '1310000000000000001',
      dedupeKey: '1310000000000000001:edit:2025-11-01T11:02:30.000000+00:00',
      edited: true,
      sentAt: new Date('2025-11-01T11:02:30.000Z'),
      content: { type: 'text', text: 'Is the 65 W charger in stock?' },
    });
    expect(parse(S.linkPreview)).toEqual([]);
  });

  it('reads reactions (unicode and custom emoji) and deletions', () => {
    expect(one(S.reaction)).toMatchObject({
      platformMessageId: 'reaction:1301000000000000001:80351110224678913:👍',
      sender: { handle: '80351110224678913', displayName: 'Rui (shop)' },
      threadKey: GUILD_CHANNEL,
      content: { type: 'reaction', emoji: '👍', targetPlatformMessageId: '1301000000000000001' },
    });
    expect(one(S.customReaction)).toMatchObject({
      sender: { handle: '80351110224678912' },
      content: { type: 'reaction', emoji: ':LUL:', targetPlatformMessageId: '1301000000000000002' },
    });
    expect(one(S.deleted)).toMatchObject({
      platformMessageId: '1310000000000000003',
      dedupeKey: '1310000000000000003:deleted',
      threadKey: GUILD_CHANNEL,
      content: { type: 'unsupported', platformType: 'message_deleted' },
    });
  });

  it('stores nothing for our own messages and reactions, other bots, webhooks and events it does not read', () => {
    for (const x of [S.ownEcho, S.ownReaction, S.webhookPost, S.typing]) expect(parse(x)).toEqual([]);
    const otherBot = {
      ...S.guildMessage.d,
      author: { id: '1290000000000000777', username: 'helper', bot: true },
    };
    expect(parse({ t: 'MESSAGE_CREATE', d: otherBot })).toEqual([]);
    expect(parse({ t: 'READY', d: {} })).toEqual([]);
  });

  it('keeps system messages, blank messages and unreadable data as unsupported, with the reason', () => {
    expect(one(S.memberJoined).content).toMatchObject({
      type: 'unsupported',
      platformType: 'message_type_7',
    });
    expect(one(S.withoutContentIntent).content).toMatchObject({
      type: 'unsupported',
      platformType: 'message_empty',
    });
    const bad = one({ t: 'MESSAGE_CREATE', d: { ...S.guildMessage.d, author: { id: 'nobody' } } });
    expect(bad).toMatchObject({
      dedupeKey: 'message_create:1310000000000000001',
      threadKey: GUILD_CHANNEL,
      content: {
        type: 'unsupported',
        platformType: 'message_create',
        reason: expect.stringContaining('/d/author/id'),
      },
    });
    const noIds = one({ t: 'MESSAGE_REACTION_ADD', d: { emoji: { name: 'x' } } });
    expect([noIds.threadKey, noIds.sender.handle]).toEqual(['discord', 'discord']);
    expect(noIds.dedupeKey).toBe(one({ t: 'MESSAGE_REACTION_ADD', d: { emoji: { name: 'x' } } }).dedupeKey);
    const late = one({ t: 'MESSAGE_CREATE', d: { ...S.guildMessage.d, timestamp: 'not a time' } });
    expect(late.issue?.code).toBe('timestamp_invalid');
    expect(Number.isNaN(late.sentAt.getTime())).toBe(false);
  });

  it('refuses a dispatch whose data is not an object', () => {
    for (const d of [null, [], 'x', 4]) {
      expect(
        thrownBy(() => discordAdapter.parse({ op: 0, t: 'MESSAGE_CREATE', s: 1, d }, config))?.code,
      ).toBe('OMNIFY_ERR_VALIDATION');
    }
    // Not a dispatch (no op 0): read as an interaction, which it is not either.
    expect(thrownBy(() => discordAdapter.parse({ op: 1, t: 'MESSAGE_CREATE', d: {} }, config))?.code).toBe(
      'OMNIFY_ERR_VALIDATION',
    );
  });

  it.skipIf(!hasSharedFixtures)("reads the docs' example envelope and message object", () => {
    const envelope = shared('gateway_payload_envelope_example_discorddocs.json');
    expect(discordAdapter.parse(envelope, config)).toEqual([]); // GATEWAY_EVENT_NAME: not an event Omnify reads
    const m = one({ t: 'MESSAGE_CREATE', d: shared('message_object_example_discorddocs.json') });
    expect(m).toMatchObject({
      platformMessageId: '334385199974967042',
      sender: { handle: '53908099506183680', displayName: 'Mason', username: 'Mason' },
      threadKey: '290926798999357250',
      sentAt: new Date('2017-07-11T17:27:07.299Z'),
      content: { type: 'text', text: 'Supa Hot' },
    });
  });
});
