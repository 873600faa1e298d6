/**
 * The common start of the web app's browser tests: a real server on a fresh PGlite database, its
 * first owner created through the wizard's `POST /api/v1/setup`, and headless Chromium with one
 * desktop page signed in as that owner — or, for the tests of the wizard and of the widget, the
 * server and an unsigned page without an owner. {@link closeAfterAll} registers the clean-up.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach } from 'vitest';
import type { Config } from '../kernel/config/config.ts';
import { launchBrowser, screenshotAll, signInInBrowser, VIEWPORTS } from './browser.ts';
import { startTestOmnify, type TestOmnify } from './harness.ts';

/** A person who signs in: display name, e-mail and password (plain text). */
export interface Owner {
  name: string;
  email: string;
  password: string;
}

/** The owner the browser tests sign in as unless they name another. */
export const OWNER: Owner = {
  name: 'Dana Levi',
  email: 'dana@example.com',
  password: 'correct horse battery',
};

/** The desktop context every page of these tests opens in: 1280×800, scale 1, light colours. */
export const DESKTOP_CONTEXT = {
  viewport: VIEWPORTS.desktop,
  deviceScaleFactor: 1,
  colorScheme: 'light',
} as const;

/** What {@link startSignedInPage} started; `close()` stops the browser, then the server. */
export interface SignedInPage {
  omnify: TestOmnify;
  browser: Browser;
  /** The {@link DESKTOP_CONTEXT} context `page` lives in. */
  context: BrowserContext;
  /** Signed in as the owner, on the inbox; on `about:blank` when the server has no owner. */
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts a server on a fresh PGlite database (with `overrides` of the test config), creates `owner`
 * (default {@link OWNER}) and its workspace `workspaceName` (default "Acme support") through
 * `POST /api/v1/setup`, runs `prepare` (e.g. demo data or channels the page should find), launches
 * Chromium and signs a {@link DESKTOP_CONTEXT} page in as the owner. `owner: null` creates none
 * and leaves the page unsigned on `about:blank`. Throws when the setup does not answer 201 or any
 * step fails, after closing what it had started.
 */
export async function startSignedInPage(
  options: {
    owner?: Owner | null;
    workspaceName?: string;
    overrides?: Partial<Config>;
    prepare?: (omnify: TestOmnify) => Promise<void>;
  } = {},
): Promise<SignedInPage> {
  const owner = options.owner === undefined ? OWNER : options.owner;
  const omnify = await startTestOmnify('pglite', options.overrides);
  let browser: Browser | undefined;
  try {
    if (owner) {
      const setup = await fetch(`${omnify.url}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...owner, workspaceName: options.workspaceName ?? 'Acme support' }),
      });
      if (setup.status !== 201) throw new Error(`POST /api/v1/setup answered ${setup.status}`);
    }
    await options.prepare?.(omnify);
    browser = await launchBrowser();
    const context = await browser.newContext(DESKTOP_CONTEXT);
    const page = await context.newPage();
    if (owner) await signInInBrowser(page, omnify.url, owner);
    const started = browser;
    return {
      omnify,
      browser: started,
      context,
      page,
      close: async () => {
        await started.close().catch(() => undefined);
        await omnify.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await omnify.close();
    throw error;
  }
}

/**
 * Registers the test file's after-hooks for what `current` returns (a {@link SignedInPage} or
 * anything with its `browser` and `close`): a failed test screenshots every open page
 * (`docs/screenshots/failed-<name>-<test>-<n>-desktop.png`, git-ignored), and the end of the file
 * closes it.
 */
export function closeAfterAll(
  name: string,
  current: () => Pick<SignedInPage, 'browser' | 'close'> | undefined,
): void {
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshotAll(current()?.browser, `${name}-${task.name}`);
  });
  afterAll(async () => {
    await current()?.close();
  });
}
