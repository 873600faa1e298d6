/**
 * Message search in real headless Chromium against a real server (PGlite): a few conversations
 * from signed WhatsApp webhooks (sandbox channel) plus a private note; the search box atop the
 * conversation list opens `/inbox/search?q=`, the hits show their matching words in `<mark>` and a
 * "Private note" badge, a query without hits shows the empty state, and clicking a hit opens its
 * conversation at that message (`/inbox/<id>?at=<messageId>`). Screenshots `search` (desktop,
 * phone), each checked with axe-core.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkA11y,
  findChromium,
  NO_BROWSER,
  screenshot,
  VIEWPORTS,
} from '../../../../src/testing/browser.ts';
import type { TestOmnify } from '../../../../src/testing/harness.ts';
import { closeAfterAll } from '../../../../src/testing/signed-in-page.ts';
import { startWebInbox, type WebInbox } from '../../../../src/testing/web-inbox.ts';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

describe.skipIf(!chromiumPath)('message search (Chromium)', () => {
  let inbox: WebInbox;
  let omnify: TestOmnify;
  let page: Page;

  beforeAll(async () => {
    inbox = await startWebInbox({ name: 'search-e2e' });
    ({ omnify, page } = inbox);
    await inbox.text(
      'wamid.S1',
      { name: 'Maya Adler', phone: '15550001001' },
      'Hi! Where is my parcel? The tracking number does not work.',
    );
    await inbox.text(
      'wamid.S2',
      { name: 'Omar Haddad', phone: '15550001002' },
      'Do you have the blue sweater in size M?',
    );
    await inbox.text(
      'wamid.S3',
      { name: 'Lena Vogel', phone: '15550001003' },
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
  }, 120_000);

  closeAfterAll('search', () => inbox);

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

    const messageId = await inbox.idOf('wamid.S1');
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
