import { describe, expect, it } from 'vitest';
import { addDays } from '../../../kernel/dates/calendar-day.ts';
import { generateCustomerDemo } from '../demo/customer-demo.ts';
import { packFitInput, packLtvOutput, unpackFitInput, unpackLtvOutput } from './fit-input.ts';
import { demoWorkspaceSeries } from './fits.test-support.ts';
import { fitArgument } from './fits.ts';
import { ltvOrderColumnsOf } from './ltv.columns.ts';
import { ltvOrderRows } from './ltv.fit.ts';
import { fitLtvColumns } from './ltv.transfer.ts';
import {
  packedStringList,
  packStrings,
  packStringsSliced,
  unpackStrings,
  unpackStringsSliced,
} from './packed-strings.ts';
import { fromSeriesColumns, toSeriesColumns } from './series-columns.ts';
import { toWorkspaceSeriesColumns } from './workspace-series.ts';

/** What another thread receives: a structured clone that moves `transfer` (throws on a bad list). */
const across = <T>(value: T, transfer: ArrayBuffer[]): T => structuredClone(value, { transfer });

describe('strings as one buffer', () => {
  const list = ['c1', '', 'é ✓ 𝄞', '0f8fad5b-d9cb-469f-a165-70867728950e', 'c1'];

  it('gives every string back, byte for byte, at once and a slice at a time', async () => {
    const packed = packStrings(list);
    expect(packed.offsets).toHaveLength(list.length + 1);
    expect(await packStringsSliced(list)).toEqual(packed);
    expect(await unpackStringsSliced(packed)).toEqual(list);
    expect(unpackStrings(across(packed, [packed.bytes.buffer as ArrayBuffer]))).toEqual(list);
    expect(unpackStrings(packStrings([]))).toEqual([]);
  });

  it('lets other work run between slices of a long list', async () => {
    const many = Array.from({ length: 120_000 }, (_, i) => `contact-${i}`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const back = await unpackStringsSliced(await packStringsSliced(many));
    clearInterval(timer);
    expect(back).toEqual(many);
    expect(ticks).toBeGreaterThan(0);
  });

  it('reads a packed list a slice at a time, with the bounds of Array#slice', () => {
    const view = packedStringList(packStrings(list));
    expect(view.length).toBe(list.length);
    for (const [start, end] of [[], [0], [1, 3], [-2], [2, -1], [3, 100], [4, 2], [-100, 2], [5, 9]]) {
      expect(view.slice(start, end)).toEqual(list.slice(start, end));
    }
    expect(packedStringList(packStrings([])).slice()).toEqual([]);
  });
});

describe('daily series as columns', () => {
  it('rebuilds every series and point on the other side, ids and names included, from shared memory', async () => {
    const { ads } = demoWorkspaceSeries();
    const withGap = [...ads, { ...ads[0], adId: 'x', key: 'x', adName: 'Été ✓', points: [ads[0].points[3]] }];
    const cols = await toSeriesColumns(withGap);
    expect(cols.offsets.at(-1)).toBe(withGap.reduce((n, a) => n + a.points.length, 0));
    const received = across(cols, []);
    expect(fromSeriesColumns(received)).toEqual(withGap);
    // Shared, not copied: the sender keeps its columns (a run reuses them for its next fit).
    expect(cols.day.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(cols.day.length).toBe(received.day.length);
    cols.clicks[0] += 1;
    expect(received.clicks[0]).toBe(cols.clicks[0]);
    expect(fromSeriesColumns(await toSeriesColumns([]))).toEqual([]);
  });

  it('refuses a point whose date is not a calendar day', async () => {
    const { ads } = demoWorkspaceSeries();
    const bad = [{ ...ads[0], points: [{ ...ads[0].points[0], date: '2026-02-30' }] }];
    await expect(toSeriesColumns(bad)).rejects.toThrow(RangeError);
  });
});

describe('fit inputs across threads', () => {
  it('gives each ad fit the series it was sent', async () => {
    const series = {
      ...demoWorkspaceSeries(),
      calendar: [{ name: 'Sale', startsOn: '2026-11-01', endsOn: '2026-11-02', recursYearly: false }],
    };
    const columns = await toWorkspaceSeriesColumns(series);
    for (const name of ['anomaly', 'fatigue', 'forecast'] as const) {
      const { value, transfer } = await packFitInput(name, columns);
      expect(transfer).toEqual([]);
      expect(fitArgument(name, unpackFitInput(name, across(value, transfer)) as typeof columns)).toEqual(
        series,
      );
    }
    const budgets = [['c1', 5000] as [string, number]];
    const packed = await packFitInput('budget', { series: columns, budgets });
    const received = unpackFitInput('budget', across(packed.value, packed.transfer)) as {
      series: typeof columns;
      budgets: typeof budgets;
    };
    expect(fitArgument('budget', received)).toEqual({ series, budgets });
  });

  it('moves the LTV orders and their contact ids, and the fitted customers back', async () => {
    const end = '2026-03-07';
    const demo = generateCustomerDemo({ seed: 3, start: addDays(end, -40 * 7 + 1), weeks: 40 });
    const orders = ltvOrderColumnsOf(ltvOrderRows(demo.orders));
    const input = { orders: ltvOrderColumnsOf(ltvOrderRows(demo.orders)), asOf: addDays(end, 1) };
    const { value, transfer } = await packFitInput('ltv', input);
    const received = unpackFitInput('ltv', across(value, transfer)) as typeof input;
    expect(received.orders).toEqual(orders);
    expect(input.orders.contact.length).toBe(0); // moved, not copied
    const fit = fitLtvColumns(received);
    if (fit.status !== 'completed') throw new Error('not fitted');
    const out = packLtvOutput(structuredClone(fit));
    expect(out.transfer.length).toBeGreaterThanOrEqual(11);
    const back = (await unpackLtvOutput(across(out.value, out.transfer))) as typeof fit;
    // The ids stay packed until read: decoded per slice, the same ids in the same order.
    expect(back.customers.customerIds.length).toBe(fit.customers.customerIds.length);
    expect(back.customers.customerIds.slice(1, 4)).toEqual(fit.customers.customerIds.slice(1, 4));
    expect({
      ...back,
      customers: { ...back.customers, customerIds: back.customers.customerIds.slice() },
    }).toEqual(fit);
    const none = { status: 'insufficient_data', reason: 'too few' };
    expect(packLtvOutput(none)).toEqual({ value: none, transfer: [] });
    expect(await unpackLtvOutput(none)).toBe(none);
  });
});
