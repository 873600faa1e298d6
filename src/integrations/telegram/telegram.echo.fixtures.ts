import { expect } from 'vitest';
import type { WebhookFixture } from '../contract/channel.contract-suite.ts';
import type { InboundEvent } from '../contract/message.ts';

/*
 * Updates that carry our own side of a chat. No real capture is available: they are written from
 * the Telegram Bot API documentation (`Update`: message, edited_message, business_message;
 * `Message`: from, chat, via_bot, business_connection_id, sender_business_bot; `User`: id,
 * is_bot, first_name, username; `Chat`: id, type, title). The values are ours.
 */

const BOT_NAME = { is_bot: true, first_name: 'Omnify Shop', username: 'omnify_shop_bot' };
const GROUP = { id: -1001987654321, type: 'supergroup', title: 'Shop customers' };
const CUSTOMER = { id: 5823100417, is_bot: false, first_name: 'Lena', username: 'lena_okafor_demo' };
const OWNER = { id: 6100000001, is_bot: false, first_name: 'Shop owner' };
const DATE = 1761994800;

/** Customer's private chat as a business account sees it: its id is the customer's user id. */
const businessChat = { id: CUSTOMER.id, type: 'private', first_name: CUSTOMER.first_name };

/** Every own-side update for the bot `botId`, by name. Each must yield no event. */
export function ownSideUpdates(botId: number): Record<string, Record<string, unknown>> {
  const bot = { id: botId, ...BOT_NAME };
  return {
    own_bot_in_group: {
      update_id: 900001,
      message: { message_id: 71, from: bot, chat: GROUP, date: DATE, text: 'You said: hi' },
    },
    own_bot_edit_in_group: {
      update_id: 900002,
      edited_message: {
        message_id: 71,
        from: bot,
        chat: GROUP,
        date: DATE,
        edit_date: DATE + 5,
        text: 'You said: hi!',
      },
    },
    via_own_bot: {
      update_id: 900003,
      message: {
        message_id: 72,
        from: CUSTOMER,
        chat: GROUP,
        date: DATE,
        via_bot: bot,
        text: 'Opening hours: 9-18',
      },
    },
    business_sent_by_bot: {
      update_id: 900004,
      business_message: {
        business_connection_id: 'omnify-business-connection-1',
        message_id: 73,
        from: OWNER,
        chat: businessChat,
        sender_business_bot: bot,
        date: DATE,
        text: 'Your order ships today.',
      },
    },
    business_sent_by_owner: {
      update_id: 900005,
      business_message: {
        business_connection_id: 'omnify-business-connection-1',
        message_id: 74,
        from: OWNER,
        chat: businessChat,
        date: DATE,
        text: 'Typed on my phone',
      },
    },
  };
}

/** Customers' updates that look close to ours, each stored as one message. */
export function customerLookalikes(botId: number): Record<string, Record<string, unknown>> {
  return {
    business_from_customer: {
      update_id: 900101,
      business_message: {
        business_connection_id: 'omnify-business-connection-1',
        message_id: 75,
        from: CUSTOMER,
        chat: businessChat,
        date: DATE,
        text: 'Is my order on its way?',
      },
    },
    // A person whose id happens to equal the bot's (sandbox test users): not a bot, so not us.
    person_with_bot_id: {
      update_id: 900102,
      message: {
        message_id: 76,
        from: { id: botId, is_bot: false, first_name: 'Tester' },
        chat: { id: botId, type: 'private', first_name: 'Tester' },
        date: DATE,
        text: 'hello',
      },
    },
  };
}

/** The own-side updates as fixtures for the shared contract suite (config bot id `botId`). */
export function echoWebhooks(botId: number): WebhookFixture[] {
  return Object.entries(ownSideUpdates(botId)).map(([name, update]) => ({
    name: `own/${name} (from Bot API docs)`,
    body: Buffer.from(JSON.stringify(update)),
    check: (events: InboundEvent[]) => expect(events).toEqual([]),
  }));
}
