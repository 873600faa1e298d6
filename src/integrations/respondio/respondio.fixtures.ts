/*
 * Test support for the respond.io tests. /work/shared/fixtures/payloads/respondio/ holds no payloads
 * (its SOURCE.md: nothing verbatim and complete was found), so every body here is written from
 * documentation: the webhook events from the shapes respond.io's own n8n integration, activepieces'
 * respond.io piece ("sample based on their docs") and third-party receivers' tests show
 * (`event_type`, `event_id`, `contact`, `message` with `messageId`, `traffic`, `timestamp`,
 * `message`, `status[]`, `channel`, `sender`); the Custom Channel bodies from help.respond.io "Custom
 * Channel Quick Start" and respond-io/custom-channel-integration-example. Ids and names are made up.
 */

import { expect } from 'vitest';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import type { RespondioConfig } from './respondio.adapter.ts';

/** Two webhook signing keys (one per respond.io webhook), base64 text as respond.io shows them. */
export const SIGNING_KEY_1 = 'dGVzdC1zaWduaW5nLWtleS1vbmUtMG1uaWZ5LTAxMjM=';
export const SIGNING_KEY_2 = 'dGVzdC1zaWduaW5nLWtleS10d28tMG1uaWZ5LTQ1Njc=';

/** The test channel's config (secrets are test values). */
export const config: RespondioConfig = {
  apiToken: 'test-respondio-api-token-0mnify-0123456789',
  channelToken: 'test-respondio-channel-token-0mnify-abcdef',
  customChannelId: 'cc0mnifytest01',
  signingKey: `${SIGNING_KEY_1}, ${SIGNING_KEY_2}`,
  webhookToken: 'test_webhook_token_0mnify_1234567',
};

/** The tests' clock: 2024-09-19T10:10:00Z, shortly after the samples' message times. */
export const NOW_MS = 1_726_740_600_000;

export const CONTACT_ID = 1001;
export const THREAD = `id:${CONTACT_ID}`;
/** The respond.io channel (a WhatsApp number connected to respond.io) the contact writes on. */
export const CHANNEL_ID = 5501;
/** A Custom Channel contact (Phone Number ID type). */
export const CUSTOM_CONTACT = '+4915112345678';

/** The one message `events` must be. */
export function one(events: InboundEvent[]): InboundMessage {
  expect(events).toHaveLength(1);
  expect(events[0]!.kind).toBe('message');
  return events[0] as InboundMessage;
}

const contact = {
  id: CONTACT_ID,
  firstName: 'Amara',
  lastName: 'Okoye',
  phone: '+4915198765432',
  email: 'amara@example.com',
  language: 'en',
  profilePic: 'https://cdn.example.com/amara.png',
  countryCode: 'DE',
  status: 'open',
  assignee: { id: 2, email: 'agent@example.com', firstName: 'Jo', lastName: 'Agent' },
  created_at: 1726000000,
  lifecycle: 'Hot Lead',
};
const channel = {
  id: CHANNEL_ID,
  name: 'WhatsApp Support',
  source: 'whatsapp_cloud',
  created_at: 1701403960,
};

/** A `message.received` event for `message` (the inner `{type, …}` object). */
export function received(
  messageId: number,
  message: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    event_type: 'message.received',
    event_id: `evt-received-${messageId}`,
    sender: { type: 'message', source: 'contact' },
    contact,
    message: {
      messageId,
      channelMessageId: `wamid.TEST${messageId}`,
      contactId: CONTACT_ID,
      channelId: CHANNEL_ID,
      traffic: 'incoming',
      timestamp: 1726740558441,
      message,
      ...extra,
    },
    channel,
  };
}

/** A `message.sent` event for the message `messageId` with its status history. */
export function sent(
  messageId: number | string,
  status: Array<Record<string, unknown>>,
  source = 'api',
): Record<string, unknown> {
  return {
    event_type: 'message.sent',
    event_id: `evt-sent-${messageId}-${status.length}`,
    sender: { type: 'message', source },
    contact,
    message: {
      messageId,
      channelMessageId: `wamid.OUT${messageId}`,
      contactId: CONTACT_ID,
      channelId: CHANNEL_ID,
      traffic: 'outgoing',
      timestamp: 1726740570,
      message: { type: 'text', text: 'An answer' },
      status,
    },
    channel,
  };
}

/** A Custom Channel delivery from respond.io to `/message` (what a respond.io user sent the contact). */
export function customDelivery(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channelId: config.customChannelId,
    contactId: CUSTOM_CONTACT,
    message: { type: 'text', text },
    ...extra,
  };
}

/** Every sample webhook body, by name (the contract suite parses each; the first one is signed). */
export const SAMPLES: Record<string, Record<string, unknown>> = {
  'message_received_text.json': received(1726740558441000, {
    type: 'text',
    text: 'Hi, where is my order #4411?',
  }),
  'message_received_image.json': received(1726740558441001, {
    type: 'attachment',
    attachment: {
      type: 'image',
      url: 'https://cdn.example.com/files/photo.jpg',
      fileName: 'photo.jpg',
      mimeType: 'image/jpeg',
      size: 48213,
    },
  }),
  'message_received_file.json': received(1726740558441002, {
    type: 'attachment',
    attachment: { type: 'file', url: 'https://cdn.example.com/files/invoice.pdf', fileName: 'invoice.pdf' },
  }),
  'message_received_location.json': received(1726740558441003, {
    type: 'location',
    latitude: 52.52,
    longitude: 13.405,
    address: 'Alexanderplatz, Berlin',
  }),
  'message_received_email.json': received(1726740558441004, {
    type: 'email',
    subject: 'Refund',
    text: 'Please refund my last order.',
  }),
  'message_received_unsupported.json': received(1726740558441005, { type: 'unsupported' }),
  'message_received_seconds.json': received(
    1262965200,
    { type: 'text', text: 'Sent with a time in seconds', messageTag: 'ACCOUNT_UPDATE' },
    { timestamp: 1662965213 },
  ),
  'message_received_own_custom_echo.json': received(
    1726740558441006,
    { type: 'text', text: 'Our answer, posted through the Custom Channel' },
    { channelMessageId: 'omnify-00000000-0000-4000-8000-000000000001' },
  ),
  'message_sent_delivered.json': sent(1262965213, [
    { value: 'pending', timestamp: 1662965213 },
    { value: 'sent', timestamp: 1662965214 },
    { value: 'delivered', timestamp: 1662965220 },
  ]),
  'message_sent_failed.json': sent(1262965214, [
    { value: 'pending', timestamp: 1662965213 },
    { value: 'failed', timestamp: 1662965213, message: 'Failed reason' },
  ]),
  'message_sent_pending.json': sent(1262965215, [{ value: 'pending', timestamp: 1662965213 }], 'user'),
  'contact_updated.json': {
    event_type: 'contact.updated',
    event_id: 'evt-contact-1',
    action: 'updated',
    contact,
  },
  'conversation_closed.json': {
    event_type: 'conversation.closed',
    event_id: 'evt-closed-1',
    contact,
    conversation: { summary: 'Order found', category: 'Resolved', closedTime: 1726740590 },
  },
  'custom_channel_text.json': customDelivery('Hello from a respond.io workflow'),
  'custom_channel_attachment.json': customDelivery('', {
    message: { type: 'attachment', attachment: { type: 'video', url: 'https://cdn.example.com/clip.mp4' } },
  }),
};
