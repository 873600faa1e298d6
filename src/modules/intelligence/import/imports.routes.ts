import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../../kernel/context.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import {
  errorResponses,
  IdParams,
  Page,
  PageQuery,
  StringEnum,
} from '../../../kernel/http-server/schemas.ts';
import { AD_PRESETS, type ImportRequest, ORDER_PRESETS, runImport } from '../import-service.ts';
import { findImport, listImports } from './imports.repository.ts';

/** Largest CSV accepted by the import endpoints (bytes). */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

const ImportBody = (presets: readonly string[], ads: boolean) =>
  Type.Object(
    {
      csv: Type.String({
        minLength: 1,
        description: 'The file’s content (UTF-8; LF, CRLF or bare CR line endings).',
      }),
      fileName: Type.Optional(Type.String({ maxLength: 300 })),
      dryRun: Type.Optional(Type.Boolean({ description: 'Preview only: nothing is stored.' })),
      mapping: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), {
          description: 'Column mapping; see docs/intelligence/import.md.',
        }),
      ),
      preset: Type.Optional(StringEnum(presets)),
      options: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), { description: 'Preset parameters.' }),
      ),
      ...(ads
        ? {
            platform: Type.Optional(
              Type.String({ pattern: '^[a-z_]{2,30}$', description: 'Default `csv`.' }),
            ),
          }
        : {}),
    },
    { additionalProperties: false },
  );

const CsvQuery = (presets: readonly string[]) =>
  Type.Object({
    dryRun: Type.Optional(Type.Boolean()),
    preset: Type.Optional(StringEnum(presets)),
    fileName: Type.Optional(Type.String({ maxLength: 300 })),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    date: Type.Optional(
      Type.String({ format: 'date', description: 'kag_conversion: the day the totals belong to.' }),
    ),
    year: Type.Optional(
      Type.Integer({ minimum: 1970, maximum: 2100, description: 'online_advertising: the year.' }),
    ),
  });

const ImportAnswer = Type.Object({
  dryRun: Type.Boolean(),
  importId: Type.Union([Type.String(), Type.Null()]),
  imported: Type.Integer({ description: 'Rows stored (orders: new orders; ads: daily rows written).' }),
  duplicates: Type.Integer({ description: 'Orders already stored by an earlier import or call.' }),
  runId: Type.Union([Type.String(), Type.Null()], { description: 'The model run queued after the import.' }),
  preview: Type.Record(Type.String(), Type.Unknown(), {
    description:
      'totalRows, validRows, errorRows, errorsByCode, sample, errors (line, column, code, message), totals.',
  }),
});

const ImportView = Type.Object({
  id: Type.String(),
  kind: StringEnum(['orders', 'ads'] as const),
  fileName: Type.Union([Type.String(), Type.Null()]),
  totalRows: Type.Integer(),
  importedRows: Type.Integer(),
  duplicateRows: Type.Integer(),
  errorRows: Type.Integer(),
  errors: Type.Array(Type.Unknown()),
  mapping: Type.Unknown(),
  createdAt: Type.String({ format: 'date-time' }),
});

/** Turns a text/csv request (file as body, parameters in the query) into an {@link ImportRequest}. */
function fromCsvRequest(body: unknown, query: Record<string, unknown>): ImportRequest {
  const { dryRun, preset, fileName, ...options } = query;
  return {
    csv: String(body ?? ''),
    dryRun: dryRun === true,
    preset: preset as string | undefined,
    fileName: fileName as string | undefined,
    options,
  };
}

/**
 * CSV imports: `POST /api/v1/orders/import` and `POST /api/v1/intelligence/ads/import`, as JSON
 * (`{ csv, mapping | preset, options, dryRun }`) or as `text/csv` with parameters in the query;
 * `GET /api/v1/imports` for the history with each import's per-row errors.
 */
export const importsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );

  for (const [path, kind, presets] of [
    ['/orders/import', 'orders', ORDER_PRESETS],
    ['/intelligence/ads/import', 'ads', AD_PRESETS],
  ] as const) {
    app.post(
      path,
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['intelligence'],
          summary:
            kind === 'orders'
              ? 'Import orders from CSV (dry run to preview)'
              : 'Import ad performance from CSV (dry run to preview)',
          description:
            'Send JSON, or the file itself as `text/csv` with `dryRun`, `preset` and preset parameters in the query. Rows with problems are reported per row (line, column, code, message) and not stored; valid rows are stored idempotently.',
          querystring: CsvQuery(presets),
          body: Type.Union([ImportBody(presets, kind === 'ads'), Type.String()]),
          response: { 200: ImportAnswer, 201: ImportAnswer, ...errorResponses(400, 413, 415) },
        },
      },
      async (req, reply) => {
        const request: ImportRequest =
          typeof req.body === 'string' ? fromCsvRequest(req.body, req.query) : (req.body as ImportRequest);
        if (!request.csv) {
          throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The file is empty.', {
            fields: [{ path: '/csv', message: 'is empty' }],
          });
        }
        const out = await runImport(ctx, req.principal.workspaceId, kind, request, req.principal.actorId);
        return reply.status(out.dryRun ? 200 : 201).send({ ...out, preview: { ...out.preview } });
      },
    );
  }

  app.get(
    '/imports',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Import history, newest first',
        querystring: Type.Object(PageQuery),
        response: { 200: Page(ImportView), ...errorResponses(400) },
      },
    },
    async (req) =>
      listImports(ctx.db, req.principal.workspaceId, { limit: req.query.limit, cursor: req.query.cursor }),
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'One import with its per-row errors (first 1,000)',
        params: IdParams,
        response: { 200: ImportView, ...errorResponses(404) },
      },
    },
    async (req) => {
      const found = await findImport(ctx.db, req.principal.workspaceId, req.params.id);
      if (!found) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No import has this id.');
      return found;
    },
  );
};
