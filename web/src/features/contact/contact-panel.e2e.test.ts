/**
 * The contact panel in real headless Chromium against a real server (PGlite): a customer who wrote
 * to two WhatsApp channels (two conversations, one contact) with an LTV prediction. On desktop the
 * panel is a column beside the timeline showing the identity and the channels it writes to; the
 * name is edited in place, an attribute added and the notes autosaved, all still there after a
 * reload; the other conversation is listed and opens; hiding the column is remembered. On a phone
 * the header's "Contact details" button opens it as a sheet. Then the same person texts over Twilio SMS
 * (linked by the vouched phone) and writes on Telegram (another contact, merged into hers): the
 * panel's timeline lists all her conversations across the three platforms, newest first, each with
 * its platform, and opens the Telegram one. Screenshots contact-panel (desktop and phone) and
 * contact-timeline (desktop), each screen checked with axe-core.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../../../src/integrations/twilio/twilio.signature.ts';
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

const MARIA = { name: 'María López', phone: '16505551234' };

describe.skipIf(!chromiumPath)('the contact panel (Chromium)', () => {
  let inbox: WebInbox;
  let omnify: TestOmnify;
  let page: Page;
  /** María's conversation on Shop WhatsApp (older) and on Support WhatsApp (newer). */
  let shopConversation: string;
  let supportConversation: string;
  let contactId: string;
  const expectAccessible = async () => expect(await checkA11y(page)).toEqual([]);
  const panel = () => page.getByRole('complementary', { name: 'Contact details' });

  beforeAll(async () => {
    inbox = await startWebInbox({ name: 'contact-panel-e2e' });
    ({ omnify, page } = inbox);
    await inbox.text('wamid.CONTACT-PANEL-1', MARIA, 'Hi, where is my order #1042?', 3 * 3600);
    shopConversation = await omnify.until('the first conversation', async () => {
      const r = await omnify.api('GET', `/api/v1/conversations?channelId=${inbox.channelId}`);
      return r.json?.data?.[0]?.id as string | undefined;
    });
    // The same number writes to a second WhatsApp channel: the same contact, another conversation.
    const support = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      name: 'Support WhatsApp',
      sandbox: true,
      config: { phoneNumberId: '9988776655443', accessToken: 't', appSecret: 's', verifyToken: 'v' },
    });
    expect(support.status).toBe(201);
    const second = await omnify.api('POST', `/api/v1/channels/${support.json.id}/sandbox/messages`, {
      text: 'Also: can I change the delivery address?',
      from: { handle: MARIA.phone, name: MARIA.name },
    });
    expect(second.status, JSON.stringify(second.json)).toBe(202);
    supportConversation = second.json.conversationId;
    contactId = (await omnify.api('GET', `/api/v1/conversations/${shopConversation}`)).json.contact.id;
    // The LTV model's figures as a run stores them (the intelligence module's table).
    const ws = (await omnify.db.query<{ id: string }>('SELECT id FROM workspaces')).rows[0]!.id;
    await omnify.db.query(
      `INSERT INTO contact_ltv (contact_id, workspace_id, frequency, recency_weeks, t_weeks, p_alive,
         expected_purchases_30, expected_purchases_90, expected_purchases_365, expected_order_value_minor,
         clv_minor, currency)
       VALUES ($1, $2, 4, 20, 26, 0.38, 0.2, 0.6, 2.1, 4200, 31250, 'EUR')`,
      [contactId, ws],
    );
  }, 120_000);

  closeAfterAll('contact-panel', () => inbox);

  it('shows the contact beside the timeline: identity with its channels, the prediction, no notes yet', async () => {
    await page.goto(`${omnify.url}/inbox/${shopConversation}`);
    await expect.poll(() => panel().getByTestId('contact-name').textContent()).toBe('María López');
    const identity = panel().getByTestId('contact-identity');
    await expect.poll(() => identity.count()).toBe(1);
    expect(await identity.textContent()).toContain('+16505551234');
    // Latest activity first: the Support channel was written to last.
    expect(await identity.textContent()).toContain('via Support WhatsApp, Shop WhatsApp');
    const ltv = await panel().getByTestId('contact-ltv').textContent();
    expect(ltv).toContain('38%');
    expect(ltv).toContain('€313');
    expect(ltv).toContain('At risk');
    expect(await panel().getByRole('textbox', { name: 'Notes' }).inputValue()).toBe('');
    expect(await panel().getByText('No attributes yet').isVisible()).toBe(true);
  });

  it('edits the name in place, adds an attribute and autosaves the notes; a reload shows them', async () => {
    await panel().getByRole('button', { name: 'Edit name' }).click();
    const name = panel().getByLabel('Name', { exact: true });
    await name.fill('María López Ruiz');
    await name.press('Enter');
    await expect.poll(() => panel().getByTestId('contact-name').textContent()).toBe('María López Ruiz');
    // The conversation header follows.
    await expect
      .poll(() => page.getByRole('heading', { level: 2, name: 'María López Ruiz' }).isVisible())
      .toBe(true);

    await panel().getByRole('button', { name: 'Add attribute' }).click();
    await panel().getByRole('textbox', { name: 'Key' }).fill('Plan');
    await panel().getByRole('textbox', { name: 'Value' }).fill('Gold');
    await panel().getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel().getByTestId('contact-attribute').count()).toBe(1);
    expect(await panel().getByTestId('contact-attribute').textContent()).toContain('Gold');

    const notes = panel().getByRole('textbox', { name: 'Notes' });
    await notes.click();
    await notes.pressSequentially('Prefers WhatsApp. Ask about the March order.');
    await expect.poll(() => panel().getByTestId('notes-status').textContent()).toBe('Saved');

    await page.reload();
    await expect.poll(() => panel().getByTestId('contact-name').textContent()).toBe('María López Ruiz');
    expect(await panel().getByRole('textbox', { name: 'Notes' }).inputValue()).toBe(
      'Prefers WhatsApp. Ask about the March order.',
    );
    expect(await panel().getByTestId('contact-attribute').textContent()).toContain('Gold');
    const stored = (await omnify.api('GET', `/api/v1/conversations/${shopConversation}`)).json.contact;
    expect(stored.name).toBe('María López Ruiz');
  });

  it('lists the other conversation and opens it; screenshot and axe at desktop width', async () => {
    const others = panel().getByTestId('contact-conversation');
    await expect.poll(() => others.count()).toBe(1);
    expect(await others.textContent()).toContain('Support WhatsApp');
    expect(await others.textContent()).toContain('can I change the delivery address?');
    await others.click();
    await page.waitForURL(`**/inbox/${supportConversation}`);
    await expect
      .poll(() => page.locator('[data-testid="message"]').last().textContent())
      .toContain('can I change the delivery address?');
    // From there, the Shop conversation is the other one; a new message there shows live.
    await expect.poll(() => others.textContent()).toContain('Shop WhatsApp');
    await inbox.text('wamid.CONTACT-PANEL-2', MARIA, 'Found the tracking link, thanks!');
    await expect.poll(() => others.textContent()).toContain('Found the tracking link, thanks!');
    await screenshot(page, 'contact-panel', 'desktop');
    await expectAccessible();
  });

  it('hides the column from the header button, and remembers it', async () => {
    const toggle = page.getByRole('button', { name: 'Contact details' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    await expect.poll(() => panel().count()).toBe(0);
    await page.reload();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await panel().count()).toBe(0);
    await toggle.click();
    await expect.poll(() => panel().isVisible()).toBe(true);
  });

  it('opens as a sheet on a phone from “Contact details”; Escape closes it', async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${omnify.url}/inbox/${shopConversation}`);
    const toggle = page.getByRole('button', { name: 'Contact details' });
    await expect.poll(() => toggle.isVisible()).toBe(true);
    expect(await panel().count()).toBe(0);
    await toggle.click();
    const sheet = page.getByRole('dialog', { name: 'Contact details' });
    await expect.poll(() => sheet.getByTestId('contact-name').textContent()).toBe('María López Ruiz');
    await expect.poll(() => sheet.getByTestId('contact-conversation').count()).toBe(1);
    await screenshot(page, 'contact-panel', 'phone');
    await expectAccessible();
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
    // Focus goes back to the button that opened it.
    expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.setViewportSize(VIEWPORTS.desktop);
  });

  it('shows one timeline across platforms: Twilio linked by phone, Telegram merged in, newest first', async () => {
    // Twilio SMS from María's number: the platform vouches for the phone, so it links to her.
    const authToken = 'contact-timeline-twilio-token';
    const twilio = await omnify.api('POST', '/api/v1/channels', {
      platform: 'twilio',
      name: 'Shop SMS',
      sandbox: true,
      config: { accountSid: `AC${'c'.repeat(32)}`, authToken, from: '+14155550100' },
    });
    expect(twilio.status).toBe(201);
    const sms = new URLSearchParams({
      MessageSid: `SM${'7'.repeat(32)}`,
      AccountSid: `AC${'c'.repeat(32)}`,
      From: `+${MARIA.phone}`,
      To: '+14155550100',
      Body: 'Texting you from the road: is the order shipped?',
      NumMedia: '0',
    }).toString();
    const smsRes = await omnify.post(new URL(twilio.json.webhookUrl).pathname, sms, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(
        authToken,
        twilio.json.webhookUrl,
        Object.fromEntries(new URLSearchParams(sms)),
      ),
    });
    expect(smsRes.status, smsRes.text).toBe(200);
    // Telegram gives no phone: a contact of its own, which the team merges into María.
    const secretToken = 'contact-timeline-telegram-secret';
    const telegram = await omnify.api('POST', '/api/v1/channels', {
      platform: 'telegram',
      name: 'Support bot',
      sandbox: true,
      config: { botToken: '42:contact-timeline', secretToken },
    });
    expect(telegram.status).toBe(201);
    const update = {
      update_id: 9001,
      message: {
        message_id: 11,
        from: { id: 5150, is_bot: false, first_name: 'María' },
        chat: { id: 5150, type: 'private', first_name: 'María' },
        date: Math.floor(Date.now() / 1000) + 5,
        text: 'Olá! Writing from Telegram now.',
      },
    };
    const tgRes = await omnify.post(new URL(telegram.json.webhookUrl).pathname, JSON.stringify(update), {
      'x-telegram-bot-api-secret-token': secretToken,
    });
    expect(tgRes.status, tgRes.text).toBe(200);
    const tgConversation = await omnify.until('the Telegram conversation', async () => {
      const r = await omnify.api('GET', `/api/v1/conversations?channelId=${telegram.json.id}`);
      return r.json?.data?.[0] as { id: string; contact: { id: string } } | undefined;
    });
    expect(tgConversation.contact.id).not.toBe(contactId);
    const merged = await omnify.api('POST', `/api/v1/contacts/${contactId}/merges`, {
      sourceContactId: tgConversation.contact.id,
      reason: 'She told us her Telegram name',
    });
    expect(merged.status, JSON.stringify(merged.json)).toBe(201);

    await page.goto(`${omnify.url}/inbox/${shopConversation}`);
    const rows = panel().locator('[data-platform]');
    await expect.poll(() => rows.count()).toBe(4);
    // Newest activity first: Telegram, the SMS, then the two WhatsApp conversations.
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-platform')))).toEqual([
      'telegram',
      'twilio',
      'whatsapp',
      'whatsapp',
    ]);
    const texts = await rows.allTextContents();
    expect(texts[0]).toContain('Telegram · Support bot');
    expect(texts[0]).toContain('Olá! Writing from Telegram now.');
    expect(texts[1]).toContain('Twilio · Shop SMS');
    expect(texts[1]).toContain('is the order shipped?');
    // The conversation on screen is marked, not linked; the other three open.
    expect(await panel().getByTestId('contact-conversation-current').textContent()).toContain(
      'Shop WhatsApp',
    );
    expect(await panel().getByTestId('contact-conversation').count()).toBe(3);
    for (const p of ['telegram', 'twilio', 'whatsapp'])
      expect(await panel().getByRole('img', { name: p }).count()).toBeGreaterThan(0);
    await panel()
      .getByRole('heading', { name: 'Conversations on every channel' })
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.mouse.move(0, 0);
    await screenshot(page, 'contact-timeline', 'desktop');
    await expectAccessible();

    await panel().getByTestId('contact-conversation').first().click();
    await page.waitForURL(`**/inbox/${tgConversation.id}`);
    await expect
      .poll(() => page.locator('[data-testid="message"]').last().textContent())
      .toContain('Writing from Telegram now.');
    await expect
      .poll(() => panel().getByTestId('contact-conversation-current').getAttribute('data-platform'))
      .toBe('telegram');
  });
});
