/**
 * One person across channels in the contact panel, in real headless Chromium against a real server
 * (PGlite): María writes on WhatsApp, then on Instagram (a sandbox channel) types her WhatsApp
 * number. The Instagram conversation's panel shows the merge suggestion with its confidence and
 * reason; Merge moves her Instagram identity and conversation onto her WhatsApp contact (the panel
 * then lists both identities and the WhatsApp conversation); the merge history's Undo, with a
 * reason, splits them again exactly. Screenshots contact-merge-suggestion and contact-merge (desktop), axe-core checked.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  checkA11y,
  findChromium,
  NO_BROWSER,
  screenshot,
  screenshotAll,
} from '../../../../src/testing/browser.ts';
import type { TestOmnify } from '../../../../src/testing/harness.ts';
import { startWebInbox, type WebInbox } from '../../../../src/testing/web-inbox.ts';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

const MARIA = { name: 'María López', phone: '16505551234' };

describe.skipIf(!chromiumPath)('merging contacts in the contact panel (Chromium)', () => {
  let inbox: WebInbox;
  let omnify: TestOmnify;
  let page: Page;
  let waContact: string;
  let igConversation: string;
  const panel = () => page.getByRole('complementary', { name: 'Contact details' });

  beforeAll(async () => {
    inbox = await startWebInbox({ name: 'contact-merge-e2e' });
    ({ omnify, page } = inbox);
    await inbox.text('wamid.MERGE-1', MARIA, 'Hi, where is my order #1042?', 3 * 3600);
    const waConversation = await omnify.until('the WhatsApp conversation', async () => {
      const r = await omnify.api('GET', `/api/v1/conversations?channelId=${inbox.channelId}`);
      return r.json?.data?.[0]?.id as string | undefined;
    });
    waContact = (await omnify.api('GET', `/api/v1/conversations/${waConversation}`)).json.contact.id;
    const ig = await omnify.api('POST', '/api/v1/channels', {
      platform: 'instagram',
      name: 'Shop Instagram',
      sandbox: true,
      config: {
        pageId: '104123456789012',
        instagramAccountId: '17841400000000001',
        pageAccessToken: 't',
        appSecret: 's',
        verifyToken: 'v',
      },
    });
    expect(ig.status, JSON.stringify(ig.json)).toBe(201);
    const sent = await omnify.api('POST', `/api/v1/channels/${ig.json.id}/sandbox/messages`, {
      text: 'Same person as on WhatsApp: +1 650 555 1234',
      from: { handle: '7100000000000042', name: 'maria.lopez' },
    });
    expect(sent.status, JSON.stringify(sent.json)).toBe(202);
    igConversation = sent.json.conversationId;
  }, 120_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshotAll(inbox?.browser, `contact-merge-${task.name}`);
  });
  afterAll(async () => {
    await inbox?.close();
  });

  it('shows the suggestion with its reason, merges on one click, and undoes it with a reason', async () => {
    await page.goto(`${omnify.url}/inbox/${igConversation}`);
    const card = panel().getByTestId('merge-suggestion');
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    const text = await card.textContent();
    expect(text).toContain('Maybe the same person as María López');
    expect(text).toContain('+16505551234');
    expect(text).toContain('75%');
    expect(text).toContain('on Instagram');
    await screenshot(page, 'contact-merge-suggestion', 'desktop');
    expect(await checkA11y(page)).toEqual([]);

    await card.getByRole('button', { name: 'Merge' }).click();
    // The conversation now belongs to María's contact: both identities, the WhatsApp conversation listed.
    await expect.poll(() => panel().getByTestId('contact-identity').count()).toBe(2);
    await expect.poll(() => panel().getByTestId('contact-name').textContent()).toBe('María López');
    expect(await panel().getByTestId('identity-linked').textContent()).toBe('merged');
    await expect.poll(() => panel().getByTestId('contact-conversation').count()).toBe(1);
    const entry = panel().getByTestId('merge-entry');
    await expect.poll(() => entry.textContent()).toContain('merged into María López');
    await screenshot(page, 'contact-merge', 'desktop');
    expect(await checkA11y(page)).toEqual([]);
    const merged = (await omnify.api('GET', `/api/v1/conversations/${igConversation}`)).json.contact.id;
    expect(merged).toBe(waContact);

    await entry.getByRole('button', { name: 'Undo merge' }).click();
    await entry.getByRole('textbox', { name: 'Why undo it?' }).fill('Different María');
    await entry.getByRole('button', { name: 'Undo merge' }).click();
    await expect.poll(() => panel().getByTestId('contact-identity').count()).toBe(1);
    expect(await panel().getByTestId('contact-identity').textContent()).toContain('7100000000000042');
    const back = (await omnify.api('GET', `/api/v1/conversations/${igConversation}`)).json.contact.id;
    expect(back).not.toBe(waContact);
    const history = await omnify.api('GET', `/api/v1/contacts/${waContact}/merges`);
    expect(history.json.data[0]).toMatchObject({ unmergeReason: 'Different María' });
  });
});
