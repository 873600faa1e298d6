/**
 * Message search in real headless Chromium against a real server (PGlite): a few conversations
 * from signed WhatsApp webhooks (sandbox channel) plus a private note; the search box atop the
 * conversation list opens `/inbox/search?q=`, the hits show their matching words in `<mark>` and a
 * "Private note" badge, a query without hits shows the empty state, and clicking a hit opens its
 * conversation at that message (`/inbox/<id>?at=<messageId>`). Screenshots `search` (desktop,
 * phone), each checked with axe-core.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signWhatsApp } from '../../../../src/integrations/whatsapp/whatsapp.signature.ts';
import {
  checkA11y,
  findChromium,
  launchBrowser,
  NO_BROWSER,
  screenshot,
  screenshotAll,
  VIEWPORTS,
} from '../../../../src/testing/browser.ts';
import { startTestOmnify, type TestOmnify } from '../../../../src/testing/harness.ts';
import { whatsappText } from '../../../../test/payloads.ts';

const APP_SECRET = 'wa-app-secret-search-e2e';
const OWNER = { name: 'Dana Levi', email: 'dana@example.com', password: 'correct horse battery' };
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

describe.skipIf(!chromiumPath)('message search (Chromium)', () => {
  let omnify: TestOmnify;
  let browser: Browser;
  let page: Page;
  let channelId: string;

  /** One signed WhatsApp text from `name` at `phone`. */
  const deliver = async (wamid: string, phone: string, name: string, body: string) => {
    const payload = whatsappText(wamid, body);
    const value = payload.entry[0].changes[0].value;
    value.contacts = [{ profile: { name }, wa_id: phone }];
    value.messages[0].from = phone;
    const raw = Buffer.from(JSON.stringify(payload));
    const res = await omnify.post(`/webhooks/${channelId}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, APP_SECRET),
    });
    expect(res.status).toBe(200);
  };
  const idOf = async (wamid: string) =>
    (await omnify.db.query<{ id: string }>('SELECT id FROM messages WHERE platform_message_id = $1', [wamid]))
      .rows[0]!.id;

  beforeAll(async () => {
    omnify = await startTestOmnify('pglite');
    const setup = await fetch(`${omnify.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...OWNER, workspaceName: 'Acme support' }),
    });
    expect(setup.status).toBe(201);
    const channel = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      name: 'Shop WhatsApp',
      sandbox: true,
      config: {
        phoneNumberId: '1122334455667',
        accessToken: 'EAAG-search-e2e',
        appSecret: APP_SECRET,
        verifyToken: 'verify-me',
      },
    });
    expect(channel.status).toBe(201);
    channelId = channel.json.id;
    await deliver(
      'wamid.S1',
      '15550001001',
      'Maya Adler',
      'Hi! Where is my parcel? The tracking number does not work.',
    );
    await deliver('wamid.S2', '15550001002', 'Omar Haddad', 'Do you have the blue sweater in size M?');
    await deliver(
      'wamid.S3',
      '15550001003',
      'Lena Vogel',
      'My parcel arrived today, but the box was damaged. Can I send it back and get a refund for the broken mug?',
    );
    const list = (await omnify.api('GET', '/api/v1/conversations')).json.data as Array<{
      id: string;
      contact: { name: string };
    }>;
    const maya = list.find((c) => c.contact.name === 'Maya Adler')!.id;
    const note = await omnify.api('POST', `/api/v1/conversations/${maya}/notes`, {
      text: 'Parcel is stuck at the depot; courier says two more days.',
    });
    expect(note.status).toBe(201);

    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: VIEWPORTS.desktop,
      deviceScaleFactor: 1,
      colorScheme: 'light',
    });
    page = await context.newPage();
    await page.goto(`${omnify.url}/login`);
    await page.getByLabel('E-mail').fill(OWNER.email);
    await page
      .getByLabel(/^Password/)
      .and(page.locator('input'))
      .fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/inbox/);
  }, 120_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshotAll(browser, `search-${task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
    await omnify?.close();
  });

  it('searches from the box atop the conversation list and highlights the hits', async () => {
    const box = page.getByRole('searchbox', { name: 'Search messages' });
    await box.fill('parcel');
    await box.press('Enter');
    await page.waitForURL(/\/inbox\/search\?q=parcel$/);
    const hits = page.getByTestId('search-hit');
    await expect.poll(() => hits.count()).toBe(3);
    // Newest first: the note, then Lena's message, then Maya's.
    expect(await page.getByTestId('search-snippet').first().textContent()).toContain('stuck at the depot');
    expect(await hits.first().getByText('Private note').isVisible()).toBe(true);
    expect(await hits.nth(1).textContent()).toContain('Lena Vogel');
    const marks = await page.locator('[data-testid="search-snippet"] mark').allTextContents();
    expect(marks).toEqual(['Parcel', 'parcel', 'parcel']);
    await page.mouse.move(0, 0);
    await screenshot(page, 'search', 'desktop');
    expect(await checkA11y(page)).toEqual([]);
  });

  it('shows a query without hits as such and opens a hit at its message', async () => {
    const box = page.getByRole('searchbox', { name: 'Search messages' });
    await box.fill('"broken mug" -sweater');
    await box.press('Enter');
    const hit = page.getByTestId('search-hit');
    await expect.poll(() => hit.count()).toBe(1);
    expect(await page.locator('[data-testid="search-snippet"] mark').allTextContents()).toEqual([
      'broken',
      'mug',
    ]);

    await box.fill('submarine');
    await box.press('Enter');
    await expect
      .poll(() => page.getByTestId('search-empty').textContent())
      .toBe('No messages match “submarine”. Try fewer words or check the spelling.');

    await page.setViewportSize(VIEWPORTS.phone);
    await box.fill('parcel tracking');
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('search-hit').count()).toBe(1);
    await screenshot(page, 'search', 'phone');
    expect(await checkA11y(page)).toEqual([]);

    const messageId = await idOf('wamid.S1');
    expect(await page.getByTestId('search-hit').getAttribute('data-message-id')).toBe(messageId);
    await page.getByTestId('search-hit').click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}\?at=/);
    const url = new URL(page.url());
    const conversationId = url.pathname.split('/').at(-1)!;
    expect(url.searchParams.get('at')).toBe(messageId);
    const m = await omnify.db.query<{ conversation_id: string }>(
      'SELECT conversation_id FROM messages WHERE id = $1',
      [messageId],
    );
    expect(conversationId).toBe(m.rows[0]!.conversation_id);
    await page.setViewportSize(VIEWPORTS.desktop);
  });
});
