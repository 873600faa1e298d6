/**
 * The web chat widget in real headless Chromium: a shop's page on another origin embeds it with one
 * `<script>` tag; the visitor opens it and writes; the message is stored as an inbound web chat
 * message; a person of the team answers through the API and the answer appears in the widget,
 * after the typing dots; the e-mail form puts the address on the contact; an answer sent while the
 * visitor was away shows (with the unread badge) when they come back; a message written offline is
 * sent once the network is back; a screenshot and a PDF attached with the paperclip are stored as
 * files the team opens in the inbox, the picture shown inline in the widget (from the server after a
 * reload) and the PDF downloaded, while a file past the limit or of a refused type is explained;
 * the panel fills a phone's screen; a page on an origin the channel does not allow gets nothing.
 * Screenshots: docs/screenshots/webchat-widget.png and webchat-widget-media.png (desktop), checked
 * with axe-core.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { ensureWidgetBuild } from '../../../bin/build-widget.js';
import { adapterFor } from '../../integrations/channel-registry.ts';
import { sampleFile } from '../../integrations/sandbox/media.emulator.ts';
import { checkA11y, findChromium, NO_BROWSER, signInInBrowser, VIEWPORTS } from '../../testing/browser.ts';
import { REPO_ROOT } from '../../testing/fixtures.ts';
import type { TestOmnify } from '../../testing/harness.ts';
import { closeAfterAll, OWNER, type SignedInPage, startSignedInPage } from '../../testing/signed-in-page.ts';
import { createWebchatChannel } from './webchat.test-client.ts';

const PDF = sampleFile('order.pdf').file!.bytes;
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

/** A small shop page that embeds the widget, as a customer's site would. */
function shopPage(omnifyUrl: string, channelId: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nordlys Outdoor</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{margin:0;font-family:Georgia,serif;background:#faf7f2;color:#222}
header{background:#24323f;color:#fff;padding:18px 40px;font-size:22px;letter-spacing:.5px}
main{max-width:760px;margin:40px auto;padding:0 24px}
h1{font-size:34px;margin:0 0 12px} p{font-size:18px;line-height:1.6}
.card{background:#fff;border:1px solid #e5ded3;border-radius:10px;padding:20px;margin-top:24px}
button.buy{font:inherit;background:#b5562b;color:#fff;border:0;border-radius:6px;padding:10px 18px}
</style></head><body>
<header>Nordlys Outdoor</header>
<main><h1>Trail jacket, 3 layers</h1>
<p>Waterproof, breathable and light enough for long days in the mountains. Free shipping in the Nordics.</p>
<div class="card"><p><strong>€ 249</strong> · sizes S–XXL</p><button class="buy" type="button">Add to cart</button></div>
</main>
<script src="${omnifyUrl}/webchat/widget.js" data-channel="${channelId}" data-title="Nordlys support"
  data-subtitle="We usually answer within minutes." data-greeting="Hi! Questions about sizes or shipping? Ask away."
  data-color="#24323f" async></script>
</body></html>`;
}

describe.skipIf(!chromiumPath)('web chat widget (Chromium)', () => {
  let app: SignedInPage;
  let omnify: TestOmnify;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let channelId: string;
  let page: Page;

  beforeAll(async () => {
    expect(await ensureWidgetBuild({ quiet: true })).toBe(true);
    // No owner yet (a later test creates one): the page is the shop's visitor.
    app = await startSignedInPage({ owner: null, overrides: { mediaMaxBytes: 2_000_000 } });
    ({ omnify, browser, page } = app);
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(shopPage(omnify.url, channelId));
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    // Another origin than Omnify's (http://127.0.0.1:<its port>): the shop is on "localhost".
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
    channelId = await createWebchatChannel(omnify, { allowedOrigins: [siteUrl] });
  }, 120_000);
  closeAfterAll('widget', () => app);
  afterAll(async () => {
    await new Promise((r) => site?.close(r));
  });

  const panel = () => page.getByRole('dialog', { name: 'Nordlys support' });
  const inbound = async (text: string) =>
    omnify.until(`the visitor's "${text}" stored`, async () => {
      const r = await omnify.db.query<{ conversation_id: string; thread_key: string }>(
        `SELECT m.conversation_id, c.thread_key FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.channel_id = $1 AND m.direction = 'inbound' AND m.text = $2`,
        [channelId, text],
      );
      return r.rows[0];
    });

  it('lets a visitor write from another site and shows the team’s answer live', async () => {
    await page.goto(siteUrl);
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await launcher.click();
    await expect.poll(() => panel().isVisible()).toBe(true);
    await expect.poll(() => panel().getByText('Questions about sizes or shipping?').isVisible()).toBe(true);
    const box = panel().getByRole('textbox', { name: 'Message' });
    await box.fill('Hi! Does the trail jacket run small? I am usually an M.');
    await box.press('Enter');
    const { conversation_id: conversationId, thread_key: threadKey } = await inbound(
      'Hi! Does the trail jacket run small? I am usually an M.',
    );
    expect(threadKey.startsWith(`${channelId}:`)).toBe(true);
    // Someone of the team starts typing, then answers through the API.
    await adapterFor('webchat').sendTyping!(
      { threadKey },
      {},
      { apiBaseUrl: '', timeoutMs: 1000, http: undefined as never },
    );
    await expect
      .poll(() => panel().getByRole('status', { name: 'Someone is typing' }).isVisible())
      .toBe(true);
    const answer = 'It runs true to size: take your usual M. Need anything else?';
    const reply = await omnify.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      text: answer,
    });
    expect(reply.status).toBe(202);
    await expect.poll(() => panel().getByText(answer).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect
      .poll(() => panel().getByRole('status', { name: 'Someone is typing' }).isVisible())
      .toBe(false);
    // The widget reported it shown and read (the panel is open).
    await omnify.until('the answer read', async () => {
      const r = await omnify.db.query<{ status: string }>('SELECT status FROM messages WHERE id = $1', [
        reply.json.id,
      ]);
      return r.rows[0]?.status === 'read';
    });
  });

  it('takes the visitor’s e-mail and puts it on their contact', async () => {
    const form = panel().getByRole('textbox', { name: 'Your e-mail' });
    await expect.poll(() => form.isVisible()).toBe(true);
    await form.fill('lena.berg@example.no');
    await panel().getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => panel().getByText('Thanks! We will follow up at lena.berg@example.no.').isVisible())
      .toBe(true);
    const contact = await omnify.db.query<{ email: string }>(
      `SELECT c.email FROM identities i JOIN contacts c ON c.id = i.contact_id
        JOIN webchat_sessions s ON s.handle = i.handle AND i.platform = 'webchat' WHERE s.channel_id = $1`,
      [channelId],
    );
    expect(contact.rows).toEqual([{ email: 'lena.berg@example.no' }]);
    const violations = await checkA11y(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await page.screenshot({
      path: join(REPO_ROOT, 'docs', 'screenshots', 'webchat-widget.png'),
      animations: 'disabled',
      caret: 'hide',
    });
  });

  it('shows an answer sent while the visitor was away when they come back', async () => {
    await page.goto('about:blank');
    const conv = await omnify.db.query<{ id: string }>('SELECT id FROM conversations WHERE channel_id = $1', [
      channelId,
    ]);
    const away = 'We restocked size M this morning, in case you are still looking.';
    const r = await omnify.api('POST', `/api/v1/conversations/${conv.rows[0]!.id}/messages`, { text: away });
    expect(r.status).toBe(202);
    await page.goto(siteUrl);
    // The kept session resumes at once: the badge counts the answer before the panel is opened.
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await expect.poll(() => launcher.getByText('1').isVisible(), { timeout: 10_000 }).toBe(true);
    await launcher.click();
    await expect.poll(() => panel().getByText(away).isVisible()).toBe(true);
    await expect
      .poll(() => panel().getByText('It runs true to size', { exact: false }).isVisible())
      .toBe(true);
  });

  it('keeps a message written offline and sends it once the network is back', async () => {
    await page.context().setOffline(true);
    const box = panel().getByRole('textbox', { name: 'Message' });
    await box.fill('Written on the train, no signal.');
    await box.press('Enter');
    await expect.poll(() => panel().getByText('Sending…').isVisible()).toBe(true);
    await expect.poll(() => panel().getByText('You are offline.', { exact: false }).isVisible()).toBe(true);
    await page.context().setOffline(false);
    await inbound('Written on the train, no signal.');
    await expect.poll(() => panel().getByText('Sending…').count(), { timeout: 10_000 }).toBe(0);
    const stored = await omnify.db.query(
      `SELECT 1 FROM messages WHERE channel_id = $1 AND text = 'Written on the train, no signal.'`,
      [channelId],
    );
    expect(stored.rows).toHaveLength(1);
  });

  it('sends a screenshot and a PDF from the paperclip, which the team opens in the inbox', async () => {
    // What a visitor would send: a screenshot of the page they are on.
    const shot = await page.screenshot({ clip: { x: 0, y: 0, width: 560, height: 330 } });
    const picker = panel().locator('input[type="file"]');
    await picker.setInputFiles({ name: 'jacket-page.png', mimeType: 'image/png', buffer: shot });
    const loaded = (name: string) =>
      panel()
        .getByRole('img', { name })
        .evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth);
    await expect.poll(() => loaded('jacket-page.png'), { timeout: 10_000 }).toBe(560);
    await picker.setInputFiles({ name: 'order-1042.pdf', mimeType: 'application/pdf', buffer: PDF });
    // Uploads may finish in either order (the picture shows from the visitor's own copy at once):
    // read them back by name.
    const files = await omnify.until('both files stored', async () => {
      const r = await omnify.db.query<{ id: string; conversation_id: string; media: { fileName: string } }>(
        `SELECT id, conversation_id, content->'media' AS media FROM messages
          WHERE channel_id = $1 AND content_type IN ('image', 'document') ORDER BY content->'media'->>'fileName'`,
        [channelId],
      );
      return r.rows.length === 2 ? r.rows : undefined;
    });
    expect(files.map((f) => f.media)).toMatchObject([
      { fileName: 'jacket-page.png', mimeType: 'image/png', size: shot.length, kept: true },
      { fileName: 'order-1042.pdf', mimeType: 'application/pdf', kept: true },
    ]);
    await expect.poll(() => panel().getByText('Sending…').count(), { timeout: 10_000 }).toBe(0);
    // The PDF is a link that downloads it through the visitor's session.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel()
        .getByRole('link', { name: /order-1042\.pdf/ })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('order-1042.pdf');
    // After a reload the picture comes from the server (GET …/file with the session token).
    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => loaded('jacket-page.png'), { timeout: 10_000 }).toBe(560);
    await page.screenshot({
      path: join(REPO_ROOT, 'docs', 'screenshots', 'webchat-widget-media.png'),
      animations: 'disabled',
      caret: 'hide',
    });
    expect(await checkA11y(page)).toEqual([]);
    // Refused before or by the server: the visitor is told why.
    await picker.setInputFiles({
      name: 'trip.mov',
      mimeType: 'video/quicktime',
      buffer: Buffer.alloc(2_100_000),
    });
    await expect.poll(() => panel().getByRole('alert').getByText('the limit is 2 MB').isVisible()).toBe(true);
    await picker.setInputFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: EXE });
    await expect
      .poll(() => panel().getByText('This kind of file cannot be sent', { exact: false }).isVisible())
      .toBe(true);
    // The team sees the picture in the inbox, served by the media route.
    const setup = await fetch(`${omnify.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...OWNER, workspaceName: 'Nordlys' }),
    });
    expect(setup.status).toBeLessThan(300);
    const team = await browser.newContext({ viewport: VIEWPORTS.desktop, deviceScaleFactor: 1 });
    const agent = await team.newPage();
    await signInInBrowser(agent, omnify.url, OWNER);
    await agent.goto(`${omnify.url}/inbox/${files[0]!.conversation_id}`);
    const inInbox = agent.locator(`[data-message-id="${files[0]!.id}"]`).getByTestId('media').locator('img');
    await expect
      .poll(() => inInbox.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), {
        timeout: 15_000,
      })
      .toBe(560);
    await team.close();
  });

  it('fills a phone’s screen', async () => {
    const phone = await browser.newContext({
      viewport: VIEWPORTS.phone,
      deviceScaleFactor: 1,
      colorScheme: 'light',
    });
    const p = await phone.newPage();
    await p.goto(siteUrl);
    await p.getByRole('button', { name: 'Open chat' }).click();
    const dialog = p.getByRole('dialog', { name: 'Nordlys support' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.boundingBox()).toEqual({ x: 0, y: 0, ...VIEWPORTS.phone });
    await dialog.getByRole('textbox', { name: 'Message' }).fill('Do you ship to Tromsø?');
    await dialog.getByRole('textbox', { name: 'Message' }).press('Enter');
    await inbound('Do you ship to Tromsø?');
    await p.screenshot({
      path: join(REPO_ROOT, 'docs', 'screenshots', 'webchat-widget-phone.png'),
      animations: 'disabled',
      caret: 'hide',
    });
    await phone.close();
  });

  it('stays silent on a site whose origin the channel does not allow', async () => {
    const other = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    await page.evaluate(() => localStorage.clear());
    await page.goto(other);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await expect
      .poll(() => panel().getByText('This chat is not available on this site.').isVisible())
      .toBe(true);
    const sessions = await omnify.db.query('SELECT origin FROM webchat_sessions');
    expect(sessions.rows.every((s) => (s as { origin: string }).origin === siteUrl)).toBe(true);
  });
});
