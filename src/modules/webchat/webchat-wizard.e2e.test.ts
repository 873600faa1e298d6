/**
 * The setup wizard's web chat entry in real headless Chromium: the owner creates a web chat for
 * their site (allowed origin, generated identity secret), copies the tag the "connected" step
 * shows, and a page of that site carrying exactly that tag sends the first message, which turns
 * the wizard's "waiting for your first message" check green. Screenshot: wizard-webchat (desktop),
 * checked with axe-core.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { ensureWidgetBuild } from '../../../bin/build-widget.js';
import { checkA11y, findChromium, NO_BROWSER, screenshot } from '../../testing/browser.ts';
import type { TestOmnify } from '../../testing/harness.ts';
import { closeAfterAll, type SignedInPage, startSignedInPage } from '../../testing/signed-in-page.ts';

const OWNER = { name: 'Lena Berg', email: 'lena@example.com', password: 'correct horse battery' };
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

describe.skipIf(!chromiumPath)('setup wizard: a web chat for the owner’s site (Chromium)', () => {
  let app: SignedInPage;
  let omnify: TestOmnify;
  let browser: Browser;
  let page: Page;
  let site: Server;
  let siteUrl: string;
  /** The tag the wizard shows, served by the owner's site once copied. */
  let tag = '';

  beforeAll(async () => {
    expect(await ensureWidgetBuild({ quiet: true })).toBe(true);
    app = await startSignedInPage({ owner: OWNER, workspaceName: 'Lena’s bakery' });
    ({ omnify, browser, page } = app);
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="en"><title>Lena's bakery</title><h1>Lena's bakery</h1>${tag}</html>`,
      );
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
  }, 120_000);
  closeAfterAll('wizard-webchat', () => app);
  afterAll(async () => {
    await new Promise((r) => site?.close(r));
  });

  it('creates the web chat, shows its tag, and turns green on the first visitor message', async () => {
    await page.goto(`${omnify.url}/setup/channel?platform=webchat`);
    await expect.poll(() => page.getByTestId('choice-webchat').isVisible(), { timeout: 10_000 }).toBe(true);
    const origins = page.getByLabel(/^Allowed sites/).and(page.locator('input'));
    await origins.fill('shop.example.com/chat');
    await page.getByRole('button', { name: 'Create the web chat' }).click();
    await expect.poll(() => page.getByText('Enter origins such as').isVisible()).toBe(true);
    await origins.fill(`${siteUrl}, https://www.example.com`);
    const secret = await page
      .getByLabel(/^Identity secret/)
      .and(page.locator('input'))
      .inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await page.getByRole('button', { name: 'Create the web chat' }).click();
    await expect.poll(() => page.getByTestId('webchat-snippet').isVisible()).toBe(true);
    tag = await page.getByTestId('webchat-snippet').inputValue();
    const id = /data-channel="([0-9a-f-]{36})"/.exec(tag)?.[1];
    expect(tag).toBe(`<script src="${omnify.url}/webchat/widget.js" data-channel="${id}" async></script>`);
    const channel = await omnify.api('GET', `/api/v1/channels/${id}`);
    expect(channel.json.config.allowedOrigins).toEqual([siteUrl, 'https://www.example.com']);
    expect(JSON.stringify(channel.json)).not.toContain(secret);
    expect(await page.getByTestId('webhook-url').count()).toBe(0);

    // The owner's site with the copied tag: a visitor writes.
    const visitor = await browser.newPage();
    await visitor.goto(siteUrl);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    await visitor.getByRole('textbox', { name: 'Message' }).fill('Are you open on Sundays?');
    await visitor.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect
      .poll(() => page.getByTestId('first-message').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('received');
    await visitor.close();
    await page.mouse.move(0, 0);
    await screenshot(page, 'wizard-webchat', 'desktop');
    expect(await checkA11y(page)).toEqual([]);
  });
});
