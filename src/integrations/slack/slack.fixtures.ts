/*
 * Test support for slack.test.ts and slack.fuzz.integration.test.ts: Events API bodies written from
 * Slack's documentation (docs.slack.dev/reference/events/message and its subtype pages:
 * thread replies, `thread_broadcast`, `message_replied`, `channel_join`; `app_mention`;
 * `reaction_added` and `reaction_removed`; the file object), for the cases the shared real fixtures
 * do not cover. Ids are
 * made up in Slack's formats. Not shipped as samples/payloads: they exist for the tests.
 */

import { expect } from 'vitest';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import type { SlackConfig } from './slack.adapter.ts';

/** The test channel's config (secrets are test values). */
export const config: SlackConfig = {
  botToken: 'xoxb-0000000000-test-0mnify-bot-token',
  signingSecret: 'test-signing-secret-0mnify-9f3a',
};
/** The test adapters' clock, pinned to Slack's published signature vector's timestamp (unix seconds). */
export const NOW_S = 1531420618;

/** The one message `events` must be. */
export function one(events: InboundEvent[]): InboundMessage {
  expect(events).toHaveLength(1);
  expect(events[0].kind).toBe('message');
  return events[0] as InboundMessage;
}

export const TEAM = 'T0OMNIFY01';
/** Our app's bot user in the samples' `authorizations`. */
export const BOT_USER = 'U0OMNIBOT1';
export const CHANNEL = 'C0OMNIFY01';
export const DM = 'D0OMNIFY01';
export const PERSON = 'U0PERSON01';

/** An `event_callback` envelope around `event` (the fields every delivery has). */
export function envelope(event: Record<string, unknown>, eventId: string): Record<string, unknown> {
  return {
    token: 'XXYYZZ',
    team_id: TEAM,
    api_app_id: 'A0OMNIFY01',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: 1700000000,
    authorizations: [
      { enterprise_id: null, team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: '4-sample',
  };
}

/** A person's message event in `channel` (`channel_type` `channel` unless given). */
export function message(
  ts: string,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'message',
    user: PERSON,
    text,
    ts,
    channel: CHANNEL,
    event_ts: ts,
    channel_type: 'channel',
    ...extra,
  };
}

/** Our own samples, by name: [event id, event]. */
export const SAMPLES: Record<string, Record<string, unknown>> = {
  'channel_top_level.json': envelope(
    message('1700000000.000100', 'Hi, my order #1042 has not arrived', {
      client_msg_id: 'b7a1c3e0-0000-4000-8000-000000000001',
      team: TEAM,
    }),
    'Ev0SAMPLE01',
  ),
  'thread_reply.json': envelope(
    message('1700000060.000200', 'It was due on Monday', {
      thread_ts: '1700000000.000100',
      parent_user_id: PERSON,
    }),
    'Ev0SAMPLE02',
  ),
  'thread_broadcast.json': envelope(
    message('1700000090.000300', 'Also sent to the channel', {
      subtype: 'thread_broadcast',
      thread_ts: '1700000000.000100',
      root: { type: 'message', user: PERSON, text: 'Hi', ts: '1700000000.000100' },
    }),
    'Ev0SAMPLE03',
  ),
  'dm_with_profile.json': envelope(
    message('1700000120.000400', 'Can I change my delivery address?', {
      channel: DM,
      channel_type: 'im',
      user_profile: { real_name: 'Lena Okafor', display_name: 'lena', name: 'lena.okafor' },
    }),
    'Ev0SAMPLE04',
  ),
  'app_mention.json': envelope(
    {
      type: 'app_mention',
      user: PERSON,
      text: `<@${BOT_USER}> where is my parcel?`,
      ts: '1700000150.000500',
      channel: CHANNEL,
      event_ts: '1700000150.000500',
    },
    'Ev0SAMPLE05',
  ),
  'file_share_two_images.json': envelope(
    message('1700000180.000600', 'Two photos of the damage', {
      subtype: 'file_share',
      channel: DM,
      channel_type: 'im',
      upload: true,
      files: [
        {
          id: 'F0IMAGE001',
          name: 'box.jpg',
          title: 'box.jpg',
          mimetype: 'image/jpeg',
          filetype: 'jpg',
          size: 48213,
          original_w: 1280,
          original_h: 960,
          url_private: 'https://files.slack.com/files-pri/T0OMNIFY01-F0IMAGE001/box.jpg',
        },
        { id: 'F0IMAGE002', name: 'label.png', mimetype: 'image/png', size: 1200 },
      ],
    }),
    'Ev0SAMPLE06',
  ),
  'own_bot_user_message.json': envelope(
    message('1700000210.000700', 'Thanks, we are on it', { user: BOT_USER, channel: DM, channel_type: 'im' }),
    'Ev0SAMPLE07',
  ),
  'message_replied_hidden.json': envelope(
    {
      type: 'message',
      message: { type: 'message', user: PERSON, text: 'Hi', thread_ts: '1700000000.000100', reply_count: 1 },
      hidden: true,
      channel: CHANNEL,
      event_ts: '1700000061.000201',
      ts: '1700000061.000201',
    },
    'Ev0SAMPLE08',
  ),
  'channel_join.json': envelope(
    message('1700000240.000800', `<@${PERSON}> has joined the channel`, { subtype: 'channel_join' }),
    'Ev0SAMPLE09',
  ),
  'reaction_added.json': envelope(
    {
      type: 'reaction_added',
      user: PERSON,
      reaction: 'thumbsup',
      item_user: BOT_USER,
      item: { type: 'message', channel: CHANNEL, ts: '1700000100.000150' },
      event_ts: '1700000270.000900',
    },
    'Ev0SAMPLE10',
  ),
  'reaction_removed.json': envelope(
    {
      type: 'reaction_removed',
      user: PERSON,
      reaction: 'thumbsup',
      item_user: BOT_USER,
      item: { type: 'message', channel: CHANNEL, ts: '1700000100.000150' },
      event_ts: '1700000280.000950',
    },
    'Ev0SAMPLE11',
  ),
  'reaction_added_dm_skin_tone.json': envelope(
    {
      type: 'reaction_added',
      user: PERSON,
      reaction: '+1::skin-tone-3',
      item_user: BOT_USER,
      item: { type: 'message', channel: DM, ts: '1700000210.000700' },
      event_ts: '1700000290.000960',
    },
    'Ev0SAMPLE12',
  ),
  'reaction_added_by_own_bot.json': envelope(
    {
      type: 'reaction_added',
      user: BOT_USER,
      reaction: 'eyes',
      item_user: PERSON,
      item: { type: 'message', channel: CHANNEL, ts: '1700000000.000100' },
      event_ts: '1700000300.000970',
    },
    'Ev0SAMPLE13',
  ),
  'reaction_added_file.json': envelope(
    {
      type: 'reaction_added',
      user: PERSON,
      reaction: 'tada',
      item_user: PERSON,
      item: { type: 'file', file: 'F0IMAGE001' },
      event_ts: '1700000310.000980',
    },
    'Ev0SAMPLE14',
  ),
};

/** `chat.postMessage` success, as the Web API OpenAPI spec's example (slackapi/slack-api-specs). */
export const POST_MESSAGE_OK = {
  ok: true,
  channel: 'C1H9RESGL',
  ts: '1503435956.000247',
  message: {
    text: "Here's a message for you",
    username: 'ecto1',
    bot_id: 'B19LU7CSY',
    type: 'message',
    subtype: 'bot_message',
    ts: '1503435956.000247',
  },
};
