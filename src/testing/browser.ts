/**
 * Browser end-to-end tests in real headless Chromium (Debian's `chromium`, driven by
 * playwright-core, which never downloads a browser). `findChromium()` tells whether one is
 * installed; tests skip with {@link NO_BROWSER} when not. Screenshots go to docs/screenshots/ at
 * desktop (1280×800) and phone (390×844) width; `checkA11y` runs axe-core in the page.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from './fixtures.ts';

const CANDIDATES = [
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
];

/** Path of an installed Chromium, or null. */
export function findChromium(): string | null {
  return CANDIDATES.find((p): p is string => !!p && existsSync(p)) ?? null;
}

/** Why browser tests skip on a machine without Chromium, and how to fix it. */
export const NO_BROWSER =
  'browser tests skipped: no Chromium found. Install Debian’s: `apt-get install -y chromium` (or set PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH).';

/**
 * How long one action or navigation may wait (ms) before it fails naming its locator or URL —
 * well under the test timeout, so a stuck step reports itself instead of a bare "test timed out".
 */
export const STEP_TIMEOUT_MS = 10_000;

/**
 * Launches headless Chromium with the flags this closed network needs; every context it opens
 * (`newContext`, `newPage`) waits at most {@link STEP_TIMEOUT_MS} per action and navigation.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_BROWSER);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    return context;
  };
  return browser;
}

/**
 * Screenshots every open page of `browser` to `docs/screenshots/failed-<name>-<n>-desktop.png`
 * (git-ignored): call from `afterEach` when a test failed, to see where each page stood.
 */
export async function screenshotAll(browser: Browser | undefined, name: string): Promise<void> {
  if (!browser) return;
  const pages = browser.contexts().flatMap((c) => c.pages());
  const safe = name.slice(0, 40).replace(/\W+/g, '-');
  await Promise.all(
    pages.map((page, i) => screenshot(page, `failed-${safe}-${i}`, 'desktop').catch(() => undefined)),
  );
}

/** Viewports the screenshots are taken at. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** Writes `docs/screenshots/<name>-<viewport>.png` of the page as it is. */
export async function screenshot(
  page: Page,
  name: string,
  viewport: keyof typeof VIEWPORTS,
): Promise<string> {
  const dir = join(REPO_ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${viewport}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}

/** An axe-core violation as the tests report it. */
export interface A11yViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core (WCAG 2 A/AA rules) in the page; returns the serious and critical violations. */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  const violations = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return r.violations.map(
      (v: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[]; failureSummary?: string }[];
      }) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`.slice(0, 300)),
      }),
    );
  });
  return (violations as A11yViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Signs `page` in through the web app's sign-in form at `baseUrl` and waits for the page it lands
 * on (`landing`, default the inbox). The password field is matched by its label and as an input,
 * because the form's "Show password" toggle is labelled too.
 */
export async function signInInBrowser(
  page: Page,
  baseUrl: string,
  who: { email: string; password: string },
  landing: RegExp = /\/inbox/,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mail').fill(who.email);
  await page
    .getByLabel(/^Password/)
    .and(page.locator('input'))
    .fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(landing);
}
