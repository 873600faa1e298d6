import { describe, expect, it } from 'vitest';
import { addDays } from '../../../kernel/dates/calendar-day.ts';
import { generateCustomerDemo } from '../demo/customer-demo.ts';
import {
  ltvOrderColumnsBuilder,
  ltvOrderColumnsOf,
  ordersInMainCurrency,
  toCustomerColumns,
  toLtvOrderColumns,
} from './ltv.columns.ts';
import { fitLtv, ltvOrderRows } from './ltv.fit.ts';
import { fitLtvColumns } from './ltv.transfer.ts';

const rows = [
  { contact_id: 'c1', day: '2026-01-02', amount_minor: '1500', currency: 'EUR' },
  { contact_id: 'c2', day: '2026-01-03', amount_minor: '700', currency: 'USD' },
  { contact_id: 'c1', day: '2026-01-09', amount_minor: '250', currency: 'EUR' },
  { contact_id: 'c3', day: '1970-01-01', amount_minor: '0', currency: 'EUR' },
];

describe('LTV columns (what crosses to the fit thread)', () => {
  it('turns rows into columns, each contact and currency listed once', async () => {
    const cols = await toLtvOrderColumns(rows);
    expect(cols.customerIds).toEqual(['c1', 'c2', 'c3']);
    expect([...cols.contact]).toEqual([0, 1, 0, 2]);
    expect([...cols.day]).toEqual([20455, 20456, 20462, 0]);
    expect([...cols.amountMinor]).toEqual([1500, 700, 250, 0]);
    expect(cols.currencies).toEqual(['EUR', 'USD']);
    expect([...cols.currency]).toEqual([0, 1, 0, 0]);
    expect(ltvOrderColumnsOf(rows)).toEqual(cols);
  });

  it('lets other work run between slices of a large conversion', async () => {
    const many = Array.from({ length: 120_000 }, (_, i) => ({ ...rows[i % 3], contact_id: `c${i % 977}` }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const cols = await toLtvOrderColumns(many);
    clearInterval(timer);
    expect(cols.customerIds).toHaveLength(977);
    expect(ticks).toBeGreaterThan(0);
  });

  it('builds the same columns from batches, each contact and currency indexed once across them', () => {
    const builder = ltvOrderColumnsBuilder();
    builder.add(rows.slice(0, 1));
    builder.add([]);
    builder.add(rows.slice(1));
    expect(builder.finish()).toEqual(ltvOrderColumnsOf(rows));
    expect(ltvOrderColumnsBuilder().finish()).toEqual(ltvOrderColumnsOf([]));
  });

  it('keeps the main currency’s orders and counts the others', () => {
    const { currency, orders, otherCurrencyOrders } = ordersInMainCurrency(ltvOrderColumnsOf(rows));
    expect(currency).toBe('EUR');
    expect(otherCurrencyOrders).toBe(1);
    expect([...orders.contact]).toEqual([0, 0, 2]);
    expect([...orders.amount]).toEqual([1500, 250, 0]);
    expect(ordersInMainCurrency(ltvOrderColumnsOf([])).currency).toBe('USD');
  });

  it('fits the same from columns as from rows, and answers customers as columns (null as NaN)', () => {
    const end = '2026-03-07';
    const demo = generateCustomerDemo({ seed: 3, start: addDays(end, -40 * 7 + 1), weeks: 40 });
    const orderRows = ltvOrderRows(demo.orders);
    const fromRows = fitLtv({ orders: orderRows, asOf: addDays(end, 1) });
    const fromColumns = fitLtvColumns({ orders: ltvOrderColumnsOf(orderRows), asOf: addDays(end, 1) });
    if (fromRows.status !== 'completed' || fromColumns.status !== 'completed') throw new Error('not fitted');
    expect(fromColumns.result).toEqual(fromRows.result);
    expect(fromColumns.customers).toEqual(toCustomerColumns(fromRows.customers));
    const c = fromRows.customers[7];
    expect(fromColumns.customers.customerIds.slice(7, 8)).toEqual([c.customerId]);
    expect(fromColumns.customers.pAlive[7]).toBe(c.pAlive);
    const none = toCustomerColumns([{ ...c, clv: null, expectedAverageValue: null }]);
    expect(none.clv[0]).toBeNaN();
    expect(none.expectedAverageValue[0]).toBeNaN();
  });
});
