/**
 * The channel wizard's forms for Discord, Twilio, e-mail and respond.io in real headless Chromium
 * against one real server (PGlite): each platform's own fields filled in the browser, the channel
 * created with exactly that config (read back through the API, secrets masked), and where the
 * platform checks the URL or posts to it, the signed request answered as the platform requires —
 * Discord's signed PING gets PONG (and a badly signed one 401), a signed Twilio SMS and a respond.io
 * Custom Channel delivery turn the "waiting for your first message" check green. Screenshots:
 * wizard-discord, wizard-email (desktop). Skips when Chromium is missing.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  discordPublicKeyOfSeed,
  signDiscord,
} from '../../../../src/integrations/discord/discord.signature.ts';
import { twilioSignature } from '../../../../src/integrations/twilio/twilio.signature.ts';
import { checkA11y, findChromium, NO_BROWSER, screenshot } from '../../../../src/testing/browser.ts';
import type { TestOmnify } from '../../../../src/testing/harness.ts';
import {
  closeAfterAll,
  type SignedInPage,
  startSignedInPage,
} from '../../../../src/testing/signed-in-page.ts';

const OWNER = { name: 'Ines Duarte', email: 'ines@example.com', password: 'correct horse battery' };
/** The Ed25519 seed of our stand-in Discord application (Discord signs with the app's private key). */
const DISCORD_SEED = '5a1f0e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff';
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

describe.skipIf(!chromiumPath)(
  'the channel wizard on Discord, Twilio, e-mail and respond.io (Chromium)',
  () => {
    let app: SignedInPage;
    let omnify: TestOmnify;
    let page: Page;
    /** The input labelled `label` (a password input's label also names its "show" toggle). */
    const input = (label: string | RegExp) =>
      page.getByLabel(typeof label === 'string' ? new RegExp(`^${label}`) : label).and(page.locator('input'));
    /** Opens the platform's form, fills `fields` (label → value) and submits with `submit`. */
    const connect = async (platform: string, fields: [string, string][], before?: () => Promise<void>) => {
      await page.goto(`${omnify.url}/setup/channel?platform=${platform}`);
      await expect.poll(() => page.getByTestId(`choice-${platform}`).isVisible()).toBe(true);
      for (const [label, value] of fields) await input(label).fill(value);
      await before?.();
    };
    /** Submits, waits for the webhook URL and returns the new channel as the API answers it. */
    const submit = async (button: string) => {
      await page.getByRole('button', { name: button }).click();
      await expect.poll(() => page.getByTestId('webhook-url').isVisible()).toBe(true);
      const id = /channelId=([0-9a-f-]{36})/.exec(page.url())![1]!;
      const res = await omnify.api('GET', `/api/v1/channels/${id}`);
      expect(res.status).toBe(200);
      return res.json as {
        id: string;
        platform: string;
        webhookUrl: string;
        config: Record<string, unknown>;
      };
    };
    const expectAccessible = async () => {
      await page.mouse.move(0, 0);
      expect(await checkA11y(page)).toEqual([]);
    };

    beforeAll(async () => {
      app = await startSignedInPage({ owner: OWNER, workspaceName: 'Tinta Studio' });
      ({ omnify, page } = app);
    }, 120_000);

    closeAfterAll('wizard-platforms', () => app);

    it('connects a Discord app with the Gateway on: its signed PING gets PONG, a bad signature 401', async () => {
      const publicKey = discordPublicKeyOfSeed(DISCORD_SEED);
      await connect('discord', [
        ['Application ID', '1234567890123456789'],
        ['Public Key', publicKey],
        ['Bot token', 'MTIz.wizard-e2e.discord-bot-token'],
      ]);
      // The Gateway's intents appear with the switch, all asked for by default.
      expect(await page.getByRole('checkbox', { name: 'MESSAGE_CONTENT' }).count()).toBe(0);
      await page.getByRole('switch', { name: /^Receive ordinary messages/ }).click();
      await expect.poll(() => page.getByRole('checkbox', { name: 'MESSAGE_CONTENT' }).isChecked()).toBe(true);
      await page.getByRole('checkbox', { name: 'GUILD_MESSAGES' }).uncheck();
      await page.getByRole('checkbox', { name: 'GUILD_MESSAGE_REACTIONS' }).uncheck();
      await page.mouse.move(0, 0);
      await screenshot(page, 'wizard-discord', 'desktop');
      await expectAccessible();
      const channel = await submit('Connect Discord');
      expect(channel.platform).toBe('discord');
      expect(channel.config).toMatchObject({
        applicationId: '1234567890123456789',
        publicKey,
        gateway: true,
        gatewayIntents: ['DIRECT_MESSAGES', 'MESSAGE_CONTENT', 'DIRECT_MESSAGE_REACTIONS'],
      });
      expect(channel.config.botToken).not.toContain('wizard-e2e');

      // What Discord sends when the Interactions Endpoint URL is saved: a signed PING, then a bad one.
      const path = new URL(channel.webhookUrl).pathname;
      const ping = JSON.stringify({
        id: '1300000000000000001',
        application_id: '1234567890123456789',
        type: 1,
        token: 'x',
        version: 1,
      });
      const ts = String(Math.floor(Date.now() / 1000));
      const pong = await omnify.post(path, ping, signDiscord(ping, DISCORD_SEED, ts));
      expect(pong.status).toBe(200);
      expect(pong.json).toEqual({ type: 1 });
      const forged = signDiscord(`${ping} `, DISCORD_SEED, ts);
      expect((await omnify.post(path, ping, forged)).status).toBe(401);
      // No Gateway connection to the real Discord from a test: the channel goes once checked.
      expect((await omnify.api('DELETE', `/api/v1/channels/${channel.id}`)).status).toBe(204);
    });

    it('connects a Twilio number with delivery statuses; a signed SMS turns the check green', async () => {
      const authToken = 'wizard-e2e-twilio-auth-token-0123';
      await connect('twilio', [
        ['Account SID', `AC${'ab'.repeat(16)}`],
        ['Auth Token', authToken],
        ['Sender', '+14155550100'],
      ]);
      expect(await page.getByRole('switch', { name: /^Delivery statuses/ }).isChecked()).toBe(true);
      // A wrong SID is caught in the form, with what is wrong.
      await input('Account SID').fill('SK123');
      await page.getByRole('button', { name: 'Connect Twilio' }).click();
      await expect.poll(() => page.getByText('An Account SID is AC followed by 32').isVisible()).toBe(true);
      await input('Account SID').fill(`AC${'ab'.repeat(16)}`);
      const channel = await submit('Connect Twilio');
      expect(channel.config).toMatchObject({
        accountSid: `AC${'ab'.repeat(16)}`,
        from: '+14155550100',
        statusCallback: channel.webhookUrl,
      });
      expect(channel.config.authToken).not.toBe(authToken);

      const form = new URLSearchParams({
        MessageSid: `SM${'1'.repeat(32)}`,
        SmsSid: `SM${'1'.repeat(32)}`,
        AccountSid: `AC${'ab'.repeat(16)}`,
        From: '+14155550199',
        To: '+14155550100',
        Body: 'Hello from my phone',
        NumMedia: '0',
      }).toString();
      const signature = twilioSignature(
        authToken,
        channel.webhookUrl,
        Object.fromEntries(new URLSearchParams(form)),
      );
      const res = await omnify.post(new URL(channel.webhookUrl).pathname, form, {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      });
      expect(res.status, res.text).toBe(200);
      await expect
        .poll(() => page.getByTestId('first-message').getAttribute('data-state'), { timeout: 10_000 })
        .toBe('received');
      expect(await page.getByTestId('first-message').textContent()).toContain('Hello from my phone');
    });

    it('connects a mailbox: SMTP on 465 with TLS, IMAP with its own mailbox, secrets masked', async () => {
      await connect('email', [
        ['From', 'Tinta Support <support@tinta.example>'],
        ['SMTP server', 'smtp.tinta.example'],
        ['User name', 'support@tinta.example'],
        ['App password', 'abcd efgh ijkl mnop'.replaceAll(' ', '')],
      ]);
      // The defaults: 587 with STARTTLS; port 465 switches TLS from the start on by itself.
      expect(await input('SMTP port').inputValue()).toBe('587');
      const smtpTls = page.getByRole('switch', { name: 'TLS from the start' });
      expect(await smtpTls.isChecked()).toBe(false);
      await input('SMTP port').fill('465');
      await expect.poll(() => smtpTls.isChecked()).toBe(true);
      // The IMAP settings appear once its server is given: 993 with TLS.
      expect(await input('IMAP port').count()).toBe(0);
      await input('IMAP server').fill('imap.tinta.example');
      await expect.poll(() => input('IMAP port').inputValue()).toBe('993');
      expect(await page.getByRole('switch', { name: 'TLS from the start' }).nth(1).isChecked()).toBe(true);
      await input('Mailbox').fill('Customers');
      await page
        .getByRole('heading', { name: 'Sending (SMTP)' })
        .evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.mouse.move(0, 0);
      await screenshot(page, 'wizard-email', 'desktop');
      await expectAccessible();
      const channel = await submit('Connect e-mail');
      expect(channel.config).toMatchObject({
        from: 'Tinta Support <support@tinta.example>',
        smtpHost: 'smtp.tinta.example',
        smtpPort: 465,
        smtpSecure: true,
        smtpUser: 'support@tinta.example',
        imapHost: 'imap.tinta.example',
        imapPort: 993,
        imapSecure: true,
        imapMailbox: 'Customers',
      });
      // Left empty: the IMAP login is the SMTP one (not sent, so not stored).
      expect(channel.config).not.toHaveProperty('imapUser');
      expect(channel.config).not.toHaveProperty('imapPass');
      // Secrets come back masked, never in full.
      expect(channel.config.smtpPass).not.toBe('abcdefghijklmnop');
      expect(String(channel.config.smtpPass)).toMatch(/mnop$/);
      expect(String(channel.config.inboundSecret)).not.toMatch(/^[0-9a-f]{64}$/);
      // No live mail server here: the IMAP loop is not left running against these names.
      expect((await omnify.api('DELETE', `/api/v1/channels/${channel.id}`)).status).toBe(204);
    });

    it('connects respond.io with a Custom Channel token; respond.io’s bearer call is accepted', async () => {
      const channelToken = 'wizard-e2e-custom-channel-token';
      await connect('respondio', [
        ['Developer API access token', 'respondio-api-token-e2e'],
        ['Custom Channel API Token', channelToken],
        ['Custom Channel ID', '4242'],
      ]);
      const channel = await submit('Connect respond.io');
      expect(channel.config).toMatchObject({ customChannelId: '4242' });
      for (const k of ['apiToken', 'channelToken', 'webhookToken']) expect(channel.config).toHaveProperty(k);
      expect(channel.config.channelToken).not.toBe(channelToken);
      const path = new URL(channel.webhookUrl).pathname;
      const body = JSON.stringify({
        channelId: '4242',
        contactId: 'c-77',
        message: { type: 'text', text: 'Olá!' },
      });
      expect((await omnify.post(path, body, { authorization: 'Bearer wrong-token' })).status).toBe(401);
      const res = await omnify.post(path, body, { authorization: `Bearer ${channelToken}` });
      expect(res.status, res.text).toBe(200);
      await expect
        .poll(() => page.getByTestId('first-message').getAttribute('data-state'), { timeout: 10_000 })
        .toBe('received');
    });
  },
);
