/**
 * The common start of the inbox browser tests: {@link startSignedInPage}'s server, owner and
 * signed-in Chromium page, plus one WhatsApp channel (a sandbox one, or one whose Graph API is a
 * local server the test runs) and signed webhook deliveries into it.
 */
import type { Page } from 'playwright-core';
import { whatsappText } from '../../test/payloads.ts';
import { signWhatsApp } from '../integrations/whatsapp/whatsapp.signature.ts';
import type { Config } from '../kernel/config/config.ts';
import { signInInBrowser } from './browser.ts';
import { OWNER, type SignedInPage, startSignedInPage } from './signed-in-page.ts';

export { OWNER };

/** A WhatsApp message of a delivery, as the Cloud API writes it (`from` is set by {@link WebInbox.deliver}). */
export type WhatsAppItem = Record<string, unknown>;

/**
 * What {@link startWebInbox} started: its `page` is signed in as {@link OWNER}, on the inbox;
 * `close()` stops all of it.
 */
export interface WebInbox extends SignedInPage {
  /** The WhatsApp channel's id (`/webhooks/<channelId>`). */
  channelId: string;
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
  let channelId = '';
  const app = await startSignedInPage({
    workspaceName: 'Acme support',
    overrides: options.overrides,
    prepare: async (omnify) => {
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
      channelId = channel.json.id;
    },
  });
  const { omnify } = app;

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
  return {
    ...app,
    channelId,
    deliver,
    text: (wamid, contact, body, ageSeconds = 0) => deliver(contact, textItem(wamid, body, ageSeconds)),
    idOf,
    signIn: (page, who = OWNER) => signInInBrowser(page, omnify.url, who),
  };
}
