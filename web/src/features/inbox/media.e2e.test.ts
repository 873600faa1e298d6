/**
 * Message files in real headless Chromium against a real server (PGlite), on a sandbox WhatsApp
 * channel: the sandbox's media emulator serves generated files (a PNG, a PDF), so the photo shows
 * inline from `GET /api/v1/conversations/{id}/messages/{messageId}/media` (downloaded into the media
 * store on that first request), the document gets a download link serving the PDF as an attachment,
 * and a photo whose bytes are not the declared type falls back to the placeholder. Screenshot:
 * `conversation-media` (desktop), checked with axe-core.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, findChromium, NO_BROWSER, screenshot } from '../../../../src/testing/browser.ts';
import type { TestOmnify } from '../../../../src/testing/harness.ts';
import { closeAfterAll } from '../../../../src/testing/signed-in-page.ts';
import { startWebInbox, type WebInbox } from '../../../../src/testing/web-inbox.ts';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

const now = () => String(Math.floor(Date.now() / 1000));

describe.skipIf(!chromiumPath)('message media (Chromium)', () => {
  let inbox: WebInbox;
  let omnify: TestOmnify;
  let page: Page;
  let conversationId: string;
  const message = (id: string) => page.locator(`[data-testid="message"][data-message-id="${id}"]`);

  beforeAll(async () => {
    inbox = await startWebInbox({ name: 'media-e2e' });
    ({ omnify, page } = inbox);
    await inbox.deliver(
      { name: 'Ines Ferreira', phone: '15550007788' },
      {
        id: 'wamid.P1',
        timestamp: now(),
        type: 'image',
        image: { id: 'sandbox-photo-1', mime_type: 'image/png', caption: 'The scratch on the lid' },
      },
      {
        id: 'wamid.D1',
        timestamp: now(),
        type: 'document',
        document: { id: 'sandbox-document-1', mime_type: 'application/pdf', filename: 'warranty terms.pdf' },
      },
      // Declared a JPEG, but the sandbox serves a PNG: refused, so the placeholder stays.
      {
        id: 'wamid.P2',
        timestamp: now(),
        type: 'image',
        image: { id: 'sandbox-photo-2', mime_type: 'image/jpeg' },
      },
    );
    conversationId = (await omnify.api('GET', '/api/v1/conversations')).json.data[0].id;
    await page.goto(`${omnify.url}/inbox/${conversationId}`);
    await page.waitForSelector('[data-testid="timeline"][data-ready="true"]');
  }, 180_000);

  closeAfterAll('media', () => inbox);

  it('shows the photo inline from the media URL, downloaded on that first request', async () => {
    const photo = message(await inbox.idOf('wamid.P1')).getByTestId('media');
    expect(await photo.getAttribute('data-media-type')).toBe('image');
    const img = photo.locator('img');
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 15_000 })
      .toBe(48);
    expect(await img.getAttribute('alt')).toBe('The scratch on the lid');
    const stored = await omnify.db.query<{ content_type: string }>('SELECT content_type FROM media_files');
    expect(stored.rows.map((r) => r.content_type)).toContain('image/png');
  });

  it('links the document for download, served as an attachment with its name', async () => {
    const id = await inbox.idOf('wamid.D1');
    const link = message(id).getByTestId('media-download');
    expect(await link.textContent()).toBe('warranty terms.pdf');
    const href = await link.getAttribute('href');
    expect(href).toBe(`/api/v1/conversations/${conversationId}/messages/${id}/media`);
    const res = await page.request.get(`${omnify.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect(res.headers()['content-disposition']).toBe('attachment; filename="warranty terms.pdf"');
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('falls back to the placeholder when the server refuses the file', async () => {
    const refused = message(await inbox.idOf('wamid.P2')).getByTestId('media');
    await expect.poll(() => refused.locator('img').count(), { timeout: 15_000 }).toBe(0);
    expect(await refused.textContent()).toContain('Photo');
    expect(await refused.getByTestId('media-download').count()).toBe(0);
    await page.mouse.move(1, 799);
    await screenshot(page, 'conversation-media', 'desktop');
    expect(await checkA11y(page)).toEqual([]);
  });
});
