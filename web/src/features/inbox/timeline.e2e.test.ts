/**
 * The conversation timeline in real headless Chromium against a real server (PGlite), fed by
 * signed WhatsApp webhooks on a sandbox channel: a 300-message conversation renders only a window
 * of rows, opens at the first unread message under the "Unread messages" line, loads older pages
 * when scrolled up without moving what is on screen, opens at `?at=<old message>` highlighted;
 * a WhatsApp reply shows its quote (a click jumps to the quoted message), the reaction fixture sits
 * under the message it reacts to, a photo shows its placeholder with its caption; "Jump to latest"
 * counts a message that arrives while scrolled up. Screenshots: `conversation-timeline` (desktop,
 * phone), each checked with axe-core.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { payload } from '../../../../test/payloads.ts';

const PHONE = '15550001234';
/** Messages of the long conversation read before the test opens it. */
const READ = 300;
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

type Item = Record<string, unknown>;
const text = (id: string, body: string, quoting?: string): Item => ({
  id,
  timestamp: String(Math.floor(Date.now() / 1000)),
  type: 'text',
  text: { body },
  ...(quoting ? { context: { from: PHONE, id: quoting } } : {}),
});

describe.skipIf(!chromiumPath)('conversation timeline (Chromium)', () => {
  let inbox: WebInbox;
  let omnify: TestOmnify;
  let page: Page;
  let conversationId: string;
  let emoji: string;

  /** Posts one signed WhatsApp delivery of `items` from the contact. */
  const deliver = (...items: Item[]) => inbox.deliver({ name: 'Maya Adler', phone: PHONE }, ...items);
  /** The id of the message stored for WhatsApp message `wamid`. */
  const idOf = (wamid: string) => inbox.idOf(wamid);
  const timeline = () => page.getByTestId('timeline');
  const message = (id: string) => page.locator(`[data-testid="message"][data-message-id="${id}"]`);
  /** Whether the row of message `id` is within the timeline's visible area. */
  const onScreen = (id: string) =>
    page.evaluate((id) => {
      const log = document.querySelector('[data-testid="timeline"]');
      const row = document.querySelector(`[data-testid="message"][data-message-id="${id}"]`);
      if (!log || !row) return false;
      const a = log.getBoundingClientRect();
      const b = row.getBoundingClientRect();
      return b.bottom > a.top && b.top < a.bottom;
    }, id);
  /** The top of message `id` relative to the timeline's top (px), null when not rendered. */
  const offsetOf = (id: string) =>
    page.evaluate((id) => {
      const log = document.querySelector('[data-testid="timeline"]');
      const row = document.querySelector(`[data-testid="message"][data-message-id="${id}"]`);
      return log && row ? row.getBoundingClientRect().top - log.getBoundingClientRect().top : null;
    }, id);
  /** Scrolls the timeline with the mouse wheel, as a reader does, to its top or bottom. */
  const scrollTimelineTo = async (where: 'top' | 'bottom') => {
    const box = (await timeline().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 40; i++) {
      const edge = await timeline().evaluate(
        (el, where) =>
          where === 'top' ? el.scrollTop <= 0 : el.scrollTop + el.clientHeight >= el.scrollHeight - 1,
        where,
      );
      if (edge) return;
      await page.mouse.wheel(0, where === 'top' ? -1500 : 1500);
      await page.waitForTimeout(50);
    }
  };
  const open = async (query = '') => {
    await page.goto(`${omnify.url}/inbox/${conversationId}${query}`);
    await page.waitForSelector('[data-testid="timeline"][data-ready="true"]');
  };

  beforeAll(async () => {
    inbox = await startWebInbox({ name: 'timeline-e2e' });
    ({ omnify, page } = inbox);
    // A long history: 300 messages in deliveries of 100, spread over the last days.
    for (let from = 1; from <= READ; from += 100)
      await deliver(
        ...Array.from({ length: 100 }, (_, i) => text(`wamid.H${from + i}`, `message ${from + i}`)),
      );
    conversationId = (await omnify.api('GET', '/api/v1/conversations')).json.data[0].id;
    await omnify.db.query(
      `UPDATE messages SET created_at = now() - interval '3 days' + (substring(platform_message_id from 8)::int * interval '10 minutes')
        WHERE platform_message_id LIKE 'wamid.H%'`,
    );

    // The owner has read the history so far.
    const me = (await (await page.request.get(`${omnify.url}/api/v1/auth/me`)).json()) as {
      csrfToken: string;
    };
    const read = await page.request.post(`${omnify.url}/api/v1/conversations/${conversationId}/read`, {
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(read.status()).toBe(204);

    // Then the contact writes again: a quoted reply, a photo with a caption, a reaction (the
    // WhatsApp fixture, aimed at an earlier message) and a document.
    const reaction = payload('whatsapp', 'inbound_reaction.json', 'reaction_thumbs_up.json').entry[0]
      .changes[0].value.messages[0];
    emoji = reaction.reaction.emoji;
    await deliver(
      text('wamid.N1', 'Hi again! About my order…'),
      text('wamid.N2', 'Is the blue one still in stock?', 'wamid.H290'),
      {
        id: 'wamid.N3',
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: 'image',
        image: {
          caption: 'This one, size M',
          mime_type: 'image/jpeg',
          sha256: 'q3Jd0b8m',
          id: '200000000000001',
        },
      },
      { ...reaction, id: 'wamid.N4', reaction: { ...reaction.reaction, message_id: 'wamid.N1' } },
      {
        id: 'wamid.N5',
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: 'document',
        document: {
          filename: 'receipt-4411.pdf',
          mime_type: 'application/pdf',
          sha256: 'x',
          id: '200000000000002',
        },
      },
    );
    const reply = await omnify.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      text: 'Yes, we have it in M. Shall I reserve one?',
    });
    expect(reply.status).toBe(202);
  }, 180_000);

  closeAfterAll('timeline', () => inbox);

  it('opens at the first unread message under the "Unread messages" line, rendering only a window of rows', async () => {
    await open();
    const first = await idOf('wamid.N1');
    const separator = page.getByTestId('unread-separator');
    await expect.poll(() => separator.isVisible()).toBe(true);
    // The line sits right above the first unread message, and both are on screen.
    expect(
      await page
        .getByTestId('timeline-row')
        .filter({ has: separator })
        .getByTestId('message')
        .getAttribute('data-message-id'),
    ).toBe(first);
    expect(await onScreen(first)).toBe(true);
    const rows = await page.getByTestId('timeline-row').count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(100);

    // The quoted reply, the reaction under the message it reacts to, the media placeholders.
    const quoted = message(await idOf('wamid.N2')).getByTestId('quote');
    await expect.poll(() => quoted.textContent()).toContain('message 290');
    const reaction = message(first).getByTestId('reaction');
    expect(await reaction.getAttribute('aria-label')).toMatch(/reacted by the contact/);
    const photo = message(await idOf('wamid.N3'));
    expect(await photo.getByTestId('media').getAttribute('data-media-type')).toBe('image');
    expect(await photo.textContent()).toContain('This one, size M');
    expect(
      await message(await idOf('wamid.N5'))
        .getByTestId('media')
        .textContent(),
    ).toContain('receipt-4411.pdf');
    // No reaction message of its own.
    const texts = await page.getByTestId('message').allTextContents();
    expect(texts.filter((t) => t.startsWith(emoji))).toEqual([]);
    await expect
      .poll(() =>
        page
          .locator('[data-testid="message"][data-sender="user"] [data-status]')
          .last()
          .getAttribute('data-status'),
      )
      .toBe('sent');
    await page.mouse.move(1, 799);
    await screenshot(page, 'conversation-timeline', 'desktop');
    expect(await checkA11y(page)).toEqual([]);
    // Dark mode keeps the contrast too (quotes, reactions, separators).
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(tmpdir(), 'omnify-conversation-timeline-dark.png') });
    expect(await checkA11y(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    // Reading the newest messages marked the conversation read.
    await expect
      .poll(async () =>
        (await page.request.get(`${omnify.url}/api/v1/conversations/${conversationId}`)).json(),
      )
      .toMatchObject({ unreadCount: 0 });
  });

  it('jumps to the quoted message when the quote is clicked', async () => {
    const target = await idOf('wamid.H290');
    await message(await idOf('wamid.N2'))
      .getByTestId('quote')
      .click();
    await expect.poll(() => onScreen(target)).toBe(true);
    expect(await message(target).getAttribute('data-highlighted')).toBe('true');
  });

  it('loads older pages when scrolled up, keeping what is on screen in place', async () => {
    await open();
    const count = () => page.getByTestId('timeline-row').count();
    for (let pages = 0; pages < 10; pages++) {
      await scrollTimelineTo('top');
      const topId = await page.getByTestId('message').first().getAttribute('data-message-id');
      const before = await offsetOf(topId!);
      const olderThere = await timeline().getAttribute('data-has-older');
      if (olderThere !== 'true') break;
      const loaded = Number(await timeline().getAttribute('data-count'));
      await expect
        .poll(async () => Number(await timeline().getAttribute('data-count')))
        .toBeGreaterThan(loaded);
      // The message that was at the top has not moved (the older page went in above it).
      await expect.poll(async () => Math.abs(((await offsetOf(topId!)) ?? 1e6) - before!)).toBeLessThan(4);
      expect(await count()).toBeLessThan(100);
    }
    expect(await timeline().getAttribute('data-has-older')).toBe('false');
    await scrollTimelineTo('top');
    await expect.poll(() => page.getByText('message 1', { exact: true }).isVisible()).toBe(true);
  });

  it('counts a message that arrives while scrolled up in "Jump to latest", and jumps there', async () => {
    const jump = page.getByTestId('jump-to-latest');
    await expect.poll(() => jump.isVisible()).toBe(true);
    await deliver(text('wamid.LIVE1', 'Are you still there?'));
    await expect.poll(() => jump.getByLabel('1 new message').isVisible(), { timeout: 10_000 }).toBe(true);
    await jump.click();
    await expect.poll(async () => onScreen(await idOf('wamid.LIVE1'))).toBe(true);
    await expect.poll(() => jump.isVisible()).toBe(false);
  });

  it('opens at ?at=<an old message>, highlighted', async () => {
    const old = await idOf('wamid.H10');
    await open(`?at=${old}`);
    // The highlight lasts 2.5 s (TimelineList.tsx): polled for first, so a slow page under a loaded
    // suite cannot let it fade before it is looked at (it did, once, when checked after scrolling).
    await expect.poll(() => message(old).getAttribute('data-highlighted')).toBe('true');
    await expect.poll(() => onScreen(old)).toBe(true);
    expect(await page.getByTestId('timeline-row').count()).toBeLessThan(100);
    // Newer pages load when scrolled down from there.
    const loaded = Number(await timeline().getAttribute('data-count'));
    await scrollTimelineTo('bottom');
    await expect
      .poll(async () => Number(await timeline().getAttribute('data-count')))
      .toBeGreaterThan(loaded);
  });

  it('works at phone width', async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    await open();
    await expect.poll(async () => onScreen(await idOf('wamid.LIVE1'))).toBe(true);
    await page.evaluate(() => {
      const row = document.querySelector('[data-testid="quote"]');
      row?.scrollIntoView({ block: 'center' });
    });
    // Scrolled up on a phone, "Jump to latest" is a round icon (JumpToLatest.tsx), not the labelled
    // button that covered the end of the message under it.
    const jump = page.getByRole('button', { name: 'Jump to latest' });
    await expect.poll(() => jump.isVisible()).toBe(true);
    expect((await jump.boundingBox())?.width).toBeLessThan(60);
    await screenshot(page, 'conversation-timeline', 'phone');
    expect(await checkA11y(page)).toEqual([]);
    await page.setViewportSize(VIEWPORTS.desktop);
  });
});
