/**
 * Settings, team and access in real headless Chromium against a real server (PGlite): an owner
 * invites a viewer, who joins in a second browser context and then sees no composer, no actions
 * and no settings while the API answers 403 to the reply the viewer tries anyway; a conversation
 * of another workspace opened by URL shows a not-found state and none of its data; an API key made
 * in the UI works until it is revoked in the UI (then 401); the last owner cannot demote
 * themselves (the API's text is shown); the workspace's time zone is set from the Workspace tab;
 * an agent sees no settings; the forgotten-password and
 * reset pages. Screenshots: settings-members, settings-keys, settings-workspace, invite (desktop and phone).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signWhatsApp } from '../../../../src/integrations/whatsapp/whatsapp.signature.ts';
import { requestPasswordReset } from '../../../../src/modules/users/users.service.ts';
import {
  checkA11y,
  findChromium,
  NO_BROWSER,
  screenshot,
  signInInBrowser,
  VIEWPORTS,
} from '../../../../src/testing/browser.ts';
import { TEST_API_KEY, type TestOmnify } from '../../../../src/testing/harness.ts';
import {
  closeAfterAll,
  DESKTOP_CONTEXT,
  OWNER,
  type SignedInPage,
  startSignedInPage,
} from '../../../../src/testing/signed-in-page.ts';
import { whatsappText } from '../../../../test/payloads.ts';

const APP_SECRET = 'wa-app-secret-settings-e2e';
const VIEWER = { name: 'Vic Viewer', email: 'vic@example.com', password: 'viewer password 1' };
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

describe.skipIf(!chromiumPath)('settings, invitations, roles and workspace isolation (Chromium)', () => {
  let app: SignedInPage;
  let omnify: TestOmnify;
  let browser: Browser;
  let viewerContext: BrowserContext;
  let owner: Page;
  let viewer: Page;
  let conversationA: string;
  let inviteUrl: string;

  /** Calls the API with `key` (JSON in and out). */
  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${omnify.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };

  /** A sandbox WhatsApp channel in the key's workspace and one inbound message on it; its conversation id. */
  const conversationWith = async (key: string, wamid: string, text: string, contactName?: string) => {
    const channel = await call(key, 'POST', '/api/v1/channels', {
      platform: 'whatsapp',
      name: 'Shop WhatsApp',
      sandbox: true,
      config: {
        phoneNumberId: '1122334455667',
        accessToken: 'EAAG-settings-e2e',
        appSecret: APP_SECRET,
        verifyToken: 'verify-me',
      },
    });
    expect(channel.status).toBe(201);
    const body = whatsappText(wamid, text);
    const contact = body.entry[0].changes[0].value.contacts?.[0];
    if (contact && contactName) contact.profile.name = contactName;
    const raw = Buffer.from(JSON.stringify(body));
    const res = await omnify.post(`/webhooks/${channel.json.id}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, APP_SECRET),
    });
    expect(res.status).toBe(200);
    const list = await omnify.until('the conversation', async () => {
      const r = await call(key, 'GET', `/api/v1/conversations?channelId=${channel.json.id}&status=open`);
      return r.json?.data?.[0]?.id as string | undefined;
    });
    return list;
  };

  /** Fills a password input (its label also names the show/hide button, hence the `input`). */
  const fillPassword = (page: Page, label: RegExp, value: string) =>
    page.getByLabel(label).and(page.locator('input')).fill(value);

  const signIn = (page: Page, who: { email: string; password: string }) =>
    signInInBrowser(page, omnify.url, who);

  /** The session's CSRF token, as the web app reads it. */
  const csrfOf = async (page: Page) =>
    ((await (await page.request.get(`${omnify.url}/api/v1/auth/me`)).json()) as { csrfToken: string })
      .csrfToken;

  beforeAll(async () => {
    // The owner's page is signed in once the conversation exists.
    app = await startSignedInPage({
      prepare: async (started) => {
        omnify = started;
        conversationA = await conversationWith(TEST_API_KEY, 'wamid.SETTINGS-A-1', 'Where is my order?');
      },
    });
    ({ browser, page: owner } = app);
    viewerContext = await browser.newContext(DESKTOP_CONTEXT);
    viewer = await viewerContext.newPage();
  }, 120_000);

  closeAfterAll('settings', () => app);

  it('shows the owner the members with their roles', async () => {
    await owner.getByRole('link', { name: 'Settings' }).click();
    await owner.waitForURL(/\/settings/);
    const row = owner.getByTestId('member-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(OWNER.email);
    expect(await owner.getByRole('combobox', { name: `Role of ${OWNER.name}` }).inputValue()).toBe('Owner');
    // The pointer rests on the nav link it clicked: move it away (the hover colour is not what axe should judge).
    await owner.mouse.move(1, 799);
    expect(await checkA11y(owner)).toEqual([]);

    // Channels and agents: read-only, with the way to the channel wizard.
    await owner.getByRole('tab', { name: 'Channels and agents' }).click();
    const channel = owner.getByTestId('channel-row');
    await expect.poll(() => channel.textContent()).toContain('Shop WhatsApp');
    expect(await channel.textContent()).toContain('Sandbox');
    expect(await channel.textContent()).toContain('No agent');
    expect(await owner.getByText('No agents yet').isVisible()).toBe(true);
    expect(await owner.getByRole('link', { name: 'Add a channel' }).getAttribute('href')).toBe(
      '/setup/channel',
    );
    expect(await checkA11y(owner)).toEqual([]);
  });

  it('invites a viewer, who joins from the link in another browser', async () => {
    await owner.getByRole('tab', { name: 'Invitations' }).click();
    await owner.getByLabel('E-mail').fill(VIEWER.email);
    await owner.getByRole('combobox', { name: 'Role', exact: true }).click();
    await owner.getByRole('option', { name: 'Viewer' }).click();
    await owner.getByRole('button', { name: 'Create invitation' }).click();
    const link = owner.getByTestId('invitation-link');
    await expect.poll(() => link.isVisible()).toBe(true);
    inviteUrl = (await link.textContent())!.trim();
    expect(inviteUrl).toMatch(new RegExp(`^${omnify.url}/invite/[A-Za-z0-9_-]+$`));
    expect(await owner.getByText('you will not see it again').isVisible()).toBe(true);
    await expect.poll(() => owner.getByTestId('invitation-row').first().textContent()).toContain('Pending');
    expect(await checkA11y(owner)).toEqual([]);

    await viewer.goto(inviteUrl);
    const heading = viewer.getByRole('heading', { name: 'Join Acme support as Viewer' });
    await expect.poll(() => heading.isVisible()).toBe(true);
    await screenshot(viewer, 'invite', 'desktop');
    expect(await checkA11y(viewer)).toEqual([]);
    await viewer.setViewportSize(VIEWPORTS.phone);
    await screenshot(viewer, 'invite', 'phone');
    await viewer.setViewportSize(VIEWPORTS.desktop);
    expect(await viewer.getByLabel('E-mail').inputValue()).toBe(VIEWER.email);
    await viewer.getByLabel('Your name').fill(VIEWER.name);
    await fillPassword(viewer, /^Choose a password/, VIEWER.password);
    await viewer.getByRole('button', { name: 'Join Acme support' }).click();
    await viewer.waitForURL(/\/inbox/);
    await expect.poll(() => viewer.getByTestId('conversation-row').first().isVisible()).toBe(true);

    // The link works once.
    const again = await fetch(`${inviteUrl.replace('/invite/', '/api/v1/invitations/lookup?token=')}`);
    expect(again.status).toBe(400);
    await owner.reload();
    await expect.poll(() => owner.getByTestId('invitation-row').first().textContent()).toContain('Accepted');
  });

  it('gives the viewer no composer, no actions and no settings; the API refuses the reply (403)', async () => {
    await viewer.goto(`${omnify.url}/inbox/${conversationA}`);
    await expect
      .poll(() => viewer.getByTestId('message').first().textContent())
      .toContain('Where is my order?');
    expect(await viewer.locator('textarea').count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
    expect(await viewer.getByRole('link', { name: 'Settings' }).count()).toBe(0);

    const csrf = await csrfOf(viewer);
    expect(csrf).toBeTruthy();
    const reply = await viewer.request.post(`${omnify.url}/api/v1/conversations/${conversationA}/messages`, {
      headers: { 'x-csrf-token': csrf },
      data: { text: 'A viewer should not be able to send this' },
    });
    expect(reply.status()).toBe(403);
    expect(((await reply.json()) as { error: { code: string } }).error.code).toBe('OMNIFY_ERR_FORBIDDEN');
    const messages = await call(TEST_API_KEY, 'GET', `/api/v1/conversations/${conversationA}/messages`);
    expect(JSON.stringify(messages.json)).not.toContain('A viewer should not');

    // Settings by URL send the viewer back to the inbox.
    await viewer.goto(`${omnify.url}/settings`);
    await viewer.waitForURL(/\/inbox$/);
  });

  it('shows a not-found state, never the data, for a conversation of another workspace opened by URL', async () => {
    const made = await call(TEST_API_KEY, 'POST', '/api/v1/workspaces', { name: 'Beta' });
    expect(made.status).toBe(201);
    const keyB = made.json.apiKey.key as string;
    const conversationB = await conversationWith(
      keyB,
      'wamid.SETTINGS-B-1',
      'Secret of workspace B',
      'Bea B',
    );

    await owner.goto(`${omnify.url}/inbox/${conversationB}`);
    await expect
      .poll(() =>
        owner
          .getByText(/no conversation has this id|does not exist|not found/i)
          .first()
          .isVisible(),
      )
      .toBe(true);
    const shown = await owner.locator('body').textContent();
    expect(shown).not.toContain('Secret of workspace B');
    expect(shown).not.toContain('Bea B');
    const direct = await owner.request.get(`${omnify.url}/api/v1/conversations/${conversationB}/messages`);
    expect(direct.status()).toBe(404);
  });

  it('creates an API key shown once, which works until it is revoked in the UI (then 401)', async () => {
    await owner.goto(`${omnify.url}/settings?tab=keys`);
    await owner.getByRole('textbox', { name: /^Name/ }).fill('CI export');
    await owner.getByRole('button', { name: 'Create key' }).click();
    const shown = owner.getByTestId('new-api-key');
    await expect.poll(() => shown.isVisible()).toBe(true);
    const key = (await shown.textContent())!.trim();
    expect(key).toMatch(/^omk_[A-Za-z0-9_-]{43}$/);
    expect(await owner.getByText('you will not see it again').isVisible()).toBe(true);
    const row = owner.getByTestId('api-key-row').filter({ hasText: 'CI export' });
    await expect.poll(() => row.textContent()).toContain(key.slice(0, 8));
    await screenshot(owner, 'settings-keys', 'desktop');
    expect(await checkA11y(owner)).toEqual([]);
    await owner.setViewportSize(VIEWPORTS.phone);
    await screenshot(owner, 'settings-keys', 'phone');
    await owner.setViewportSize(VIEWPORTS.desktop);
    // Dark mode stays readable (the theme follows the system).
    await owner.emulateMedia({ colorScheme: 'dark' });
    expect(await checkA11y(owner)).toEqual([]);
    await owner.emulateMedia({ colorScheme: 'light' });
    expect((await call(key, 'GET', '/api/v1/conversations')).status).toBe(200);

    await owner.getByRole('button', { name: 'Done' }).click();
    expect(await shown.count()).toBe(0);
    await row.getByRole('button', { name: 'Revoke the key CI export' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Revoke this API key?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain(key.slice(0, 8));
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.count()).toBe(0);
    const after = await call(key, 'GET', '/api/v1/conversations');
    expect(after.status).toBe(401);
  });

  it('sets the workspace’s time zone from the list, showing the time there; the API stores it', async () => {
    await owner.goto(`${omnify.url}/settings?tab=workspace`);
    const zone = owner.getByRole('combobox', { name: /^Time zone/ });
    await expect.poll(() => zone.inputValue()).toBe('UTC');
    expect(await owner.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await zone.click();
    await zone.fill('Berlin');
    await owner.getByRole('option', { name: 'Europe/Berlin' }).click();
    expect(await owner.getByTestId('workspace-local-time').textContent()).toMatch(
      /^It is .+ in Europe\/Berlin now\.$/,
    );
    await owner.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => owner.getByTestId('workspace-saved').isVisible()).toBe(true);
    await screenshot(owner, 'settings-workspace', 'desktop');
    expect(await checkA11y(owner)).toEqual([]);
    await owner.setViewportSize(VIEWPORTS.phone);
    await screenshot(owner, 'settings-workspace', 'phone');
    await owner.setViewportSize(VIEWPORTS.desktop);
    expect((await call(TEST_API_KEY, 'GET', '/api/v1/workspace')).json.timeZone).toBe('Europe/Berlin');
    await owner.reload();
    await expect
      .poll(() => owner.getByRole('combobox', { name: /^Time zone/ }).inputValue())
      .toBe('Europe/Berlin');
  });

  it('protects the last owner and lets the owner make the viewer an agent, who still sees no settings', async () => {
    await owner.goto(`${omnify.url}/settings?tab=members`);
    await expect.poll(() => owner.getByTestId('member-row').count()).toBe(2);
    await owner.getByRole('combobox', { name: `Role of ${OWNER.name}` }).click();
    await owner.getByRole('option', { name: 'Admin' }).click();
    await expect.poll(() => owner.getByRole('alert').first().textContent()).toContain('last owner');
    expect(await owner.getByRole('combobox', { name: `Role of ${OWNER.name}` }).inputValue()).toBe('Owner');
    await owner.setViewportSize(VIEWPORTS.phone);
    await screenshot(owner, 'settings-members', 'phone');
    await owner.setViewportSize(VIEWPORTS.desktop);

    await owner.getByRole('combobox', { name: `Role of ${VIEWER.name}` }).click();
    await owner.getByRole('option', { name: 'Agent' }).click();
    await expect
      .poll(() => owner.getByRole('combobox', { name: `Role of ${VIEWER.name}` }).inputValue())
      .toBe('Agent');
    await expect.poll(() => owner.getByRole('alert').count()).toBe(0);
    await screenshot(owner, 'settings-members', 'desktop');
    const members = await call(TEST_API_KEY, 'GET', '/api/v1/users');
    expect(members.json.data.find((m: { email: string }) => m.email === VIEWER.email).role).toBe('agent');

    await viewer.goto(`${omnify.url}/inbox/${conversationA}`);
    await expect.poll(() => viewer.locator('textarea').first().isVisible()).toBe(true);
    expect(await viewer.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await viewer.goto(`${omnify.url}/settings`);
    await viewer.waitForURL(/\/inbox$/);
  });

  it('asks for a reset link on the sign-in page and sets a new password from the link', async () => {
    const page = await (await browser.newContext({ viewport: VIEWPORTS.desktop })).newPage();
    await page.goto(`${omnify.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(/\/forgot-password$/);
    // The URL changes before the page's chunk has loaded, and the sign-in form has an E-mail field too:
    // filling before this page shows filled that one (a failure seen under load).
    await page.getByRole('button', { name: 'Send reset link' }).waitFor();
    await page.getByLabel('E-mail').fill(VIEWER.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('If an account exists');
    expect(await page.getByText(`omnify users reset-password ${VIEWER.email}`).isVisible()).toBe(true);
    expect(await checkA11y(page)).toEqual([]);

    // What `omnify users reset-password` prints (this server has no SMTP_URL: no e-mail is sent).
    const made = await requestPasswordReset(omnify.db, VIEWER.email);
    await page.goto(`${omnify.url}/reset-password?token=${made!.token}`);
    const fresh = 'a brand new password';
    await fillPassword(page, /^New password/, fresh);
    await fillPassword(page, /^Repeat the new password/, 'something else entirely');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => page.getByText('The two passwords are not the same.').isVisible()).toBe(true);
    await fillPassword(page, /^Repeat the new password/, fresh);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL(/\/login\?notice=password-reset/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('password was changed');
    expect(await checkA11y(page)).toEqual([]);
    await signIn(page, { email: VIEWER.email, password: fresh });

    // The link worked once; the viewer's other session has ended.
    await page.goto(`${omnify.url}/reset-password?token=${made!.token}`);
    await fillPassword(page, /^New password/, 'yet another password');
    await fillPassword(page, /^Repeat the new password/, 'yet another password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => page.getByText('This link does not work').isVisible()).toBe(true);
    expect((await viewer.request.get(`${omnify.url}/api/v1/auth/me`)).status()).toBe(401);
    await page.context().close();

    // The viewer's open tab finds out at its next request and goes to sign-in, saying why.
    await viewer.locator('a[href^="/inbox/"]').first().click();
    await viewer.waitForURL(/\/login\?notice=session-ended/);
    await expect.poll(() => viewer.getByRole('status').first().textContent()).toContain('session has ended');
  });
});
