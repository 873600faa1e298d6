/**
 * The browser half of the inbox benchmark (bench/inbox.bench.ts), in headless Chromium (Debian's,
 * src/testing/browser.ts) on the desktop viewport:
 *
 * - {@link coldLoads}: `/inbox` in a fresh browser context (empty cache) that holds only the
 *   session cookie of a sign-in through `POST /api/v1/auth/login`. Time to interactive, from the
 *   navigation's start (`performance.now()` in the page): the first conversation row is in the
 *   DOM and the search box takes the focus (checked on every DOM mutation), then the next frame
 *   has run (`requestAnimationFrame` and a task after it), so the row has been drawn.
 * - {@link liveLatency}: with the inbox open, signed webhook messages posted one at a time into
 *   existing conversations of the seeded channel; from just before the POST (`Date.now()` in the
 *   benchmark) to the first DOM mutation after which the conversation list shows the message's
 *   unique text (`Date.now()` in the page: the same machine's clock).
 *
 * Scripts run in the page as strings: functions compiled by tsx would carry its helpers along.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { VIEWPORTS } from '../src/testing/browser.ts';
import { postEvents, type SeedChannel } from './seed-messages.ts';

/** How long one page may take to become interactive, or one message to show (ms). */
const WAIT_MS = 30_000;

/** One cold load: each time in ms from the navigation's start. */
export interface ColdLoad {
  /** Time to interactive, as the file's docstring defines it. */
  interactive: number;
  /** The HTML document fully received. */
  document: number;
  /** `DOMContentLoaded` handlers done. */
  domContentLoaded: number;
  /** The conversation list's first page (`GET /api/v1/conversations?…`) fully received; NaN if none. */
  listAnswered: number;
}

/** One live message: both times in ms from just before its webhook POST; `shown` NaN when it never showed. */
export interface LiveSample {
  webhookAnswered: number;
  shown: number;
}

const MARK_INTERACTIVE = `(() => {
  const check = () => {
    if (window.__inboxReady !== undefined) return;
    const row = document.querySelector('[data-testid="conversation-row"]');
    const box = document.querySelector('input[data-testid="search-box"]');
    if (!row || !box || box.disabled) return;
    box.focus({ preventScroll: true });
    if (document.activeElement !== box) return;
    box.blur();
    window.__inboxReady = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__inboxInteractive = performance.now(); }, 0));
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
})();`;

const READ_TIMES = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const list = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/conversations?'));
  return {
    interactive: window.__inboxInteractive,
    document: nav ? nav.responseEnd : NaN,
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : NaN,
    listAnswered: list ? list.responseEnd : NaN,
  };
})()`;

const WATCH_LIST = `(() => {
  window.__probe = null;
  const check = () => {
    const p = window.__probe;
    if (!p || p.seen !== null) return;
    const list = document.querySelector('[data-conversation-list]');
    if (list && list.textContent.includes(p.token)) p.seen = Date.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})()`;

/** A fresh desktop context (empty cache) holding only the session cookie `session` for `base`. */
async function signedInContext(browser: Browser, base: string, session: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: VIEWPORTS.desktop,
    deviceScaleFactor: 1,
    colorScheme: 'light',
    locale: 'en-US',
  });
  const [name, ...value] = session.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url: base }]);
  return context;
}

/**
 * Signs `email` in through `POST /api/v1/auth/login` and returns the session cookie pair
 * (`omnify_session=…`); throws unless it answers 200 with the cookie.
 */
export async function signInCookie(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('omnify_session='))
    ?.split(';')[0];
  if (res.status !== 200 || !cookie) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return cookie;
}

/**
 * Loads `/inbox` `runs` times, each in a new context (after `warmup` loads that are not kept: the
 * server's first answers), and returns each load's times. Throws when a load is not interactive
 * within 30 s.
 */
export async function coldLoads(
  browser: Browser,
  base: string,
  session: string,
  runs: number,
  warmup = 1,
): Promise<ColdLoad[]> {
  const loads: ColdLoad[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const context = await signedInContext(browser, base, session);
    try {
      await context.addInitScript({ content: MARK_INTERACTIVE });
      const page = await context.newPage();
      const failed: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url().replace(base, '')}`);
      });
      await page.goto(`${base}/inbox`, { waitUntil: 'commit', timeout: WAIT_MS });
      await page
        .waitForFunction('window.__inboxInteractive !== undefined', undefined, { timeout: WAIT_MS })
        .catch((e: Error) => {
          throw new Error(
            `/inbox not interactive in ${WAIT_MS} ms at ${page.url()} (failed: ${failed.join(', ') || 'none'})`,
            {
              cause: e,
            },
          );
        });
      const times = (await page.evaluate(READ_TIMES)) as ColdLoad;
      if (i >= warmup) loads.push(times);
    } finally {
      await context.close();
    }
  }
  return loads;
}

/**
 * Opens `/inbox` of the server at `base` signed in, then posts `count` messages one at a time (one signed delivery each,
 * `gapMs` after the previous one showed) from existing contacts `c<k·7 mod conversations>` of
 * `channel`, and returns each one's times. A message not shown within 30 s counts as NaN.
 */
export async function liveLatency(
  browser: Browser,
  base: string,
  channel: SeedChannel,
  session: string,
  o: { count: number; conversations: number; gapMs?: number },
): Promise<LiveSample[]> {
  const context = await signedInContext(browser, base, session);
  try {
    await context.addInitScript({ content: MARK_INTERACTIVE });
    const page = await context.newPage();
    await page.goto(`${base}/inbox`, { timeout: WAIT_MS });
    await page.waitForFunction('window.__inboxInteractive !== undefined', undefined, { timeout: WAIT_MS });
    await page.evaluate(WATCH_LIST);
    const samples: LiveSample[] = [];
    const run = Date.now().toString(36);
    for (let k = 0; k < o.count; k++) {
      const token = `Live probe ${run} ${k} arrived`;
      await page.evaluate(`window.__probe = { token: ${JSON.stringify(token)}, seen: null }`);
      const t0 = Date.now();
      await postEvents(base, channel, [
        {
          type: 'message',
          id: `live-${run}-${k}`,
          from: { id: `c${(k * 7) % o.conversations}` },
          text: token,
        },
      ]);
      const webhookAnswered = Date.now() - t0;
      let shown = Number.NaN;
      try {
        await page.waitForFunction('window.__probe.seen !== null', undefined, { timeout: WAIT_MS });
        shown = ((await page.evaluate('window.__probe.seen')) as number) - t0;
      } catch {
        // Not shown in time: counted as missed.
      }
      samples.push({ webhookAnswered, shown });
      await new Promise((r) => setTimeout(r, o.gapMs ?? 200));
    }
    return samples;
  } finally {
    await context.close();
  }
}
