/**
 * The first-run wizard in real headless Chromium against a real server (PGlite): from an empty
 * database through the account, "try it with sandbox data" (demo channels and conversations
 * replayed through the pipeline), the FAQ agent and its test button, to a test message answered by
 * the agent live; the demo labelled in the inbox and removed in one click; a real channel's
 * "waiting for your first message" check turning green (Telegram, and Slack with its signed
 * url_verification). Screenshots: wizard-channel, wizard-agent, wizard-test (desktop and phone),
 * inbox-demo, wizard-connected, wizard-slack (desktop). Skips when Chromium is missing.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signSlack } from '../../../../src/integrations/slack/slack.signature.ts';
import { DEMO_FAQ } from '../../../../src/modules/inbox/demo/demo-script.ts';
import {
  checkA11y,
  findChromium,
  NO_BROWSER,
  screenshot,
  VIEWPORTS,
} from '../../../../src/testing/browser.ts';
import type { TestOmnify } from '../../../../src/testing/harness.ts';
import {
  closeAfterAll,
  type SignedInPage,
  startSignedInPage,
} from '../../../../src/testing/signed-in-page.ts';

const OWNER = { name: 'Noa Peretz', email: 'noa@example.com', password: 'correct horse battery' };
const HOURS = DEMO_FAQ.find((e) => e.key === 'hours')!;
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

describe.skipIf(!chromiumPath)('first-run wizard: empty server to a sandbox agent reply (Chromium)', () => {
  let app: SignedInPage;
  let omnify: TestOmnify;
  let page: Page;
  // The pointer is moved off the last button clicked: a hovered button's colours are not its own.
  const expectAccessible = async () => {
    await page.mouse.move(0, 0);
    expect(await checkA11y(page)).toEqual([]);
  };
  /** Screenshots at desktop and phone width, then back to desktop. */
  const both = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name, 'desktop');
    await page.setViewportSize(VIEWPORTS.phone);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name, 'phone');
    await expectAccessible();
    await page.setViewportSize(VIEWPORTS.desktop);
  };

  beforeAll(async () => {
    // No owner yet: the first test creates it through the wizard.
    app = await startSignedInPage({ owner: null });
    ({ omnify, page } = app);
  }, 120_000);

  closeAfterAll('wizard', () => app);

  it('creates the owner and workspace, then offers the channels and the sandbox', async () => {
    await page.goto(omnify.url);
    await page.waitForURL(/\/setup$/);
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('E-mail').fill(OWNER.email);
    await page
      .getByLabel(/^Password/)
      .and(page.locator('input'))
      .fill(OWNER.password);
    await page.getByLabel('Workspace name').fill('Copper Kettle');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/setup\/channel/);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Connect your first channel' }).isVisible())
      .toBe(true);
    for (const name of ['Try it with sandbox data', 'WhatsApp', 'Telegram', 'Signed webhook'])
      expect(await page.getByRole('radio', { name: new RegExp(`^${name}`) }).count()).toBe(1);
    await both('wizard-channel');
  });

  it('loads the sandbox data through the pipeline and shows the demo’s FAQ agent, which answers a test', async () => {
    await page.getByRole('button', { name: 'Load sandbox data' }).click();
    await expect.poll(() => page.getByTestId('sandbox-loaded').isVisible(), { timeout: 30_000 }).toBe(true);
    const channels = (await omnify.api('GET', '/api/v1/channels')).json.data;
    expect(channels.filter((c: any) => c.demo && c.sandbox)).toHaveLength(2);
    expect((await omnify.api('GET', '/api/v1/conversations?limit=100')).json.data).toHaveLength(8);

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/setup\/agent\?channelId=/);
    await expect.poll(() => page.getByTestId('faq-entry').count()).toBe(DEMO_FAQ.length);
    expect(await page.getByRole('textbox', { name: 'Question 1', exact: true }).inputValue()).toBe(
      HOURS.question,
    );
    await page.getByRole('button', { name: 'Test this agent' }).click();
    await expect.poll(() => page.getByTestId('agent-test-result').textContent()).toContain(HOURS.answer);
    await both('wizard-agent');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/setup\/test\?channelId=/);
  });

  it('sends a test message through the sandbox and shows the agent’s reply live', async () => {
    const input = page.getByLabel(/A customer writes to Demo WhatsApp/);
    await input.fill('Hi! What are your opening hours?');
    await page.getByRole('button', { name: 'Send test message' }).click();
    await expect
      .poll(() => page.getByTestId('reply-status').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('replied');
    const reply = page.locator('[data-testid="message"][data-sender="agent"]').last();
    // The bubble: the sender label, then the text exactly as the FAQ agent gave it.
    expect(await reply.locator('p').nth(1).textContent()).toBe(HOURS.answer);
    expect(
      await page.locator('[data-testid="message"][data-sender="contact"]').last().textContent(),
    ).toContain('Hi! What are your opening hours?');
    await both('wizard-test');
  });

  it('labels the demo in the inbox and removes all of it in one click', async () => {
    await page.getByRole('button', { name: 'Go to the inbox' }).click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}/);
    await page.goto(`${omnify.url}/inbox`);
    await expect.poll(() => page.getByTestId('conversation-row').count()).toBeGreaterThan(5);
    // The badges follow the channels' answer, which may come a moment after the list's.
    await expect.poll(() => page.getByTestId('demo-badge').count()).toBeGreaterThan(5);
    await expect.poll(() => page.getByTestId('demo-banner').isVisible()).toBe(true);
    // The checklist: account, agent and first reply are done; a real channel and a teammate are not.
    const checklist = page.getByTestId('onboarding');
    await expect.poll(() => checklist.isVisible()).toBe(true);
    expect(await checklist.textContent()).toContain('3/5');
    await screenshot(page, 'inbox-demo', 'desktop');
    await expectAccessible();

    await page.getByRole('button', { name: 'Remove demo data' }).click();
    await expect
      .poll(() => page.getByText('No conversations yet').isVisible(), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(() => page.getByTestId('demo-banner').count()).toBe(0);
    expect(await page.getByTestId('demo-badge').count()).toBe(0);
    expect((await omnify.api('GET', '/api/v1/channels')).json.data).toEqual([]);
    expect((await omnify.api('GET', '/api/v1/agents')).json.data).toEqual([]);
    expect((await omnify.api('GET', '/api/v1/conversations')).json.data).toEqual([]);
  });

  it('connects a Telegram bot and turns green when its first message arrives', async () => {
    await page.goto(`${omnify.url}/setup/channel?platform=telegram`);
    await page
      .getByLabel(/^Bot token/)
      .and(page.locator('input'))
      .fill('123456789:AAE-wizard-e2e-token');
    await page.getByRole('button', { name: 'Connect Telegram' }).click();
    await expect.poll(() => page.getByTestId('webhook-url').isVisible()).toBe(true);
    const url = await page.getByTestId('webhook-url').inputValue();
    expect(url).toMatch(/\/webhooks\/[0-9a-f-]{36}$/);
    const command = await page.getByRole('textbox', { name: 'setWebhook command' }).inputValue();
    expect(command).toContain('bot123456789:AAE-wizard-e2e-token/setWebhook');
    const secret = /secret_token=([A-Za-z0-9_-]+)/.exec(command)![1]!;
    expect(await page.getByTestId('first-message').getAttribute('data-state')).toBe('waiting');

    const update = {
      update_id: 1,
      message: {
        message_id: 7,
        from: { id: 4242, is_bot: false, first_name: 'Lena' },
        chat: { id: 4242, type: 'private', first_name: 'Lena' },
        date: Math.floor(Date.now() / 1000),
        text: 'Hello bot!',
      },
    };
    const res = await omnify.post(new URL(url).pathname, JSON.stringify(update), {
      'x-telegram-bot-api-secret-token': secret,
    });
    expect(res.status).toBe(200);
    await expect
      .poll(() => page.getByTestId('first-message').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('received');
    expect(await page.getByTestId('first-message').textContent()).toContain('Lena: “Hello bot!”');
    await page.mouse.move(0, 0);
    await screenshot(page, 'wizard-connected', 'desktop');
    await expectAccessible();
  });

  it('connects a Slack app: the signed url_verification and the first message reach it', async () => {
    const signingSecret = 'wizard-e2e-slack-signing-secret';
    await page.goto(`${omnify.url}/setup/channel?platform=slack`);
    await expect.poll(() => page.getByTestId('choice-slack').isVisible()).toBe(true);
    await page
      .getByLabel(/^Bot User OAuth Token/)
      .and(page.locator('input'))
      .fill('xoxb-wizard-e2e-token');
    await page
      .getByLabel(/^Signing Secret/)
      .and(page.locator('input'))
      .fill(signingSecret);
    await page.getByRole('button', { name: 'Connect Slack' }).click();
    await expect.poll(() => page.getByTestId('webhook-url').isVisible()).toBe(true);
    const path = new URL(await page.getByTestId('webhook-url').inputValue()).pathname;
    expect(await page.getByText(/Event Subscriptions turn Enable Events on/).isVisible()).toBe(true);
    const signed = (body: unknown) => {
      const raw = JSON.stringify(body);
      const ts = String(Math.floor(Date.now() / 1000));
      return [
        raw,
        { 'x-slack-request-timestamp': ts, 'x-slack-signature': signSlack(raw, signingSecret, ts) },
      ] as const;
    };
    // What Slack sends when the Request URL is pasted: answered with the challenge, as Slack requires.
    const check = await omnify.post(
      path,
      ...signed({ type: 'url_verification', challenge: 'wizard-challenge', token: 'x' }),
    );
    expect(check.status).toBe(200);
    expect(check.text).toContain('wizard-challenge');
    const ts = `${Math.floor(Date.now() / 1000)}.000100`;
    const event = {
      type: 'event_callback',
      team_id: 'T0WIZARD',
      api_app_id: 'A0WIZARD',
      event_id: 'Ev0WIZARD',
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'message',
        channel: 'D0WIZARD',
        channel_type: 'im',
        user: 'U0WIZARD',
        text: 'Hi from Slack',
        ts,
      },
    };
    expect((await omnify.post(path, ...signed(event))).status).toBe(200);
    await expect
      .poll(() => page.getByTestId('first-message').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('received');
    await page.mouse.move(0, 0);
    await screenshot(page, 'wizard-slack', 'desktop');
    await expectAccessible();
  });
});
