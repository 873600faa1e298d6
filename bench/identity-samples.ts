/**
 * One representative inbound text message per platform for the identity benchmark
 * (bench/identity.bench.ts): the channel config, the signed webhook request the platform would post
 * (built from the adapter's own test samples and signed as its contract suite signs them), and the
 * ids a message of sender `s` carries in the form the adapter's normalizer gives them, so that the
 * ingest measurement stores what each platform really produces (handle, thread key, dedupe key,
 * and the phone or e-mail the adapter vouches for).
 *
 * Test secrets only. Teams needs its identity side (OpenID metadata and keys): a local stand-in
 * (src/integrations/teams/teams.login.fixtures.ts) that {@link platformSamples} starts and `stop` ends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookRequest } from '../src/integrations/contract/channel-adapter.ts';
import type { InboundMessage, Platform } from '../src/integrations/contract/message.ts';
import {
  DM_CHANNEL,
  dispatch,
  GATEWAY_SAMPLES,
} from '../src/integrations/discord/discord.gateway.fixtures.ts';
import { DISCORD_SAMPLES } from '../src/integrations/discord/discord.samples.ts';
import { discordPublicKeyOfSeed, signDiscord } from '../src/integrations/discord/discord.signature.ts';
import { FIRST } from '../src/integrations/email/email.fixtures.ts';
import {
  instagramItems,
  messengerItems,
  envelope as metaEnvelope,
} from '../src/integrations/messenger/messenger.fixtures.ts';
import { SAMPLES as RESPONDIO_SAMPLES, received } from '../src/integrations/respondio/respondio.fixtures.ts';
import { RESPONDIO_SIGNATURE_HEADER, signRespondio } from '../src/integrations/respondio/respondio.verify.ts';
import { SAMPLES as SLACK_SAMPLES } from '../src/integrations/slack/slack.fixtures.ts';
import {
  SLACK_SIGNATURE_HEADER,
  SLACK_TIMESTAMP_HEADER,
  signSlack,
} from '../src/integrations/slack/slack.signature.ts';
import { SAMPLES as TEAMS_SAMPLES } from '../src/integrations/teams/teams.fixtures.ts';
import { bearerFor, startFakeLogin, testKey } from '../src/integrations/teams/teams.login.fixtures.ts';
import { TELEGRAM_SECRET_HEADER } from '../src/integrations/telegram/telegram.adapter.ts';
import { FORMS, signForm, WEBHOOK_URL } from '../src/integrations/twilio/twilio.fixtures.ts';
import { TWILIO_SIGNATURE_HEADER } from '../src/integrations/twilio/twilio.signature.ts';
import { SAMPLES as WEBCHAT_SAMPLES } from '../src/integrations/webchat/webchat.fixtures.ts';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../src/integrations/webhook/omnify-signature.ts';
import { signWhatsApp, WHATSAPP_SIGNATURE_HEADER } from '../src/integrations/whatsapp/whatsapp.signature.ts';
import { SAMPLE_PAYLOADS_DIR } from '../src/testing/fixtures.ts';

/** The ids of one message as a platform's normalizer produces them. */
export interface MessageKeys {
  handle: string;
  threadKey: string;
  platformMessageId: string;
  dedupeKey: string;
  /** Set only where the adapter sets `sender.phoneE164`. */
  phoneE164?: string;
  /** Set only where the adapter sets `sender.email` (the e-mail channel's key is its handle). */
  email?: string;
}

/** One platform's representative inbound text message. */
export interface PlatformSample {
  platform: Platform;
  /** The channel's `config` for `POST /api/v1/channels` (test secrets). */
  config: Record<string, unknown>;
  /** Where the body comes from (for the document). */
  source: string;
  /** False when the platform posts no signed webhook (web chat: the widget's session is checked by its own routes). */
  signed: boolean;
  /** The request as the webhook route hands it to the adapter, signed now. */
  request(): WebhookRequest;
  /**
   * The body the benchmark's messages are modelled on when the platform's messages do not arrive by
   * webhook (Discord: a Gateway `MESSAGE_CREATE` of the receive loop); else the request's body.
   */
  templateBody?: unknown;
  /**
   * Sender `s`'s message number `k` (both ≥ 0; `k` unique per platform across the run), ids shaped as
   * the adapter's normalizer shapes them.
   */
  keys(s: number, k: number, channelId: string): MessageKeys;
}

const SECRET = 'bench-identity-secret-0123456789abcdef';
const DISCORD_SEED = '62656e63682d6964656e746974792d646973636f72642d7365656421212121ff';
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const request = (rawBody: Buffer, headers: Record<string, string>, url?: string): WebhookRequest => {
  const lower: Record<string, string> = { 'content-type': 'application/json' };
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  return { method: 'POST', headers: lower, query: {}, rawBody, ...(url ? { url } : {}) };
};
const nowS = () => Math.floor(Date.now() / 1000);

/**
 * Senders are numbered per platform; their numbers never meet the seeded identities
 * (bench/identity-seed.ts) nor each other's platforms: WhatsApp +55 11 9…, Twilio +1 646 …,
 * Respond.io +49 152 ….
 */
function samples(teams: {
  config: Record<string, unknown>;
  sign(raw: Buffer): Record<string, string>;
}): PlatformSample[] {
  const whatsappBody = readFileSync(join(SAMPLE_PAYLOADS_DIR, 'whatsapp/text_hello.json'));
  const telegramBody = readFileSync(join(SAMPLE_PAYLOADS_DIR, 'telegram/update_private_text_question.json'));
  const webhookBody = readFileSync(join(SAMPLE_PAYLOADS_DIR, 'webhook/message_text.json'));
  const slackBody = json(SLACK_SAMPLES['dm_with_profile.json']);
  const messengerBody = json(metaEnvelope('page', '104123456789012', [messengerItems.text]));
  const instagramBody = json(metaEnvelope('instagram', '17841400000000001', [instagramItems.text]));
  const discordBody = json(DISCORD_SAMPLES['dm_slash_subcommand.json']);
  const { guild_id: _g, member: _m, ...dm } = GATEWAY_SAMPLES.guildMessage.d as Record<string, unknown>;
  const discordDm = dispatch('MESSAGE_CREATE', 2, { ...dm, channel_id: DM_CHANNEL });
  const teamsBody = json(TEAMS_SAMPLES['personal_message.json']);
  const respondioBody = json(
    RESPONDIO_SAMPLES['message_received_text.json'] ?? received(1, { type: 'text', text: 'Hi' }),
  );
  const webchatBody = json(WEBCHAT_SAMPLES['anonymous_text.json']);
  const twilioForm = Buffer.from(FORMS.sms_text!);
  const emailBody = Buffer.from(FIRST);
  return [
    {
      platform: 'whatsapp',
      config: {
        phoneNumberId: '100000000000001',
        accessToken: 'EAAbench-token',
        appSecret: SECRET,
        verifyToken: 'bench-verify',
      },
      source: 'samples/payloads/whatsapp/text_hello.json',
      signed: true,
      request: () =>
        request(whatsappBody, { [WHATSAPP_SIGNATURE_HEADER]: signWhatsApp(whatsappBody, SECRET) }),
      keys: (s, k) => {
        const handle = `55119${pad(s, 8)}`;
        const id = `wamid.HBgN${Buffer.from(`${handle}:${k}`).toString('base64')}AA==`;
        return { handle, threadKey: handle, platformMessageId: id, dedupeKey: id, phoneE164: `+${handle}` };
      },
    },
    {
      platform: 'telegram',
      config: { botToken: '123456789:AAbench-token', secretToken: 'bench_identity_secret_token' },
      source: 'samples/payloads/telegram/update_private_text_question.json',
      signed: true,
      request: () => request(telegramBody, { [TELEGRAM_SECRET_HEADER]: 'bench_identity_secret_token' }),
      keys: (s, k) => {
        const handle = String(6_100_000_000 + s);
        return {
          handle,
          threadKey: handle,
          platformMessageId: `${handle}:${k}`,
          dedupeKey: `${handle}:${k}`,
        };
      },
    },
    {
      platform: 'twilio',
      config: {
        accountSid: `AC${'a'.repeat(32)}`,
        authToken: 'test_auth_token_0123456789abcdef',
        from: '+15005550006',
      },
      source: 'src/integrations/twilio/twilio.fixtures.ts FORMS.sms_text',
      signed: true,
      request: () =>
        request(
          twilioForm,
          {
            'content-type': 'application/x-www-form-urlencoded',
            [TWILIO_SIGNATURE_HEADER]: signForm(FORMS.sms_text!),
          },
          WEBHOOK_URL,
        ),
      keys: (s, k) => {
        const handle = `+1646${pad(s, 7)}`;
        const sid = `SM${hex(s, 16)}${hex(k, 16)}`;
        return { handle, threadKey: handle, platformMessageId: sid, dedupeKey: sid, phoneE164: handle };
      },
    },
    {
      platform: 'slack',
      config: { botToken: 'xoxb-bench-token', signingSecret: SECRET },
      source: "src/integrations/slack/slack.fixtures.ts SAMPLES['dm_with_profile.json']",
      signed: true,
      request: () => {
        const ts = String(nowS());
        return request(slackBody, {
          [SLACK_TIMESTAMP_HEADER]: ts,
          [SLACK_SIGNATURE_HEADER]: signSlack(slackBody, SECRET, ts),
        });
      },
      keys: (s, k) => {
        const dm = `D0B${pad(s, 8)}`;
        const ts = `${1_700_000_000 + k}.${pad(s % 1_000_000, 6)}`;
        return {
          handle: `U0B${pad(s, 8)}`,
          threadKey: dm,
          platformMessageId: `${dm}:${ts}`,
          dedupeKey: `${dm}:${ts}`,
        };
      },
    },
    {
      platform: 'messenger',
      config: {
        pageId: '104123456789012',
        pageAccessToken: 'EAAGbench-token',
        appSecret: SECRET,
        verifyToken: 'bench-verify',
      },
      source: 'src/integrations/messenger/messenger.fixtures.ts messengerItems.text',
      signed: true,
      request: () =>
        request(messengerBody, { [WHATSAPP_SIGNATURE_HEADER]: signWhatsApp(messengerBody, SECRET) }),
      keys: (s, k) => metaKeys(String(6_543_210_000_000_000 + s), k),
    },
    {
      platform: 'instagram',
      config: {
        pageId: '104123456789012',
        instagramAccountId: '17841400000000001',
        pageAccessToken: 'EAAGbench-token',
        appSecret: SECRET,
        verifyToken: 'bench-verify',
      },
      source: 'src/integrations/messenger/messenger.fixtures.ts instagramItems.text',
      signed: true,
      request: () =>
        request(instagramBody, { [WHATSAPP_SIGNATURE_HEADER]: signWhatsApp(instagramBody, SECRET) }),
      keys: (s, k) => metaKeys(String(7_200_000_000_000_000 + s), k),
    },
    {
      platform: 'discord',
      config: {
        applicationId: '1200000000000000000',
        publicKey: discordPublicKeyOfSeed(DISCORD_SEED),
        botToken: 'MTIwMDAwMDAwMDAwMDAwMDAwMA.GxBench.omnify-bench-token',
      },
      source:
        "src/integrations/discord/discord.samples.ts DISCORD_SAMPLES['dm_slash_subcommand.json'] (the signed webhook: an interaction); " +
        'messages: discord.gateway.fixtures.ts GATEWAY_SAMPLES.guildMessage in a DM (the Gateway receive loop, no signature)',
      signed: true,
      request: () => request(discordBody, signDiscord(discordBody, DISCORD_SEED, String(nowS()))),
      templateBody: discordDm,
      keys: (s, k) => {
        const id = String(1_350_000_000_000_000_000n + BigInt(k));
        return {
          handle: String(800_000_000_000_000_000n + BigInt(s)),
          threadKey: String(1_300_000_000_000_000_000n + BigInt(s)),
          platformMessageId: id,
          dedupeKey: id,
        };
      },
    },
    {
      platform: 'email',
      config: {
        from: 'Acme Support <support@acme.example>',
        smtpHost: '127.0.0.1',
        smtpPort: 2525,
        smtpUser: 'support@acme.example',
        smtpPass: 'bench-smtp-password',
        inboundSecret: SECRET,
      },
      source: 'src/integrations/email/email.fixtures.ts FIRST (raw MIME, Authorization: Bearer)',
      signed: true,
      request: () =>
        request(emailBody, { 'content-type': 'message/rfc822', authorization: `Bearer ${SECRET}` }),
      // One thread per sender: its first Message-ID is the thread key of the replies (email.thread.ts).
      keys: (s, k) => {
        const id = `<m${k}.${s}@mail${s % 97}.example>`;
        return {
          handle: `customer.${s}@mail${s % 97}.example`,
          threadKey: `<t${s}@mail${s % 97}.example>`,
          platformMessageId: id,
          dedupeKey: id,
        };
      },
    },
    {
      platform: 'teams',
      config: teams.config,
      source:
        "src/integrations/teams/teams.fixtures.ts SAMPLES['personal_message.json'] (JWT from a local key set)",
      signed: true,
      request: () => request(teamsBody, teams.sign(teamsBody)),
      keys: (s, k) => {
        const thread = `a:1bench${pad(s, 10)}-personal`;
        const id = String(1_761_000_000_000 + k);
        return {
          handle: `29:1bench${pad(s, 10)}-user`,
          threadKey: thread,
          platformMessageId: id,
          dedupeKey: `${thread}|${id}`,
        };
      },
    },
    {
      platform: 'respondio',
      config: {
        apiToken: 'bench-respondio-api-token',
        channelToken: 'bench-respondio-channel-token-0123456789',
        signingKey: Buffer.from(SECRET).toString('base64'),
        webhookToken: 'bench_respondio_webhook_token_01',
      },
      source: "src/integrations/respondio/respondio.fixtures.ts SAMPLES['message_received_text.json']",
      signed: true,
      request: () =>
        request(respondioBody, {
          [RESPONDIO_SIGNATURE_HEADER]: signRespondio(respondioBody, Buffer.from(SECRET).toString('base64')),
        }),
      keys: (s, k) => {
        const handle = `id:${2_000_000 + s}`;
        const id = String(1_726_740_558_441_000 + k);
        return {
          handle,
          threadKey: handle,
          platformMessageId: id,
          dedupeKey: id,
          phoneE164: `+49152${pad(s, 8)}`,
        };
      },
    },
    {
      platform: 'webchat',
      config: { allowedOrigins: ['https://shop.example.com'], identitySecret: SECRET },
      source:
        "src/integrations/webchat/webchat.fixtures.ts SAMPLES['anonymous_text.json'] (no webhook: parse only)",
      signed: false,
      request: () => request(webchatBody, {}),
      keys: (s, k, channelId) => {
        const handle = `6f1e2d3c-4b5a-4978-8a6b-${pad(s, 12)}`;
        const thread = `${channelId}:${handle}`;
        const id = `m_BENCH${pad(k, 10)}`;
        return { handle, threadKey: thread, platformMessageId: id, dedupeKey: `${thread}:${id}` };
      },
    },
    {
      platform: 'webhook',
      config: { secret: SECRET, callbackUrl: 'http://127.0.0.1:9/omnify' },
      source: 'samples/payloads/webhook/message_text.json',
      signed: true,
      request: () => request(webhookBody, { [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, webhookBody) }),
      keys: (s, k) => {
        const id = `crm-${hex(s, 8)}-${hex(k, 8)}`;
        return { handle: `customer-${s}`, threadKey: `ticket-${s}`, platformMessageId: id, dedupeKey: id };
      },
    },
  ];
}

/** Messenger and Instagram: the PSID / IGSID is the handle and the thread, the `mid` the message id. */
function metaKeys(handle: string, k: number): MessageKeys {
  const mid = `m_AG5Hz2Uq7tuwNEhX${Buffer.from(`${handle}:${k}`).toString('base64url')}`;
  return { handle, threadKey: handle, platformMessageId: mid, dedupeKey: mid };
}

/**
 * `template` (the sample's message as its adapter parsed it) with the ids of `keys`: the sender's
 * handle, phone and e-mail replaced (name and username kept), the same text, content and raw item.
 */
export function messageOf(template: InboundMessage, keys: MessageKeys, displayName?: string): InboundMessage {
  const { phoneE164: _p, email: _e, handle: _h, ...profile } = template.sender;
  return {
    ...template,
    platformMessageId: keys.platformMessageId,
    dedupeKey: keys.dedupeKey,
    threadKey: keys.threadKey,
    sender: {
      ...profile,
      ...(displayName ? { displayName } : {}),
      handle: keys.handle,
      ...(keys.phoneE164 ? { phoneE164: keys.phoneE164 } : {}),
      ...(keys.email ? { email: keys.email } : {}),
    },
  };
}

/** The samples of every platform, with the Teams identity stand-in running until `stop`. */
export async function platformSamples(): Promise<{ samples: PlatformSample[]; stop(): Promise<void> }> {
  const key = await testKey('bench-key');
  const login = await startFakeLogin([key]);
  const teams = {
    config: {
      appId: '6f1c2b7e-3a4d-4e5f-9a0b-1c2d3e4f5a6b',
      appPassword: 'test-app-password~0mnify.Q8s',
      openIdMetadataUrl: login.metadataUrl,
      tokenUrl: login.tokenUrl,
    },
    sign: (raw: Buffer) => bearerFor(raw, key, nowS()),
  };
  return { samples: samples(teams), stop: () => login.stop() };
}
