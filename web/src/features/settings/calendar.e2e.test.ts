/**
 * The calendar of known events in real headless Chromium against a real server (PGlite) holding the
 * demo data: an owner adds a yearly event in Settings → Calendar, sees a refusal of the form and one
 * of the API on the field it concerns, and deletes an event after a confirmation; an event added
 * there on the day of the demo's CTR collapse labels that anomaly on the dashboard (title after the
 * event's name, a "Known event" line) once the anomaly model has run again. Screenshots:
 * settings-calendar (desktop and phone); axe finds no serious violations (light, dark, phone).
 */
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
import {
  closeAfterAll,
  type SignedInPage,
  startSignedInPage,
} from '../../../../src/testing/signed-in-page.ts';

const EVENTS = '/api/v1/intelligence/known-events';
const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

describe.skipIf(!chromiumPath)('the calendar of known events, and the anomalies it labels (Chromium)', () => {
  let app: SignedInPage;
  let omnify: TestOmnify;
  let page: Page;

  /** The Calendar tab's form fields and its list rows. */
  const form = () => ({
    name: page.getByRole('textbox', { name: /^Name/ }),
    first: page.getByLabel(/^First day/),
    last: page.getByLabel(/^Last day/),
    yearly: page.getByRole('checkbox', { name: 'Every year' }),
    add: page.getByRole('button', { name: 'Add event' }),
    rows: page.getByTestId('known-event-row'),
  });
  const expectAccessible = async () => {
    await page.mouse.move(1, 799);
    expect(await checkA11y(page)).toEqual([]);
  };

  beforeAll(async () => {
    app = await startSignedInPage({ workspaceName: 'Acme shop', overrides: { intelSchedule: 'off' } });
    ({ omnify, page } = app);
    const demo = await omnify.api('POST', '/api/v1/intelligence/demo', {});
    expect(demo.status).toBe(202);
    await omnify.until(
      'the demo model run',
      async () =>
        (await omnify.api('GET', `/api/v1/intelligence/runs/${demo.json.runId}`)).json.status === 'completed',
      120_000,
    );
  }, 180_000);

  closeAfterAll('calendar', () => app);

  it('adds a yearly event, shows refusals on their field, deletes one after asking', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Calendar' }).click();
    await page.waitForURL(/tab=calendar/);
    await expect.poll(() => page.getByText('No known events yet').isVisible()).toBe(true);
    const f = form();
    await f.name.fill('Christmas');
    await f.first.fill('2025-12-24');
    await f.last.fill('2025-12-26');
    await f.yearly.check();
    await f.add.click();
    await expect.poll(() => f.rows.count()).toBe(1);
    expect(await f.rows.first().textContent()).toMatch(/^Christmas.*Dec 24\s–\s26.*Every year.*3 days/);
    expect(await f.name.inputValue()).toBe('');

    // The form's own check: the last day before the first.
    await f.name.fill('Spring sale');
    await f.first.fill('2026-03-03');
    await f.last.fill('2026-03-01');
    await f.add.click();
    await expect.poll(() => page.getByText('The last day is before the first.').isVisible()).toBe(true);
    // The API's rule, shown on its field: an event lasts at most 367 days.
    await f.first.fill('2025-01-01');
    await f.last.fill('2026-03-03');
    await f.add.click();
    await expect.poll(() => page.getByText('an event lasts at most 367 days').isVisible()).toBe(true);
    expect(await f.last.getAttribute('aria-invalid')).toBe('true');
    await f.first.fill('2026-03-01');
    await f.add.click();
    await expect.poll(() => f.rows.count()).toBe(2);
    expect(await f.rows.nth(1).textContent()).toMatch(/^Spring sale.*Mar 1\s–\s3, 2026/);
    expect(await f.rows.nth(1).textContent()).not.toContain('Every year');
    await screenshot(page, 'settings-calendar', 'desktop');
    await expectAccessible();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize(VIEWPORTS.phone);
    await screenshot(page, 'settings-calendar', 'phone');
    await expectAccessible();
    await page.setViewportSize(VIEWPORTS.desktop);

    await page.getByRole('button', { name: 'Delete the event Spring sale' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this known event?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('“Spring sale” will no longer label anomalies');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => f.rows.count()).toBe(1);
    const stored = (await omnify.api('GET', EVENTS)).json.data;
    expect(stored).toEqual([
      expect.objectContaining({
        name: 'Christmas',
        startsOn: '2025-12-24',
        endsOn: '2025-12-26',
        recursYearly: true,
      }),
    ]);
    // Christmas could fall on the demo's anomalies in some weeks of the year: the next test adds its own.
    expect((await omnify.api('DELETE', `${EVENTS}/${stored[0].id}`)).status).toBe(204);
  }, 60_000);

  it('labels the anomaly on the day of an event added here, on the dashboard, after a rerun', async () => {
    const anomalies = (await omnify.api('GET', '/api/v1/intelligence/insights?kind=anomaly&limit=200')).json;
    const ctr = anomalies.data.find(
      (i: { evidence: { anomaly: { metric: string } } }) => i.evidence.anomaly.metric === 'ctr',
    );
    const day = ctr.evidence.from as string;
    await page.reload();
    const f = form();
    await f.name.fill('Spring promo');
    await f.first.fill(day);
    await f.last.fill(day);
    await f.add.click();
    await expect.poll(() => f.rows.count()).toBe(1);

    const run = await omnify.api('POST', '/api/v1/intelligence/runs', { models: ['anomaly'] });
    expect(run.status).toBe(202);
    await omnify.until(
      'the anomaly rerun',
      async () =>
        (await omnify.api('GET', `/api/v1/intelligence/runs/${run.json.id}`)).json.status === 'completed',
      60_000,
    );
    await page.goto(`${omnify.url}/dashboard?kind=anomaly`);
    const card = page.locator('[data-testid="insight-card"][data-kind="anomaly"]').filter({
      has: page.getByText(/also seen in/),
    });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    // The same insight, its title after the event's name; a line says which event and when.
    expect(await card.getByTestId('insight-title').textContent()).toMatch(
      /^Spring promo: CTR drop in Prospecting – Broad Audiences on \w{3}\s\d{1,2}/,
    );
    expect(await card.getByTestId('insight-known-event').textContent()).toMatch(
      /^Known event: Spring promo \(\w{3}\s\d{1,2}(,\s\d{4})?\)$/,
    );
    await expectAccessible();
    await card.getByTestId('insight-title').click();
    await page.waitForURL(new RegExp(`/dashboard/insights/${ctr.id}$`));
    await expect
      .poll(() => page.getByRole('heading', { level: 2 }).first().textContent(), { timeout: 15_000 })
      .toMatch(/^Spring promo: CTR drop/);
    expect(await page.getByTestId('insight-known-event').textContent()).toContain(
      'Known event: Spring promo',
    );
    await expectAccessible();
  }, 120_000);
});
