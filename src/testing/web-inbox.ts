/**
 * The common start of the inbox browser tests: a real server on a fresh PGlite database whose first
 * owner was created through the wizard's `POST /api/v1/setup`, one WhatsApp channel (a sandbox one,
 * or one whose Graph API is a local server the test runs), signed webhook deliveries into it, and
 * headless Chromium signed in as that owner.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach } from 'vitest';
import { whatsappText } from '../../test/payloads.ts';
import { signWhatsApp } from '../integrations/whatsapp/whatsapp.signature.ts';
import type { Config } from '../kernel/config/config.ts';
import { launchBrowser, screenshotAll, signInInBrowser, VIEWPORTS } from './browser.ts';
import { startTestOmnify, type TestOmnify } from './harness.ts';

/** The owner every inbox browser test signs in as (created by `POST /api/v1/setup`). */
export const OWNER = {
  name: 'Dana Levi',
  email: 'dana@example.com',
  password: 'correct horse battery',
} as const;

/** A WhatsApp message of a delivery, as the Cloud API writes it (`from` is set by {@link WebInbox.deliver}). */
export type WhatsAppItem = Record<string, unknown>;

/** What {@link startWebInbox} started; {@link WebInbox.close} stops all of it. */
export interface WebInbox {
  omnify: TestOmnify;
  /** The WhatsApp channel's id (`/webhooks/<channelId>`). */
  channelId: string;
  browser: Browser;
  context: BrowserContext;
  /** Signed in as {@link OWNER}, on the inbox. */
  page: Page;
  /**
   * Posts one signed WhatsApp delivery of `items` from `contact` (name and phone digits, E.164
   * without `+`) and expects 200. Each item needs `id`, `timestamp` (Unix seconds, as a string) and
   * `type` with its content.
   */
  deliver(contact: { name: string; phone: string }, ...items: WhatsAppItem[]): Promise<void>;
  /** Delivers one text message `wamid` from `contact`, written `ageSeconds` ago (default now). */
  text(
    wamid: string,
    contact: { name: string; phone: string },
    body: string,
    ageSeconds?: number,
  ): Promise<void>;
  /** The id Omnify stored for WhatsApp message `wamid` (throws when there is none). */
  idOf(wamid: string): Promise<string>;
  /** Signs `page` in as `who` (default {@link OWNER}) and waits for the inbox. */
  signIn(page: Page, who?: { email: string; password: string }): Promise<void>;
  close(): Promise<void>;
}

/** A WhatsApp text item written `ageSeconds` ago. */
export const textItem = (wamid: string, body: string, ageSeconds = 0): WhatsAppItem => ({
  id: wamid,
  timestamp: String(Math.floor(Date.now() / 1000) - ageSeconds),
  type: 'text',
  text: { body },
});

/**
 * Starts the server, the owner, the WhatsApp channel and a signed-in desktop browser page.
 * `graphBaseUrl` (e.g. a `fakeGraphApi()` server's `baseUrl`) makes replies go to that local Graph
 * API; without it the channel is a sandbox channel. Throws when any step answers unexpectedly.
 */
export async function startWebInbox(options: {
  /** Distinguishes the channel's secrets per test file. */
  name: string;
  graphBaseUrl?: string;
  overrides?: Partial<Config>;
}): Promise<WebInbox> {
  const appSecret = `wa-app-secret-${options.name}`;
  const omnify = await startTestOmnify('pglite', options.overrides);
  let browser: Browser | undefined;
  try {
    const setup = await fetch(`${omnify.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...OWNER, workspaceName: 'Acme support' }),
    });
    if (setup.status !== 201) throw new Error(`POST /api/v1/setup answered ${setup.status}`);
    const channel = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      name: 'Shop WhatsApp',
      ...(options.graphBaseUrl ? {} : { sandbox: true }),
      config: {
        phoneNumberId: '1122334455667',
        accessToken: `EAAG-${options.name}`,
        appSecret,
        verifyToken: 'verify-me',
        ...(options.graphBaseUrl ? { apiBaseUrl: `${options.graphBaseUrl}/v21.0` } : {}),
      },
    });
    if (channel.status !== 201) throw new Error(`POST /api/v1/channels answered ${channel.status}`);
    const channelId: string = channel.json.id;

    const deliver: WebInbox['deliver'] = async (contact, ...items) => {
      // The real fixture's envelope (or the project's sample without ../shared), with these items.
      const body = whatsappText('wamid.unused', 'unused');
      const value = body.entry[0].changes[0].value;
      value.contacts = [{ profile: { name: contact.name }, wa_id: contact.phone }];
      value.messages = items.map((item) => ({ ...item, from: contact.phone }));
      const raw = Buffer.from(JSON.stringify(body));
      const res = await omnify.post(`/webhooks/${channelId}`, raw, {
        'x-hub-signature-256': signWhatsApp(raw, appSecret),
      });
      if (res.status !== 200) throw new Error(`the webhook answered ${res.status}: ${res.text}`);
    };
    const ids = new Map<string, string>();
    const idOf = async (wamid: string) => {
      const known = ids.get(wamid);
      if (known) return known;
      const { rows } = await omnify.db.query<{ id: string }>(
        'SELECT id FROM messages WHERE platform_message_id = $1',
        [wamid],
      );
      if (!rows[0]) throw new Error(`no message stored for ${wamid}`);
      ids.set(wamid, rows[0].id);
      return rows[0].id;
    };
    const signIn = async (page: Page, who: { email: string; password: string } = OWNER) => {
      await signInInBrowser(page, omnify.url, who);
    };

    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: VIEWPORTS.desktop,
      deviceScaleFactor: 1,
      colorScheme: 'light',
    });
    const page = await context.newPage();
    await signIn(page);
    const started = browser;
    return {
      omnify,
      channelId,
      browser: started,
      context,
      page,
      deliver,
      text: (wamid, contact, body, ageSeconds = 0) => deliver(contact, textItem(wamid, body, ageSeconds)),
      idOf,
      signIn,
      close: async () => {
        await started.close().catch(() => undefined);
        await omnify.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await omnify.close();
    throw error;
  }
}

/**
 * Registers the test file's after-hooks for the {@link WebInbox} that `current` returns: a failed
 * test screenshots every open page (`docs/screenshots/failed-<name>-…`), and the end of the file
 * closes the browser and the server.
 */
export function closeWebInboxAfterAll(name: string, current: () => WebInbox | undefined): void {
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshotAll(current()?.browser, `${name}-${task.name}`);
  });
  afterAll(async () => {
    await current()?.close();
  });
}
