import { demoReport, formatDemoReport } from '../modules/intelligence/demo-report.ts';

/**
 * `omnify intel demo [--seed n] [--json]`: generates the demo customers and ad account (known
 * parameters, decay, seasonality and injected anomalies), runs every model and prints what each found
 * next to the truth. No server or database needed.
 */
export function runIntelDemo(opts: { seed: number; json: boolean }): number {
  const report = demoReport(Number.isFinite(opts.seed) ? opts.seed : 42);
  if (opts.json) console.log(JSON.stringify(report));
  else for (const line of formatDemoReport(report)) console.log(line);
  return 0;
}
