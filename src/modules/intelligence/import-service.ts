import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Database } from '../../kernel/db/database.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { JobQueue } from '../../kernel/queue/queue.ts';
import { workspaceTimeZone } from '../workspaces/workspaces.service.ts';
import { storeAdRecords } from './ads/ads.repository.ts';
import {
  type AdPerformanceRecord,
  cdnowMasterPreset,
  cdnowSamplePreset,
  DATE_FORMATS,
  defaultOrdersMapping,
  facebookAds2017Preset,
  type ImportPreview,
  type ImportResult,
  type ImportRowError,
  kagConversionPreset,
  type OrderRecord,
  onlineAdvertisingPreset,
  previewImport,
  readAdPerformanceCsv,
  readOrdersCsv,
} from './import/index.ts';
import { storeOrders } from './orders/orders.repository.ts';
import { requestRun } from './runs/runs.repository.ts';

/** Presets a request can name instead of sending a mapping. */
export const ORDER_PRESETS = ['default', 'cdnow_master', 'cdnow_sample'] as const;
export const AD_PRESETS = ['kag_conversion', 'facebook_2017', 'online_advertising'] as const;

/** What an import request carries (JSON body or text/csv with query parameters). */
export interface ImportRequest {
  csv: string;
  fileName?: string;
  dryRun?: boolean;
  /** A mapping document (see docs/intelligence/import.md); wins over `preset`. */
  mapping?: unknown;
  preset?: string;
  /** Preset parameters: `currency`, `dateFormat`, `allowRefunds` (orders); `date`, `year`, `accountExternalId`, `conversions` (ads). */
  options?: Record<string, unknown>;
  /** Ads only: the ad platform the ids belong to (default `csv`). */
  platform?: string;
}

/** The answer to an import: the preview and, unless a dry run, what was stored and the follow-up run. */
export interface ImportOutcome {
  dryRun: boolean;
  preview: ImportPreview<unknown>;
  importId: string | null;
  imported: number;
  duplicates: number;
  runId: string | null;
}

const MAX_STORED_ERRORS = 1_000;

/** The preset parameters read from `options` (other keys are ignored). */
const PresetOptionsSchema = Type.Object({
  currency: Type.Optional(Type.String()),
  dateFormat: Type.Optional(Type.Union(DATE_FORMATS.map((f) => Type.Literal(f)))),
  allowRefunds: Type.Optional(Type.Boolean()),
  accountExternalId: Type.Optional(Type.String()),
  conversions: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('total')])),
  date: Type.Optional(Type.String()),
  year: Type.Optional(Type.Integer()),
});
type PresetOptions = Static<typeof PresetOptionsSchema>;

/** `options` typed; throws `OMNIFY_ERR_VALIDATION` with `/options/…` field paths when a known key has the wrong type. */
function presetOptions(options: Record<string, unknown> | undefined): PresetOptions {
  const o = options ?? {};
  if (Value.Check(PresetOptionsSchema, o)) return o;
  const fields = [...Value.Errors(PresetOptionsSchema, o)]
    .slice(0, 10)
    .map((e) => ({ path: `/options${e.path}`, message: e.message }));
  throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The preset options are invalid.', { fields });
}

/**
 * The mapping of an import request: its own `mapping`, else the named preset (orders default to
 * `default`) built from `options`. Throws `OMNIFY_ERR_VALIDATION` for an unknown preset, options of the
 * wrong type, or `kag_conversion` without `options.date`.
 */
export function mappingFor(kind: 'orders' | 'ads', req: ImportRequest): unknown {
  if (req.mapping !== undefined) return req.mapping;
  const o = presetOptions(req.options);
  const preset = req.preset ?? (kind === 'orders' ? 'default' : undefined);
  switch (preset) {
    case 'default':
      if (kind === 'orders') return defaultOrdersMapping(o);
      break;
    case 'cdnow_master':
      if (kind === 'orders') return cdnowMasterPreset();
      break;
    case 'cdnow_sample':
      if (kind === 'orders') return cdnowSamplePreset();
      break;
    case 'kag_conversion':
      if (kind === 'ads') {
        const date = o.date;
        if (date === undefined) {
          throw new OmnifyError(
            'OMNIFY_ERR_VALIDATION',
            'The kag_conversion preset needs the day its totals belong to.',
            {
              fields: [
                { path: '/options/date', message: 'is required (YYYY-MM-DD); the file has no date column' },
              ],
            },
          );
        }
        return kagConversionPreset({ ...o, date });
      }
      break;
    case 'facebook_2017':
      if (kind === 'ads') return facebookAds2017Preset(o);
      break;
    case 'online_advertising':
      if (kind === 'ads') return onlineAdvertisingPreset(o);
      break;
  }
  const names = kind === 'orders' ? ORDER_PRESETS : AD_PRESETS;
  throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Send a mapping or name a preset.', {
    fields: [{ path: '/preset', message: `must be one of: ${names.join(', ')}` }],
  });
}

/** File-level problems (no header, missing columns) make the whole file unusable: 400 with the list. */
export function refuseFileErrors(result: ImportResult<unknown>): void {
  if (result.fileErrors.length === 0) return;
  throw new OmnifyError('OMNIFY_ERR_VALIDATION', result.fileErrors.map((e) => e.message).join(' '), {
    fields: result.fileErrors.map((e) => ({ path: '/csv', message: e.message })),
    fileErrors: result.fileErrors,
  });
}

/**
 * Imports a CSV of orders or ad performance for a workspace. Reads it with the mapping (per-row
 * errors: a row is either fully valid or reported, never loaded half-right); with `dryRun`, returns
 * the preview and stores nothing. Otherwise, in one transaction: stores the valid rows (idempotent —
 * the same file twice adds nothing), records the import with its errors (first 1,000), and queues the
 * models that depend on the data (LTV for orders; anomaly, fatigue, forecast and budget for ads).
 * Date-times with an offset are stored as their day in the workspace's time zone.
 * Throws `OMNIFY_ERR_VALIDATION` for an invalid mapping or an unusable file.
 */
export async function runImport(
  deps: { db: Database; queue: JobQueue },
  workspaceId: string,
  kind: 'orders' | 'ads',
  req: ImportRequest,
  createdBy: string | null,
): Promise<ImportOutcome> {
  const mapping = mappingFor(kind, req);
  // Date-times with an offset land on the workspace's day (import/dates.ts).
  const read = { timeZone: await workspaceTimeZone(deps.db, workspaceId) };
  const result: ImportResult<OrderRecord | AdPerformanceRecord> =
    kind === 'orders' ? readOrdersCsv(req.csv, mapping, read) : readAdPerformanceCsv(req.csv, mapping, read);
  refuseFileErrors(result);
  const preview = previewImport(result) as ImportPreview<unknown>;
  if (req.dryRun) return { dryRun: true, preview, importId: null, imported: 0, duplicates: 0, runId: null };

  const valid = result.rows.flatMap((r) => (r.ok ? [r.record] : []));
  const errors: ImportRowError[] = result.rows.flatMap((r) => (r.ok ? [] : r.errors));
  return deps.db.transaction(async (tx) => {
    const imp = await tx.query<{ id: string }>(
      `INSERT INTO imports (workspace_id, kind, status, file_name, mapping, total_rows, imported_rows, error_rows, errors, created_by)
       VALUES ($1, $2, 'completed', $3, $4::jsonb, $5, 0, $6, $7::jsonb, $8) RETURNING id`,
      [
        workspaceId,
        kind,
        req.fileName ?? null,
        JSON.stringify(mapping),
        preview.totalRows,
        preview.errorRows,
        JSON.stringify(errors.slice(0, MAX_STORED_ERRORS)),
        createdBy,
      ],
    );
    const importId = imp.rows[0]!.id;
    let imported = 0;
    let duplicates = 0;
    if (kind === 'orders') {
      const stored = await storeOrders(
        tx,
        workspaceId,
        (valid as OrderRecord[]).map((o) => ({
          customer: { customerId: o.customerId, email: o.email, phone: o.phone, name: o.name },
          date: o.date,
          amountMinor: o.amountMinor,
          currency: o.currency,
          orderId: o.orderId,
        })),
        importId,
      );
      duplicates = stored.filter((s) => s.duplicate).length;
      imported = stored.length - duplicates;
    } else {
      await storeAdRecords(
        tx,
        workspaceId,
        { platform: req.platform ?? 'csv' },
        valid as AdPerformanceRecord[],
      );
      imported = valid.length;
    }
    await tx.query('UPDATE imports SET imported_rows = $2, duplicate_rows = $3 WHERE id = $1', [
      importId,
      imported,
      duplicates,
    ]);
    const runId =
      imported > 0
        ? await requestRun(
            deps.queue,
            deps.db,
            workspaceId,
            kind === 'orders' ? ['ltv'] : ['anomaly', 'fatigue', 'forecast', 'budget'],
            `import ${importId}`,
            tx,
          )
        : null;
    return { dryRun: false, preview, importId, imported, duplicates, runId };
  });
}
