import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { dayNumber } from '../kernel/dates/calendar-day.ts';
import { ltvReport } from '../models/ltv/ltv.report.ts';
import type { Transaction } from '../models/ltv/rfm.ts';

/** A CSV row that could not be read: 1-based line number and why. */
export interface RowError {
  line: number;
  message: string;
}

/**
 * Reads `customer_id,date,amount` CSV text (header required; other columns ignored; ISO dates).
 * Rows with a missing id, a non-ISO date or a non-numeric amount are returned as errors, not loaded.
 */
export function readTransactionsCsv(text: string): { transactions: Transaction[]; errors: RowError[] } {
  const rows: Record<string, string>[] = parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  });
  const transactions: Transaction[] = [];
  const errors: RowError[] = [];
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    const customerId = row.customer_id ?? '';
    const amount = Number(row.amount);
    if (!customerId) {
      errors.push({ line, message: 'customer_id is empty' });
      continue;
    }
    try {
      dayNumber((row.date ?? '').trim());
    } catch (e) {
      errors.push({ line, message: (e as Error).message });
      continue;
    }
    if (row.amount === undefined || row.amount === '' || !Number.isFinite(amount)) {
      errors.push({ line, message: `amount is not a number: "${row.amount ?? ''}"` });
      continue;
    }
    transactions.push({ customerId, date: row.date!, amount });
  }
  return { transactions, errors };
}

/**
 * `omnify intel ltv --transactions <csv> --calibration-end <YYYY-MM-DD> [--holdout-end <YYYY-MM-DD>] [--json]`:
 * fits BG/NBD + Gamma-Gamma without the server and prints the report (JSON with --json, else a
 * summary). Unreadable rows are listed on stderr and left out. Returns the exit code.
 */
export function runIntelLtv(opts: {
  transactions: string;
  calibrationEnd: string;
  holdoutEnd?: string;
  json: boolean;
}): number {
  const { transactions, errors } = readTransactionsCsv(readFileSync(opts.transactions, 'utf8'));
  for (const e of errors.slice(0, 20)) console.error(`line ${e.line}: ${e.message}`);
  if (errors.length > 20) console.error(`… and ${errors.length - 20} more unreadable rows`);
  if (transactions.length === 0) {
    console.error('No readable transactions.');
    return 1;
  }
  const report = ltvReport(transactions, opts.calibrationEnd, opts.holdoutEnd);
  if (opts.json) {
    console.log(JSON.stringify({ ...report, skippedRows: errors.length }));
    return 0;
  }
  const { r, alpha, a, b, logLikelihood } = report.bgnbd;
  console.log(
    `BG/NBD: r=${r.toFixed(4)} alpha=${alpha.toFixed(4)} a=${a.toFixed(4)} b=${b.toFixed(4)} LL=${logLikelihood.toFixed(2)}`,
  );
  if (report.gammaGamma) {
    const { p, q, v } = report.gammaGamma;
    console.log(`Gamma-Gamma: p=${p.toFixed(4)} q=${q.toFixed(4)} v=${v.toFixed(4)}`);
  }
  console.log(
    `${report.customers.length} customers; ${report.zeroValueOccasions} zero-value repeat occasions left out of the spend model; ${errors.length} rows skipped`,
  );
  if (report.holdout) {
    console.log(
      `Holdout (${report.holdout.weeks.toFixed(1)} weeks): predicted ${report.holdout.predicted.toFixed(0)} repeat purchases, actual ${report.holdout.actual}`,
    );
  }
  return 0;
}
