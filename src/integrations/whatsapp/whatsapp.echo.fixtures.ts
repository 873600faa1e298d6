import { expect } from 'vitest';
import type { WebhookFixture } from '../contract/channel.contract-suite.ts';
import type { InboundEvent } from '../contract/message.ts';

/*
 * Echo payloads for the WhatsApp tests. No real capture is available: these are written from
 * Meta's documentation, "smb_message_echoes webhook reference" (WhatsApp Business Account webhooks,
 * updated Oct 22, 2025): envelope `whatsapp_business_account`, one change with
 * `field: "smb_message_echoes"` whose value holds `metadata` {display_phone_number,
 * phone_number_id} and `message_echoes[]` items {from: the business display number, to: the
 * WhatsApp user's number as it was typed, id: a wamid, timestamp: Unix seconds as a string, type,
 * and the content object named by `type`}. The values are ours.
 */

/** The business number of the echo fixtures (`metadata.display_phone_number`). */
export const ECHO_BUSINESS_NUMBER = '15550001000';

/**
 * A documented `smb_message_echoes` webhook: the business sent `text` (message id `id`) from the
 * WhatsApp Business app to the customer `to`, for the Cloud API number `phoneNumberId`.
 */
export function smbMessageEcho(opts: {
  id: string;
  to: string;
  text: string;
  phoneNumberId: string;
  businessNumber?: string;
}): Record<string, unknown> {
  const business = opts.businessNumber ?? ECHO_BUSINESS_NUMBER;
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: business, phone_number_id: opts.phoneNumberId },
              message_echoes: [
                {
                  from: business,
                  to: opts.to,
                  id: opts.id,
                  timestamp: '1739321024',
                  type: 'text',
                  text: { body: opts.text },
                },
              ],
            },
            field: 'smb_message_echoes',
          },
        ],
      },
    ],
  };
}

/**
 * A `messages` change whose item was written by the business number itself (as the echo field
 * would carry it, should Meta ever put one there): our own side, never a customer's message.
 */
export function messageFromOwnNumber(id: string, phoneNumberId: string): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              // Meta may format the display number; it is compared by its digits.
              metadata: { display_phone_number: '+1 555-000-1000', phone_number_id: phoneNumberId },
              messages: [
                {
                  from: ECHO_BUSINESS_NUMBER,
                  id,
                  timestamp: '1739321024',
                  type: 'text',
                  text: { body: 'hi' },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

const none = (events: InboundEvent[]) => expect(events).toEqual([]);

/** The echo fixtures the shared contract suite parses (each must yield no event at all). */
export const echoWebhooks: WebhookFixture[] = [
  {
    name: 'own/smb_message_echoes (from Meta docs)',
    body: Buffer.from(
      JSON.stringify(
        smbMessageEcho({
          id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
          to: '+16505551234',
          text: "Here's the info you requested!",
          phoneNumberId: '106540352242922',
        }),
      ),
    ),
    check: none,
  },
  {
    name: 'own/message_from_own_number',
    body: Buffer.from(JSON.stringify(messageFromOwnNumber('wamid.OWN-NUMBER-1', '106540352242922'))),
    check: none,
  },
];
