/**
 * The predictive dashboard in real headless Chromium against a real server (PGlite): the demo is
 * loaded through the API and its model run awaited; the dashboard shows insights grouped by
 * severity with evidence charts; the budget recommendation's detail states the budget changes in
 * its confirmation, applying it succeeds (the demo's CSV account records the budgets: target
 * `recorded`, checked with GET /intelligence/actions/{id}) and rolling it back ends `rolled_back`;
 * the customers view lists LTV rows sorted by CLV and by churn risk and adds selected ones to a new
 * segment. A grouped anomaly's card has a short title with where else it was seen on a line of its
 * own, the fatigue card states its CTR pair once, and the anomaly's detail lists every place it was
 * seen, each metric that moved there swapping the chart to that place's series. Screenshots:
 * dashboard, insight-detail, anomaly-detail, customers (desktop and phone); axe finds no serious
 * violations.
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

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

describe.skipIf(!chromiumPath)(
  'predictive dashboard: insights, apply and roll back, customers (Chromium)',
  () => {
    let app: SignedInPage;
    let omnify: TestOmnify;
    let page: Page;
    let actionId: string;

    const expectAccessible = async () => {
      await page.mouse.move(1, 799);
      expect(await checkA11y(page)).toEqual([]);
    };
    const atPhoneWidth = async (name: string) => {
      await page.setViewportSize(VIEWPORTS.phone);
      await page.waitForTimeout(300);
      await screenshot(page, name, 'phone');
      await expectAccessible();
      await page.setViewportSize(VIEWPORTS.desktop);
    };

    beforeAll(async () => {
      app = await startSignedInPage({ workspaceName: 'Acme shop', overrides: { intelSchedule: 'off' } });
      ({ omnify, page } = app);
      const demo = await omnify.api('POST', '/api/v1/intelligence/demo', {});
      expect(demo.status).toBe(202);
      await omnify.until(
        'the demo model run',
        async () => {
          const run = await omnify.api('GET', `/api/v1/intelligence/runs/${demo.json.runId}`);
          return run.json.status === 'completed';
        },
        120_000,
      );
    }, 180_000);

    closeAfterAll('dashboard', () => app);

    it('shows open insights grouped by severity, each with its evidence chart', async () => {
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL(/\/dashboard/);
      const cards = page.getByTestId('insight-card');
      await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThan(3);
      expect(await page.getByRole('heading', { name: 'Critical' }).isVisible()).toBe(true);
      expect(await page.getByRole('heading', { name: 'Warning' }).isVisible()).toBe(true);
      // Every kind the demo produces is there; the budget card states its lift and interval.
      for (const kind of ['anomaly', 'fatigue', 'churn_risk', 'budget'])
        expect(
          await page.locator(`[data-testid="insight-card"][data-kind="${kind}"]`).count(),
        ).toBeGreaterThan(0);
      const budget = page.locator('[data-testid="insight-card"][data-kind="budget"]');
      expect(await budget.getByTestId('key-facts').textContent()).toMatch(
        /Expected lift \+\d+\.\d % .*90 % interval/,
      );
      // Charts render on canvas, named for screen readers.
      await expect
        .poll(() => page.locator('[data-testid="evidence-chart"] canvas').count(), { timeout: 15_000 })
        .toBeGreaterThan(2);
      expect(await budget.getByTestId('evidence-chart').getAttribute('aria-label')).toContain('Budget move');
      // The kind filter lives in the URL.
      await page.goto(`${omnify.url}/dashboard?kind=fatigue`);
      await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await expect
        .poll(() => page.locator('[data-testid="insight-card"]:not([data-kind="fatigue"])').count())
        .toBe(0);
      expect(await cards.count()).toBeGreaterThan(0);
      await page.goto(`${omnify.url}/dashboard`);
      await expect
        .poll(() => page.locator('[data-testid="evidence-chart"] canvas').count(), { timeout: 15_000 })
        .toBeGreaterThan(2);
      await screenshot(page, 'dashboard', 'desktop');
      await expectAccessible();
      await atPhoneWidth('dashboard');
    }, 60_000);

    it('applies the budget recommendation after a confirmation stating the changes, then rolls it back', async () => {
      const budget = page.locator('[data-testid="insight-card"][data-kind="budget"]');
      await budget.getByRole('link').first().click();
      await page.waitForURL(/\/dashboard\/insights\//);
      const insightId = page.url().split('/').at(-1) as string;
      await expect
        .poll(() => page.locator('[data-testid="evidence-chart"] canvas').count(), { timeout: 15_000 })
        .toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Apply this recommendation?' });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      const changes = await dialog.getByTestId('confirm-changes').textContent();
      expect(changes).toMatch(
        /Lower the daily budget of Prospecting – Broad Audiences from \$1,440 to \$1,165/,
      );
      expect(changes).toMatch(/Raise the daily budget of Always-on – Conversions from \$630 to \$819/);
      await dialog.getByRole('button', { name: 'Apply changes' }).click();
      const state = page.getByTestId('action-state');
      await expect.poll(() => state.getAttribute('data-state'), { timeout: 30_000 }).toBe('succeeded');
      expect(await state.getAttribute('data-status')).toBe('applied');
      await expect.poll(() => page.getByTestId('insight-status').textContent()).toBe('Applied');
      const actions = await omnify.api('GET', '/api/v1/intelligence/actions?limit=10');
      const action = actions.json.data.find((a: { insightId: string }) => a.insightId === insightId);
      actionId = action.id;
      const applied = await omnify.api('GET', `/api/v1/intelligence/actions/${actionId}`);
      expect(applied.json).toMatchObject({ state: 'succeeded', status: 'applied', target: 'recorded' });
      expect(applied.json.after.campaigns).toHaveLength(3);
      await expect.poll(() => page.getByText(/^Applied by/).isVisible()).toBe(true);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'insight-detail', 'desktop');
      await expectAccessible();
      await atPhoneWidth('insight-detail');

      await page.getByRole('button', { name: 'Roll back' }).click();
      const rb = page.getByRole('dialog', { name: 'Roll back this action?' });
      await expect.poll(() => rb.isVisible()).toBe(true);
      expect(await rb.getByTestId('confirm-changes').textContent()).toContain(
        'Prospecting – Broad Audiences: $1,440/day',
      );
      await rb.getByRole('button', { name: 'Roll back' }).click();
      await expect.poll(() => state.getAttribute('data-status'), { timeout: 30_000 }).toBe('rolled_back');
      const rolled = await omnify.api('GET', `/api/v1/intelligence/actions/${actionId}`);
      expect(rolled.json).toMatchObject({ operation: 'rollback', state: 'succeeded', status: 'rolled_back' });
      await expect.poll(() => page.getByText(/^Rolled back by/).isVisible()).toBe(true);
      await expect.poll(() => page.getByTestId('insight-status').textContent()).toBe('Acknowledged');
    }, 90_000);

    it('shows a grouped anomaly briefly on its card and every place it was seen on its detail page', async () => {
      await page.goto(`${omnify.url}/dashboard`);
      const cards = page.getByTestId('insight-card');
      await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThan(3);
      // The fatigue card states its CTR pair once (in the title), not again in a summary or key facts.
      const fatigue = page.locator('[data-testid="insight-card"][data-kind="fatigue"]').first();
      expect((await fatigue.textContent())?.match(/CTR \d+\.\d+ % vs\.? \d+\.\d+ %/g)).toHaveLength(1);
      expect(await fatigue.getByTestId('key-facts').textContent()).toMatch(
        /^Fell below 70 % of its launch CTR around \w{3}\s\d{1,2}/,
      );
      // The CTR collapse seen at campaign, ad set and ad level: a short title (what, where, when),
      // where else it was seen on the line below, its lead value against the expected one.
      const anomaly = page
        .locator('[data-testid="insight-card"][data-kind="anomaly"]')
        .filter({ has: page.getByText(/also seen in/) });
      expect(await anomaly.count()).toBe(1);
      expect(await anomaly.getByTestId('insight-title').textContent()).toMatch(
        /^CTR drop in Prospecting – Broad Audiences on \w{3}\s\d{1,2}$/,
      );
      expect(await anomaly.getByTestId('insight-membership').textContent()).toBe(
        'Campaign · also seen in ad set Lookalike 1% – Purchasers and ad Video – Product Story',
      );
      expect(await anomaly.getByTestId('key-facts').textContent()).toMatch(
        /^CTR 0\.75\s% vs about 1\.04\s% expected \(−28\s%\)$/,
      );

      await anomaly.getByTestId('insight-title').click();
      await page.waitForURL(/\/dashboard\/insights\//);
      const rows = page.getByTestId('seen-in').getByTestId('seen-in-row');
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
      expect(
        await rows.evaluateAll((rs) => rs.map((r) => [r.dataset.level, r.getAttribute('aria-label')])),
      ).toEqual([
        ['campaign', 'campaign Prospecting – Broad Audiences'],
        ['ad_set', 'ad set Lookalike 1% – Purchasers'],
        ['ad', 'ad Video – Product Story'],
      ]);
      // What moved in the ad, each metric once, with its value against the expected one.
      const ad = page.getByRole('group', { name: 'ad Video – Product Story' });
      const moved = (await ad.getByRole('button').allTextContents()).map((x) => x.replace(/\s/g, ' '));
      expect(moved).toHaveLength(4);
      expect(moved[0]).toBe('CTR drop: 0.23 % vs 1.19 %');
      expect(moved).toContain('Cost per click spike: $3.88 vs $0.76');
      // The chart shows the campaign's CTR until another place's series is chosen.
      const chart = page.getByTestId('anomaly-evidence').getByTestId('evidence-chart');
      await expect.poll(() => chart.locator('canvas').count(), { timeout: 15_000 }).toBe(1);
      expect(await chart.getAttribute('aria-label')).toMatch(
        /^CTR in campaign Prospecting – Broad Audiences: 0\.75/,
      );
      const adCtr = ad.getByRole('button', { name: /^CTR drop/ });
      await adCtr.click();
      expect(await adCtr.getAttribute('aria-pressed')).toBe('true');
      await expect
        .poll(() => chart.getAttribute('aria-label'))
        .toMatch(/^CTR in ad Video – Product Story: 0\.23\s% on \w{3}\s\d{1,2}, expected about 1\.19/);
      expect(await page.getByTestId('anomaly-chart-title').textContent()).toBe(
        'CTR in ad Video – Product Story',
      );
      // A metric whose band the insight does not carry comes from the ad's stored scan.
      await ad.getByRole('button', { name: /^Cost per click spike/ }).click();
      await expect
        .poll(() => chart.getAttribute('aria-label'), { timeout: 15_000 })
        .toMatch(/^Cost per click in ad Video – Product Story: \$3\.88/);
      expect(await chart.locator('canvas').count()).toBe(1);
      await ad.getByRole('button', { name: /^CTR drop/ }).click();
      await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/^CTR in ad Video/);
      await page.waitForTimeout(300);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'anomaly-detail', 'desktop');
      await expectAccessible();
      await atPhoneWidth('anomaly-detail');
    }, 60_000);

    it('lists customers with lifetime value, sorted by CLV or churn risk', async () => {
      await page.getByRole('link', { name: 'Customers' }).click();
      await page.waitForURL(/\/contacts/);
      const rows = page.getByTestId('customer-row');
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(50);
      const clv = async (i: number) =>
        Number((await rows.nth(i).locator('td').nth(2).textContent())?.replace(/[^\d.]/g, ''));
      expect(await clv(0)).toBeGreaterThanOrEqual(await clv(49));
      await screenshot(page, 'customers', 'desktop');
      await expectAccessible();
      await atPhoneWidth('customers');
      await page.getByText('Highest churn risk').click();
      await page.waitForURL(/sort=churn_risk/);
      await expect
        .poll(async () => (await rows.first().locator('td').nth(3).textContent())?.trim(), {
          timeout: 10_000,
        })
        .toBe('0%');
      // The riskiest come first, their P(alive) in warning red on white and on striped rows alike.
      await expectAccessible();
      // Segment action: the two customers most at risk go into a new segment.
      await rows.nth(0).getByRole('checkbox').check();
      await rows.nth(1).getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Add 2 customers to segment' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add customers to a segment' });
      await dialog.getByLabel('Name of the new segment').fill('Win back');
      await dialog.getByRole('button', { name: 'Add 2 customers' }).click();
      await expect
        .poll(() => page.getByTestId('segment-result').textContent())
        .toContain('Added 2 to Win back');
      const segments = await omnify.api('GET', '/api/v1/segments');
      expect(segments.json.data.find((x: { name: string }) => x.name === 'Win back').members).toBe(2);
    }, 60_000);
  },
);
