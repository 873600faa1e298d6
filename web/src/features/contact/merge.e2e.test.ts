/**
 * One person across channels in the contact panel, in real headless Chromium against a real server
 * (PGlite): María writes on WhatsApp, then on Instagram (a sandbox channel) types her WhatsApp
 * number. The Instagram conversation's panel shows the merge suggestion with its confidence and
 * reason; Merge moves her Instagram identity and conversation onto her WhatsApp contact (the panel
 * then lists both identities and the WhatsApp conversation); the merge history's Undo, with a
 * reason, splits them again exactly. Then an SMS from María's phone (a signed Twilio webhook) joins
 * her contact automatically: the history shows it as Omnify's, with the matched phone, and Detach
 * (with a reason) puts the SMS identity and its conversation back on a contact of their own; a
 * manual merge with a typed reason shows who merged and why. Screenshots contact-merge-suggestion,
 * contact-merge, contact-merge-auto-link and contact-merge-history (desktop), axe-core checked.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../../../src/integrations/twilio/twilio.signature.ts';
import { checkA11y, findChromium, NO_BROWSER, screenshot } from '../../../../src/testing/browser.ts';
import type { TestOmnify } from '../../../../src/testing/harness.ts';
import { closeAfterAll } from '../../../../src/testing/signed-in-page.ts';
import { OWNER, startWebInbox, type WebInbox } from '../../../../src/testing/web-inbox.ts';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

const MARIA = { name: 'María López', phone: '16505551234' };

describe.skipIf(!chromiumPath)('merging contacts in the contact panel (Chromium)', () => {
  let inbox: WebInbox;
  let omnify: TestOmnify;
  let page: Page;
  let waContact: string;
  let waConversation: string;
  let igConversation: string;
  const panel = () => page.getByRole('complementary', { name: 'Contact details' });

  beforeAll(async () => {
    inbox = await startWebInbox({ name: 'contact-merge-e2e' });
    ({ omnify, page } = inbox);
    await inbox.text('wamid.MERGE-1', MARIA, 'Hi, where is my order #1042?', 3 * 3600);
    waConversation = await omnify.until('the WhatsApp conversation', async () => {
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

  closeAfterAll('contact-merge', () => inbox);

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

  it("shows an automatic link as Omnify's, detaches it with a reason, and shows who merged by hand and why", async () => {
    const token = 'merge-e2e-twilio-token';
    const sms = await omnify.api('POST', '/api/v1/channels', {
      platform: 'twilio',
      name: 'Shop SMS',
      config: {
        accountSid: `AC${'5'.repeat(32)}`,
        authToken: token,
        from: '+15005550006',
        apiBaseUrl: 'http://127.0.0.1:9',
      },
    });
    expect(sms.status, JSON.stringify(sms.json)).toBe(201);
    const params = {
      AccountSid: `AC${'5'.repeat(32)}`,
      MessageSid: `SM${'1'.repeat(32)}`,
      From: `+${MARIA.phone}`,
      To: '+15005550006',
      Body: 'Texting you too: is #1042 on its way?',
      NumMedia: '0',
    };
    const posted = await omnify.post(`/webhooks/${sms.json.id}`, new URLSearchParams(params).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(token, `${omnify.url}/webhooks/${sms.json.id}`, params),
    });
    expect(posted.status, posted.text).toBe(200);

    await page.goto(`${omnify.url}/inbox/${waConversation}`);
    await expect.poll(() => panel().getByTestId('contact-identity').count(), { timeout: 15_000 }).toBe(2);
    const auto = panel().locator('[data-testid="merge-entry"][data-automatic]');
    await expect.poll(() => auto.count()).toBe(1);
    const text = await auto.textContent();
    expect(text).toContain('Linked automatically: same phone +16505551234 on WhatsApp and Twilio (SMS).');
    expect(text).toContain('By Omnify (automatic)');
    await auto.scrollIntoViewIfNeeded();
    await screenshot(page, 'contact-merge-auto-link', 'desktop');
    expect(await checkA11y(page)).toEqual([]);

    await auto.getByRole('button', { name: 'Detach' }).click();
    await auto.getByRole('textbox', { name: 'Why detach it?' }).fill('Shared family phone');
    await auto.getByRole('button', { name: 'Detach' }).click();
    await expect.poll(() => panel().getByTestId('contact-identity').count()).toBe(1);
    await expect
      .poll(() => auto.getByTestId('merge-undone').textContent())
      .toContain(`Detached by ${OWNER.name}`);
    expect(await auto.getByTestId('merge-undone').textContent()).toContain('Why: Shared family phone');
    // The SMS conversation went back with its identity.
    const smsConversations = await omnify.api('GET', `/api/v1/conversations?channelId=${sms.json.id}`);
    const smsContact = smsConversations.json.data[0].contact.id;
    expect(smsContact).not.toBe(waContact);
    expect((await omnify.api('GET', `/api/v1/contacts/${smsContact}`)).json.identities).toHaveLength(1);

    // A manual merge with a typed reason: the Instagram contact, found by its handle.
    await panel().getByRole('button', { name: 'Merge with another contact…' }).click();
    await panel().getByRole('textbox', { name: 'Merge with another contact…' }).fill('7100000000000042');
    await panel()
      .getByRole('textbox', { name: 'Why merge? (optional)' })
      .fill('Same customer, confirmed on the phone');
    const here = panel().getByRole('button', { name: 'Merge into this contact' });
    await expect.poll(() => here.count(), { timeout: 10_000 }).toBe(1);
    await here.click();
    await expect.poll(() => panel().getByTestId('contact-identity').count()).toBe(2);
    const latest = panel().getByTestId('merge-entry').first();
    await expect.poll(() => latest.textContent()).toContain('merged into María López');
    expect(await latest.textContent()).toContain(`By ${OWNER.name}`);
    expect(await latest.textContent()).toContain('Why: Same customer, confirmed on the phone');
    await panel().getByTestId('merge-entry').last().scrollIntoViewIfNeeded();
    await screenshot(page, 'contact-merge-history', 'desktop');
    expect(await checkA11y(page)).toEqual([]);
    const history = await omnify.api('GET', `/api/v1/contacts/${waContact}/merges`);
    expect(
      history.json.data.map((m: { automatic: boolean; mergedByKind: string }) => [
        m.automatic,
        m.mergedByKind,
      ]),
    ).toEqual([
      [false, 'user'],
      [true, 'system'],
      [false, 'user'],
    ]);
  });
});
