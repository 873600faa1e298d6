import { describe, expect, it } from 'vitest';
import { summarizeTransactions } from './rfm.ts';

describe('RFM summary', () => {
  it('reads only real calendar days', () => {
    for (const bad of ['2026-13-01', '2026-02-30', '2026-00-10', '26-01-01', '2026-1-1']) {
      const tx = [{ customerId: 'a', date: bad, amount: 1 }];
      expect(() => summarizeTransactions(tx, '2026-03-01')).toThrow(RangeError);
    }
  });

  it('counts same-day orders as one occasion and measures weeks to the start of the end day', () => {
    const [c] = summarizeTransactions(
      [
        { customerId: 'a', date: '2026-01-01', amount: 10 },
        { customerId: 'a', date: '2026-01-08', amount: 5 },
        { customerId: 'a', date: '2026-01-08', amount: 7 },
        { customerId: 'a', date: '2026-01-15', amount: 0 },
      ],
      '2026-01-29',
    );
    expect(c).toMatchObject({ frequency: 2, recency: 2, T: 4, monetaryValue: 12, zeroValueOccasions: 1 });
  });
});
