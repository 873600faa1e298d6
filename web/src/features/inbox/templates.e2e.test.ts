/**
 * Canned responses in real headless Chromium against a real server (PGlite) and a local Graph API
 * server: an admin creates a template with `{{contact.first_name}}` in Settings → Canned responses;
 * in a conversation, typing `/gre` shows it, Enter puts the text in with the contact's first name,
 * and sending it reaches the Graph API; in a private note Tab inserts, an unknown `/word` shows the
 * empty state and Escape closes the list. Screenshots: settings-templates and templates-picker
 * (desktop and phone), each screen checked with axe-core.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkA11y,
  findChromium,
  NO_BROWSER,
  screenshot,
  VIEWPORTS,
} from '../../../../src/testing/browser.ts';
import { fakeGraphApi } from '../../../../src/testing/fake-platforms.ts';
import type { TestOmnify } from '../../../../src/testing/harness.ts';
import type { RecordingServer } from '../../../../src/testing/http-recorder.ts';
import { closeAfterAll } from '../../../../src/testing/signed-in-page.ts';
import { startWebInbox, type WebInbox } from '../../../../src/testing/web-inbox.ts';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

describe.skipIf(!chromiumPath)('canned responses: settings and the composer’s / picker (Chromium)', () => {
  let inbox: WebInbox;
  let omnify: TestOmnify;
  let graph: RecordingServer;
  let page: Page;
  let conversationId: string;
  const expectAccessible = async () => expect(await checkA11y(page)).toEqual([]);

  beforeAll(async () => {
    graph = await fakeGraphApi().start();
    inbox = await startWebInbox({ name: 'templates-e2e', graphBaseUrl: graph.baseUrl });
    ({ omnify, page } = inbox);
    await inbox.text(
      'wamid.TEMPLATES-E2E-1',
      { name: 'María López', phone: '16505551234' },
      'Hello, is my order on its way?',
    );
    conversationId = await omnify.until('the conversation', async () => {
      const r = await omnify.api('GET', `/api/v1/conversations?channelId=${inbox.channelId}`);
      return r.json?.data?.[0]?.id as string | undefined;
    });
  }, 120_000);

  closeAfterAll('templates', () => inbox);
  afterAll(async () => {
    await graph?.stop();
  });

  it('lets an admin create a canned response with a variable in Settings', async () => {
    await page.goto(`${omnify.url}/settings?tab=templates`);
    await expect.poll(() => page.getByText('No canned responses yet').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'New canned response' }).click();
    const dialog = page.getByRole('dialog', { name: 'New canned response' });
    await dialog.getByLabel('Shortcode').fill('greeting');
    await dialog.getByLabel('Title').fill('Greeting');
    const message = dialog.getByLabel('Message');
    await message.fill('Hi , thanks for writing to {{workspace.name}}! How can I help?');
    // The variable buttons insert at the caret: after "Hi ".
    await message.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(3, 3));
    await dialog.getByRole('button', { name: '{{contact.first_name}}' }).click();
    expect(await message.inputValue()).toBe(
      'Hi {{contact.first_name}}, thanks for writing to {{workspace.name}}! How can I help?',
    );
    // An unknown variable is refused by the API, on the message field.
    await message.fill('Hi {{contact.email}}');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => dialog.getByText('Unknown variable {{contact.email}}').isVisible()).toBe(true);
    await message.fill(
      'Hi {{contact.first_name}}, thanks for writing to {{workspace.name}}! How can I help?',
    );
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const row = page.getByTestId('template-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('/greeting');
    // A second one, to show the list with more than one row.
    await page.getByRole('button', { name: 'New canned response' }).click();
    await dialog.getByLabel('Shortcode').fill('refund');
    await dialog.getByLabel('Title').fill('Refund policy');
    await dialog.getByLabel('Message').fill('Refunds reach your card within 5 working days. — {{user.name}}');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => row.count()).toBe(2);
    await screenshot(page, 'settings-templates', 'desktop');
    await expectAccessible();
    await page.setViewportSize(VIEWPORTS.phone);
    await screenshot(page, 'settings-templates', 'phone');
    await expectAccessible();
    await page.setViewportSize(VIEWPORTS.desktop);
  });

  it('inserts the template with the contact’s first name on /gre + Enter, and sends it', async () => {
    await page.goto(`${omnify.url}/inbox/${conversationId}`);
    const box = page.getByLabel('Reply', { exact: true }).and(page.locator('textarea'));
    await box.click();
    await box.pressSequentially('/gre');
    const picker = page.getByTestId('template-picker');
    await expect.poll(() => picker.getByRole('option').count()).toBe(1);
    expect(await picker.getByRole('option').first().textContent()).toContain('/greeting');
    // The preview shows the text as it will go out.
    expect(await picker.textContent()).toContain('Hi María, thanks for writing to Acme support!');
    await screenshot(page, 'templates-picker', 'desktop');
    await expectAccessible();
    await box.press('Enter');
    await expect.poll(() => picker.isVisible()).toBe(false);
    const text = 'Hi María, thanks for writing to Acme support! How can I help?';
    expect(await box.inputValue()).toBe(text);

    // Sends only: opening the conversation and typing also reach the Graph API (read receipt, typing).
    const sends = () => graph.requests.filter((r) => r.json?.type === 'text');
    const before = sends().length;
    await box.press('Enter');
    await expect.poll(() => sends().length).toBe(before + 1);
    expect(sends()[before]!.json).toMatchObject({ type: 'text', text: { body: text } });
    await expect
      .poll(() => page.locator('[data-testid="message"][data-sender="user"]').last().textContent())
      .toContain('Hi María, thanks for writing');
  });

  it('works in a private note too: Tab inserts after other text, Escape closes, no match says where to add one', async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    await page.getByText('Private note', { exact: true }).click();
    const note = page.getByLabel('Private note', { exact: true }).and(page.locator('textarea'));
    await note.click();
    await note.pressSequentially('FYI /ref');
    const picker = page.getByTestId('template-picker');
    await expect.poll(() => picker.getByRole('option').count()).toBe(1);
    // The conversation header is wider than a phone (its actions overflow): clicking scrolled the page sideways.
    await page.evaluate(() => window.scrollTo(0, window.scrollY));
    await screenshot(page, 'templates-picker', 'phone');
    await expectAccessible();
    await note.press('Tab');
    expect(await note.inputValue()).toBe('FYI Refunds reach your card within 5 working days. — Dana Levi');

    await note.pressSequentially(' /nothing-like-this');
    await expect
      .poll(() =>
        picker
          .getByText('No canned response matches — admins add them in Settings → Canned responses')
          .isVisible(),
      )
      .toBe(true);
    await note.press('Escape');
    await expect.poll(() => picker.isVisible()).toBe(false);
    // Enter now sends the note as typed; nothing reaches the platform.
    const before = graph.requests.length;
    await note.press('Enter');
    await expect.poll(() => page.getByRole('log').getByText('/nothing-like-this').isVisible()).toBe(true);
    expect(graph.requests.length).toBe(before);
    await page.setViewportSize(VIEWPORTS.desktop);
  });
});
