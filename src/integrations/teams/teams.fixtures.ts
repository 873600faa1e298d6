/*
 * Test support for the Teams tests: Bot Framework activities written from Microsoft's documentation
 * (no shared real fixtures exist for Teams): the message, edit (`messageUpdate` / `editMessage`),
 * undelete and soft-delete examples of Teams "Messages in bot conversations"; the reaction and
 * membership examples of "Conversation events in your Teams bot"; the file attachment of "Send and
 * receive files using bot"; mentions from "Channel and group chat conversations with a bot". Ids,
 * names and URLs are made up in Teams' formats. Not shipped as samples/payloads: they exist for the
 * tests.
 */

import { expect } from 'vitest';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import type { TeamsConfig } from './teams.adapter.ts';

/** The bot's Microsoft App ID in the tests. */
export const APP_ID = '6f1c2b7e-3a4d-4e5f-9a0b-1c2d3e4f5a6b';
/** The bot in Teams (`28:{appId}`). */
export const BOT = `28:${APP_ID}`;
export const APP_PASSWORD = 'test-app-password~0mnify.Q8s';
export const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
/** The test adapters' clock (2025-10-20T22:40:00Z), unix seconds. */
export const NOW_S = 1_761_000_000;
export const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';
export const PERSON = '29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQ-omnify';
export const PERSONAL = 'a:1pweuGJ44RkB90tiJNQ_I6g3vyuP4CYA_f-v6f0Vd-omnify';
export const CHANNEL = '19:693ecdb923ac4458a5c23661b505fc84@thread.tacv2';
/** A channel thread, as Teams names the conversation of a post and its replies. */
export const THREAD = `${CHANNEL};messageid=1761000000100`;

/** The test channel's config (secrets are test values); tests point its URLs at local servers. */
export const config: TeamsConfig = { appId: APP_ID, appPassword: APP_PASSWORD, tenantId: TENANT };

/** The one message `events` must be. */
export function one(events: InboundEvent[]): InboundMessage {
  expect(events).toHaveLength(1);
  expect(events[0]!.kind).toBe('message');
  return events[0] as InboundMessage;
}

/** An activity from `from` in `conversation`, as the Bot Connector posts it. */
export function activity(
  type: string,
  id: string,
  extra: Record<string, unknown> = {},
  conversation: Record<string, unknown> = { conversationType: 'personal', tenantId: TENANT, id: PERSONAL },
): Record<string, unknown> {
  return {
    type,
    id,
    timestamp: '2025-10-20T22:39:59.4615413Z',
    localTimestamp: '2025-10-20T15:39:59.4615413-07:00',
    serviceUrl: SERVICE_URL,
    channelId: 'msteams',
    from: { id: PERSON, name: 'Megan Bowen', aadObjectId: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8' },
    conversation,
    recipient: { id: BOT, name: 'Omnify Support' },
    entities: [
      {
        locale: 'en-US',
        country: 'US',
        platform: 'Web',
        timezone: 'America/Los_Angeles',
        type: 'clientInfo',
      },
    ],
    channelData: { tenant: { id: TENANT } },
    locale: 'en-US',
    ...extra,
  };
}

const channelConversation = (id: string) => ({
  isGroup: true,
  conversationType: 'channel',
  tenantId: TENANT,
  id,
});
const channelData = {
  teamsChannelId: CHANNEL,
  teamsTeamId: '19:efa9296d959346209fea44151c742e73@thread.tacv2',
  channel: { id: CHANNEL },
  team: { id: '19:efa9296d959346209fea44151c742e73@thread.tacv2' },
  tenant: { id: TENANT },
};
const mention = {
  type: 'mention',
  text: '<at>Omnify Support</at>',
  mentioned: { id: BOT, name: 'Omnify Support' },
};

/** Our samples by name. */
export const SAMPLES: Record<string, Record<string, unknown>> = {
  'personal_message.json': activity('message', '1761000000001', {
    textFormat: 'plain',
    text: 'Hello, where is my parcel?',
    attachments: [{ contentType: 'text/html', content: '<p>Hello, where is my parcel?</p>' }],
  }),
  'channel_mention.json': activity(
    'message',
    '1761000000100',
    {
      text: '<at>Omnify Support</at> my invoice is wrong',
      entities: [mention],
      channelData,
    },
    channelConversation(THREAD),
  ),
  'channel_thread_reply.json': activity(
    'message',
    '1761000000200',
    { text: 'It is invoice 4711', replyToId: '1761000000100', channelData },
    channelConversation(THREAD),
  ),
  'file_download_info.json': activity('message', '1761000000300', {
    text: 'Here is the contract',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        contentUrl: 'https://contoso.sharepoint.com/personal/megan/Documents/Applications/contract.pdf',
        name: 'contract.pdf',
        content: {
          downloadUrl: 'https://contoso.sharepoint.com/download?token=pre-authenticated',
          uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C9D',
          fileType: 'pdf',
        },
      },
    ],
  }),
  'inline_images.json': activity('message', '1761000000400', {
    text: '',
    attachments: [
      { contentType: 'image/png', contentUrl: `${SERVICE_URL}v3/attachments/0-eus-d1-a/views/original` },
      { contentType: 'image/jpeg', contentUrl: `${SERVICE_URL}v3/attachments/0-eus-d2-b/views/original` },
      { contentType: 'text/html', content: '<div><img src="…"></div>' },
    ],
  }),
  'adaptive_card_only.json': activity('message', '1761000000500', {
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.5', body: [] },
      },
    ],
  }),
  'message_update_edit.json': activity('messageUpdate', '1761000000001', {
    timestamp: '2025-10-20T22:41:10.1234567Z',
    text: 'Hello, where is my parcel 4711?',
    channelData: { eventType: 'editMessage', tenant: { id: TENANT } },
  }),
  'message_update_undelete.json': activity('messageUpdate', '1761000000001', {
    timestamp: '2025-10-20T22:42:00.0000000Z',
    text: 'Hello, where is my parcel 4711?',
    channelData: { eventType: 'undeleteMessage', tenant: { id: TENANT } },
  }),
  'message_delete.json': activity('messageDelete', '1761000000001', {
    channelData: { eventType: 'softDeleteMessage', tenant: { id: TENANT } },
  }),
  'reaction_added.json': activity('messageReaction', 'f:9f78d1f3', {
    reactionsAdded: [{ type: 'like' }],
    replyToId: '1761000000900',
  }),
  'reaction_removed.json': activity('messageReaction', 'f:9f78d1f4', {
    reactionsRemoved: [{ type: 'heart' }],
    replyToId: '1761000000900',
  }),
  'invoke.json': activity('invoke', 'f:invoke-1', { name: 'adaptiveCard/action', value: { action: {} } }),
  'own_bot_message.json': activity('message', '1761000000900', {
    from: { id: BOT, name: 'Omnify Support' },
    recipient: { id: PERSON, name: 'Megan Bowen' },
    text: 'Your parcel is on its way.',
  }),
  'conversation_update.json': activity('conversationUpdate', 'f:members-1', {
    membersAdded: [{ id: BOT }],
    channelData: { eventType: 'teamMemberAdded', tenant: { id: TENANT } },
  }),
  'typing.json': activity('typing', 'f:typing-1'),
};
