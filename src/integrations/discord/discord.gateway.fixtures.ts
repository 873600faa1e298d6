/**
 * Gateway dispatches written for the tests from Discord's documentation, because the shared real
 * fixtures hold only the envelope (`{op, d, s, t}`) and one message object: "Events > Gateway
 * Events" (Message Create = message object + `guild_id`, `member`, `mentions`; Message Update;
 * Message Delete `{id, channel_id, guild_id?}`; Message Reaction Add `{user_id, channel_id,
 * message_id, guild_id?, member?, emoji, message_author_id?, burst, type}`; Ready) and
 * "Resources > Message" (types, attachments, sticker items, message reference, flags). Ids are
 * made-up snowflakes; nothing at run time imports this file.
 */

export const APP_ID = '1200000000000000000';
export const GUILD = '1300000000000000999';
export const GUILD_CHANNEL = '1300000000000000888';
export const DM_CHANNEL = '1300000000000000777';

const nelly = {
  id: '80351110224678912',
  username: 'nelly',
  global_name: 'Nelly',
  discriminator: '0',
  avatar: null,
};
const rui = { id: '80351110224678913', username: 'rui', global_name: null, discriminator: '0', avatar: null };
const bot = { id: APP_ID, username: 'omnify-bot', discriminator: '0', avatar: null, bot: true };
const ruiMember = {
  nick: 'Rui (shop)',
  roles: [],
  joined_at: '2024-01-02T10:00:00.000000+00:00',
  deaf: false,
  mute: false,
};

const message = <T extends Record<string, unknown>>(over: T) => ({
  type: 0,
  tts: false,
  timestamp: '2025-11-01T11:00:00.000000+00:00',
  edited_timestamp: null,
  pinned: false,
  mention_everyone: false,
  mentions: [],
  mention_roles: [],
  attachments: [],
  embeds: [],
  components: [],
  flags: 0,
  ...over,
});

/** A Gateway dispatch frame with its sequence number. */
export const dispatch = (t: string, s: number, d: unknown) => ({ op: 0, t, s, d });

/** Name → dispatch data (`d`), with the event name. */
export const GATEWAY_SAMPLES = {
  guildMessage: {
    t: 'MESSAGE_CREATE',
    d: message({
      id: '1310000000000000001',
      channel_id: GUILD_CHANNEL,
      guild_id: GUILD,
      author: rui,
      member: ruiMember,
      content: 'Is the charger in stock?',
    }),
  },
  dmWithFiles: {
    t: 'MESSAGE_CREATE',
    d: message({
      id: '1310000000000000002',
      channel_id: DM_CHANNEL,
      author: nelly,
      content: 'Photos of the damage',
      attachments: [
        {
          id: '1310000000000000101',
          filename: 'box.jpg',
          size: 48213,
          url: 'https://cdn.discordapp.com/attachments/1/1310000000000000101/box.jpg',
          proxy_url: 'https://media.discordapp.net/attachments/1/1310000000000000101/box.jpg',
          content_type: 'image/jpeg',
          width: 1280,
          height: 960,
        },
        {
          id: '1310000000000000102',
          filename: 'receipt.pdf',
          size: 9120,
          url: 'https://cdn.discordapp.com/attachments/1/1310000000000000102/receipt.pdf',
          proxy_url: 'https://media.discordapp.net/attachments/1/1310000000000000102/receipt.pdf',
          content_type: 'application/pdf',
        },
      ],
    }),
  },
  reply: {
    t: 'MESSAGE_CREATE',
    d: message({
      id: '1310000000000000003',
      type: 19,
      channel_id: GUILD_CHANNEL,
      guild_id: GUILD,
      author: rui,
      member: ruiMember,
      content: 'Thanks!',
      message_reference: {
        type: 0,
        message_id: '1301000000000000001',
        channel_id: GUILD_CHANNEL,
        guild_id: GUILD,
      },
    }),
  },
  voice: {
    t: 'MESSAGE_CREATE',
    d: message({
      id: '1310000000000000004',
      channel_id: DM_CHANNEL,
      author: nelly,
      content: '',
      flags: 8192,
      attachments: [
        {
          id: '1310000000000000103',
          filename: 'voice-message.ogg',
          size: 20480,
          url: 'https://cdn.discordapp.com/attachments/1/1310000000000000103/voice-message.ogg',
          proxy_url: 'https://media.discordapp.net/attachments/1/1310000000000000103/voice-message.ogg',
          content_type: 'audio/ogg',
          duration_secs: 4.2,
          waveform: 'AAAA',
        },
      ],
    }),
  },
  sticker: {
    t: 'MESSAGE_CREATE',
    d: message({
      id: '1310000000000000005',
      channel_id: DM_CHANNEL,
      author: nelly,
      content: '',
      sticker_items: [{ id: '749054660769218631', name: 'Wave', format_type: 3 }],
    }),
  },
  withoutContentIntent: {
    t: 'MESSAGE_CREATE',
    d: message({
      id: '1310000000000000006',
      channel_id: GUILD_CHANNEL,
      guild_id: GUILD,
      author: rui,
      member: ruiMember,
      content: '',
    }),
  },
  memberJoined: {
    t: 'MESSAGE_CREATE',
    d: message({
      id: '1310000000000000007',
      type: 7,
      channel_id: GUILD_CHANNEL,
      guild_id: GUILD,
      author: rui,
      member: ruiMember,
      content: '',
    }),
  },
  ownEcho: {
    t: 'MESSAGE_CREATE',
    d: message({
      id: '1301000000000000001',
      channel_id: GUILD_CHANNEL,
      guild_id: GUILD,
      author: bot,
      content: 'We have 3 left.',
    }),
  },
  webhookPost: {
    t: 'MESSAGE_CREATE',
    d: message({
      id: '1310000000000000008',
      channel_id: GUILD_CHANNEL,
      guild_id: GUILD,
      webhook_id: '1290000000000000555',
      author: { id: '1290000000000000555', username: 'GitHub', discriminator: '0000', avatar: null },
      content: 'New issue opened',
    }),
  },
  edit: {
    t: 'MESSAGE_UPDATE',
    d: message({
      id: '1310000000000000001',
      channel_id: GUILD_CHANNEL,
      guild_id: GUILD,
      author: rui,
      member: ruiMember,
      content: 'Is the 65 W charger in stock?',
      edited_timestamp: '2025-11-01T11:02:30.000000+00:00',
    }),
  },
  linkPreview: {
    t: 'MESSAGE_UPDATE',
    d: {
      id: '1310000000000000001',
      channel_id: GUILD_CHANNEL,
      guild_id: GUILD,
      embeds: [{ type: 'link', url: 'https://example.com' }],
    },
  },
  deleted: {
    t: 'MESSAGE_DELETE',
    d: { id: '1310000000000000003', channel_id: GUILD_CHANNEL, guild_id: GUILD },
  },
  reaction: {
    t: 'MESSAGE_REACTION_ADD',
    d: {
      user_id: rui.id,
      channel_id: GUILD_CHANNEL,
      message_id: '1301000000000000001',
      guild_id: GUILD,
      member: { ...ruiMember, user: rui },
      emoji: { id: null, name: '👍' },
      message_author_id: APP_ID,
      burst: false,
      burst_colors: [],
      type: 0,
    },
  },
  customReaction: {
    t: 'MESSAGE_REACTION_ADD',
    d: {
      user_id: nelly.id,
      channel_id: DM_CHANNEL,
      message_id: '1301000000000000002',
      emoji: { id: '41771983429993937', name: 'LUL', animated: false },
      burst: false,
      type: 0,
    },
  },
  ownReaction: {
    t: 'MESSAGE_REACTION_ADD',
    d: {
      user_id: APP_ID,
      channel_id: DM_CHANNEL,
      message_id: '1310000000000000002',
      emoji: { id: null, name: '✅' },
      burst: false,
      type: 0,
    },
  },
  typing: { t: 'TYPING_START', d: { channel_id: DM_CHANNEL, user_id: nelly.id, timestamp: 1761994800 } },
} as const;

/** READY's data (Discord docs, "Events > Gateway Events > Ready"). */
export function readyData(sessionId: string, resumeUrl: string) {
  return {
    v: 10,
    user: { ...bot, id: APP_ID },
    guilds: [{ id: GUILD, unavailable: true }],
    session_id: sessionId,
    resume_gateway_url: resumeUrl,
    shard: [0, 1],
    application: { id: APP_ID, flags: 0 },
  };
}
