/**
 * Accuracy benchmark (`npm run bench -- accuracy [--no-doc]`): the figures of issue 12's "How
 * accuracy is shown", each aim marked met or NOT met, on the public data in `../shared/data`
 * (`OMNIFY_SHARED_DIR` overrides `../shared`):
 * - anomalies: precision and recall on ±50 % one-day spikes and ±40 % level shifts injected into the
 *   Q2 2020 online-advertising series, and how soon each level shift is found;
 * - creative fatigue: the walk-forward backtest (median lead, share warned ≥ 7 days, false alarms);
 * - forecasts: rolling-origin MASE against seasonal naive per series group, 80 %/95 % interval coverage;
 * - churn: precision and recall of the "likely gone" call on the demo truth, and the CDNOW hold-out
 *   calibration table by decile of the prediction.
 * Prints the figures and writes the `accuracy` section of docs/benchmarks.md and of
 * docs/intelligence.md (between `<!-- bench:accuracy -->` markers) unless `--no-doc`. Exits non-zero
 * without writing anything when the data are missing. Everything is seeded and date-pinned.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ONLINE_ADVERTISING_CSV, SHARED_ADS_DIR } from '../src/testing/ad-datasets.ts';
import { REPO_ROOT } from '../src/testing/fixtures.ts';
import { type AccuracyResults, accuracyAims } from './accuracy.aims.ts';
import {
  measureAnomalies,
  measureCdnowCalibration,
  measureChurn,
  measureFatigue,
  measureForecasts,
} from './accuracy.measure.ts';
import { accuracyBody, accuracySection, aimsTable } from './accuracy.report.ts';
import { writeBenchSection, writeDocSection } from './doc-sections.ts';

const CDNOW_DIR = resolve(SHARED_ADS_DIR, '../cdnow');
const CDNOW_SAMPLE = resolve(CDNOW_DIR, 'CDNOW_sample.txt');

/** The code measured: short commit and the source folders with uncommitted changes. */
function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
    // Porcelain lines are "XY path": the status columns may start with a space, so nothing is trimmed.
    const dirty = git('status', '--porcelain', '--', 'src')
      .split('\n')
      .filter((l) => l.length > 3)
      .map((l) => dirname(l.slice(3)));
    const dirs = [...new Set(dirty)].sort();
    return `${git('rev-parse', '--short', 'HEAD').trim()}${dirs.length > 0 ? ` with uncommitted changes in ${dirs.join(', ')}` : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}

/** Runs `fn`, prints how long it took, and returns its result and the seconds. */
function step<T>(label: string, fn: () => T): [T, number] {
  console.log(`[accuracy] ${label}…`);
  const t0 = performance.now();
  const out = fn();
  const s = (performance.now() - t0) / 1000;
  console.log(`[accuracy] ${label}: done in ${s.toFixed(1)} s`);
  return [out, s];
}

/** Runs the accuracy benchmark, prints the figures and (unless `--no-doc`) writes both documents. */
export async function runAccuracyBenchmark(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: { 'no-doc': { type: 'boolean', default: false } },
  });
  const missing = [ONLINE_ADVERTISING_CSV, CDNOW_SAMPLE].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    console.error(
      `The accuracy benchmark needs the public data in ../shared/data (ads and CDNOW); not found:\n` +
        `${missing.map((f) => `  ${f}`).join('\n')}\n` +
        'Nothing was measured and no document was written. Check out ../shared next to this repository ' +
        '(or set OMNIFY_SHARED_DIR to its path) and run it again.',
    );
    process.exitCode = 1;
    return;
  }
  const loadBefore = os.loadavg()[0]!;
  const date = new Date();
  const t0 = performance.now();
  const [anomaly, sa] = step(
    'anomalies: injecting ±50 % spikes and ±40 % level shifts into 151 series × 9 metrics',
    measureAnomalies,
  );
  const [fatigue, sf] = step('fatigue: walk-forward backtest, every day of every ad', measureFatigue);
  const [forecast, sfc] = step('forecasts: rolling-origin backtests of spend, conversions, revenue', () =>
    measureForecasts((line) => console.log(`[accuracy] ${line}`)),
  );
  const [[churn, cdnow], sc] = step(
    'churn: demo truth and the CDNOW hold-out by decile',
    () => [measureChurn(), measureCdnowCalibration(CDNOW_DIR)] as const,
  );
  const total = (performance.now() - t0) / 1000;
  const r: AccuracyResults = { anomaly, fatigue, forecast, churn, cdnow };

  console.log(`\n${accuracyBody(r, 2)}\nAims (issue 12):\n\n${aimsTable(accuracyAims(r))}\n`);
  console.log(`[accuracy] total ${total.toFixed(1)} s`);
  if (values['no-doc']) return;
  const cpus = os.cpus();
  const info = {
    date,
    machine: `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    revision: revision(),
    loadBefore,
    seconds: { total, anomaly: sa, fatigue: sf, forecast: sfc, churn: sc },
  };
  writeBenchSection('accuracy', accuracySection(r, info, 'Accuracy (`npm run bench -- accuracy`)'));
  writeDocSection('docs/intelligence.md', 'accuracy', accuracySection(r, info, 'Measured accuracy'));
  console.log('Wrote the accuracy sections of docs/benchmarks.md and docs/intelligence.md');
}
