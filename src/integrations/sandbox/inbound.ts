import { randomBytes, randomInt } from 'node:crypto';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { Platform } from '../contract/message.ts';
import { SLACK_SIGNATURE_HEADER, SLACK_TIMESTAMP_HEADER, signSlack } from '../slack/slack.signature.ts';
import { TELEGRAM_SECRET_HEADER } from '../telegram/telegram.adapter.ts';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../webhook/omnify-signature.ts';
import { signWhatsApp, WHATSAPP_SIGNATURE_HEADER } from '../whatsapp/whatsapp.signature.ts';

/** A contact writing to a sandbox channel: `handle` is the platform's id (WhatsApp digits, Telegram user id). */
export interface SandboxSender {
  handle: string;
  name: string;
}

/** What a simulated customer (or the emulated platform) does on a sandbox channel. */
export type SandboxInboundEvent =
  | { kind: 'message'; from: SandboxSender; text: string }
  | {
      kind: 'status';
      /** The platform's id of a message Omnify sent (what the emulator answered). */
      platformMessageId: string;
      /** The contact's handle (WhatsApp `recipient_id`). */
      recipient: string;
      status: 'delivered' | 'read' | 'failed';
      /** For `failed`: the platform's error code and text. */
      error?: { code: string; title: string; details: string };
    };

/** A webhook delivery the platform would make: signed headers, the exact body bytes. */
export interface SandboxDelivery {
  headers: Record<string, string>;
  body: Buffer;
  /** For a message: the platform message id Omnify will store it under (`messages.platform_message_id`). */
  platformMessageId?: string;
}

const str = (config: Record<string, unknown>, key: string): string => {
  const v = config[key];
  if (typeof v !== 'string' || !v) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `The sandbox channel has no ${key} to sign with.`);
  }
  return v;
};

function whatsapp(config: Record<string, unknown>, e: SandboxInboundEvent, now: Date): SandboxDelivery {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const phoneNumberId = str(config, 'phoneNumberId');
  let value: Record<string, unknown>;
  let platformMessageId: string | undefined;
  if (e.kind === 'message') {
    platformMessageId = `wamid.SANDBOXIN${randomBytes(12).toString('hex').toUpperCase()}`;
    value = {
      contacts: [{ profile: { name: e.from.name }, wa_id: e.from.handle }],
      messages: [
        { from: e.from.handle, id: platformMessageId, timestamp, type: 'text', text: { body: e.text } },
      ],
    };
  } else {
    const errors = e.error
      ? [
          {
            code: Number(e.error.code),
            title: e.error.title,
            message: e.error.title,
            error_data: { details: e.error.details },
          },
        ]
      : undefined;
    value = {
      statuses: [{ id: e.platformMessageId, status: e.status, timestamp, recipient_id: e.recipient, errors }],
    };
  }
  const body = Buffer.from(
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'SANDBOX',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: phoneNumberId, phone_number_id: phoneNumberId },
                ...value,
              },
            },
          ],
        },
      ],
    }),
  );
  return {
    headers: { [WHATSAPP_SIGNATURE_HEADER]: signWhatsApp(body, str(config, 'appSecret')) },
    body,
    platformMessageId,
  };
}

function telegram(config: Record<string, unknown>, e: SandboxInboundEvent, now: Date): SandboxDelivery {
  if (e.kind !== 'message') {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Telegram sends no delivery statuses.');
  }
  const id = Number(e.from.handle);
  if (!Number.isSafeInteger(id)) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'A Telegram sender handle is a numeric user id.', {
      fields: [{ path: '/body/from/handle', message: 'expected digits' }],
    });
  }
  const [first, ...rest] = e.from.name.split(' ');
  const user = {
    id,
    first_name: first || e.from.name,
    ...(rest.length ? { last_name: rest.join(' ') } : {}),
  };
  // Message ids count per chat; a random one never collides with the sandbox's earlier ones in practice.
  const messageId = randomInt(1, 2 ** 31 - 1);
  const body = Buffer.from(
    JSON.stringify({
      update_id: randomInt(1, 2 ** 31 - 1),
      message: {
        message_id: messageId,
        from: { ...user, is_bot: false },
        chat: { ...user, type: 'private' },
        date: Math.floor(now.getTime() / 1000),
        text: e.text,
      },
    }),
  );
  return {
    headers: { [TELEGRAM_SECRET_HEADER]: str(config, 'secretToken') },
    body,
    platformMessageId: `${id}:${messageId}`,
  };
}

function webhook(config: Record<string, unknown>, e: SandboxInboundEvent, now: Date): SandboxDelivery {
  const timestamp = now.toISOString();
  let event: Record<string, unknown>;
  let platformMessageId: string | undefined;
  if (e.kind === 'message') {
    platformMessageId = `sandbox-in-${randomBytes(12).toString('hex')}`;
    event = {
      type: 'message',
      id: platformMessageId,
      from: { id: e.from.handle, name: e.from.name },
      timestamp,
      text: e.text,
    };
  } else {
    event = {
      type: 'status',
      messageId: e.platformMessageId,
      status: e.status,
      timestamp,
      ...(e.error ? { error: { code: e.error.code, message: e.error.details } } : {}),
    };
  }
  const body = Buffer.from(JSON.stringify(event));
  return {
    headers: { [OMNIFY_SIGNATURE_HEADER]: signOmnify(str(config, 'secret'), body) },
    body,
    platformMessageId,
  };
}

/**
 * Messenger and Instagram (Meta's Messenger Platform webhooks): one `messaging` item from the
 * contact (`sender` = their page- or Instagram-scoped id) to the page or Instagram account, signed
 * `X-Hub-Signature-256` with the channel's `appSecret`. Messages only: their delivery receipts carry
 * no per-message ids the sandbox could name.
 */
const meta =
  (object: 'page' | 'instagram', accountKey: 'pageId' | 'instagramAccountId') =>
  (config: Record<string, unknown>, e: SandboxInboundEvent, now: Date): SandboxDelivery => {
    if (e.kind !== 'message') {
      throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The sandbox simulates only messages on this platform.');
    }
    const account = str(config, accountKey);
    const mid = `m_SANDBOXIN${randomBytes(12).toString('hex')}`;
    const body = Buffer.from(
      JSON.stringify({
        object,
        entry: [
          {
            id: account,
            time: now.getTime(),
            messaging: [
              {
                sender: { id: e.from.handle },
                recipient: { id: account },
                timestamp: now.getTime(),
                message: { mid, text: e.text },
              },
            ],
          },
        ],
      }),
    );
    return {
      headers: { [WHATSAPP_SIGNATURE_HEADER]: signWhatsApp(body, str(config, 'appSecret')) },
      body,
      platformMessageId: mid,
    };
  };

/**
 * Slack (Events API): an `event_callback` with a direct-message `message` event from the contact
 * (`user` = their Slack user id, the DM channel `D` + their id), signed v0 with the channel's
 * `signingSecret` at the current time. Messages only: Slack sends no delivery statuses.
 */
function slack(config: Record<string, unknown>, e: SandboxInboundEvent, now: Date): SandboxDelivery {
  if (e.kind !== 'message') {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Slack sends no delivery statuses.');
  }
  const seconds = Math.floor(now.getTime() / 1000);
  const ts = `${seconds}.${String(randomInt(0, 999_999)).padStart(6, '0')}`;
  const channel = `D${e.from.handle.replace(/^U/, '')}`;
  const body = Buffer.from(
    JSON.stringify({
      token: 'sandbox',
      team_id: 'TSANDBOX',
      api_app_id: 'ASANDBOX',
      type: 'event_callback',
      event_id: `Ev${randomBytes(8).toString('hex').toUpperCase()}`,
      event_time: seconds,
      event: {
        type: 'message',
        channel_type: 'im',
        channel,
        user: e.from.handle,
        // Slack adds the author's profile to many message events; without it the name is looked up.
        user_profile: { display_name: e.from.name, real_name: e.from.name },
        text: e.text,
        ts,
      },
    }),
  );
  const timestamp = String(seconds);
  return {
    headers: {
      [SLACK_TIMESTAMP_HEADER]: timestamp,
      [SLACK_SIGNATURE_HEADER]: signSlack(body, str(config, 'signingSecret'), timestamp),
    },
    body,
    platformMessageId: `${channel}:${ts}`,
  };
}

const BUILDERS: Partial<
  Record<Platform, (c: Record<string, unknown>, e: SandboxInboundEvent, now: Date) => SandboxDelivery>
> = {
  whatsapp,
  telegram,
  webhook,
  slack,
  messenger: meta('page', 'pageId'),
  instagram: meta('instagram', 'instagramAccountId'),
};

/** True when the sandbox can simulate deliveries of `platform`. */
export function canSimulateInbound(platform: string): boolean {
  return Object.hasOwn(BUILDERS, platform);
}

/**
 * The webhook delivery `platform` would make for `event` to a channel with `config`, in the
 * platform's real shape and signed with the channel's own secret (WhatsApp `X-Hub-Signature-256`
 * with `appSecret`, Telegram's secret-token header, the webhook channel's `X-Omnify-Signature`), so
 * it passes the same verification, parsing and ingest as a real one. Message ids are fresh random
 * ids (a simulated message is never a duplicate).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` for a platform the sandbox cannot simulate, a status on
 *   Telegram (which has none), or a config lacking the secret.
 */
export function sandboxDelivery(
  platform: string,
  config: Record<string, unknown>,
  event: SandboxInboundEvent,
  now = new Date(),
): SandboxDelivery {
  const build = BUILDERS[platform as Platform];
  if (!build) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `The sandbox cannot simulate ${platform} messages.`);
  }
  return build(config, event, now);
}
