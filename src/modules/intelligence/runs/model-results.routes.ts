import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../../kernel/context.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { errorResponses, Page, PageQuery, StringEnum } from '../../../kernel/http-server/schemas.ts';
import { withBandRows } from '../../../models/anomaly/band-columns.ts';
import { listModelResults, loadModelResultText } from './model-results.ts';
import { MODEL_NAMES } from './runs.repository.ts';

const ResultSummary = Type.Object({
  subjectType: Type.String({ description: '`workspace`, `account`, `campaign`, `ad_set` or `ad`.' }),
  subjectId: Type.String(),
  summary: Type.Unknown({ description: 'The headline numbers of the result.' }),
  computedAt: Type.String({ format: 'date-time' }),
  runId: Type.Union([Type.String(), Type.Null()]),
});

const DESCRIPTIONS = `What each model stores per subject (full shapes in docs/intelligence.md):
- anomaly (campaign, ad): flagged days per metric with expected value, band and score, plus the band series for charts;
- fatigue (ad): status, baseline/current CTR, predicted crossing day with interval, timeline and projection;
- forecast (account, campaign): history and 7–28-day forecast bands (80 %/95 %) for spend, conversions, revenue;
- budget (account): response curves per campaign, before/after allocation, expected lift with interval;
- ltv (workspace): see /intelligence/ltv.`;

/**
 * `/api/v1/intelligence/models/{model}`: the latest stored output of each model for each subject —
 * the series and chart data a dashboard needs (anomaly points and bands, fatigue timelines, forecast
 * bands, budget curves and before/after). Reads only; models write these in their runs.
 */
export const modelResultsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.get(
    '/intelligence/models/:model',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'List the subjects a model has results for, with headline numbers',
        description: DESCRIPTIONS,
        params: Type.Object({ model: StringEnum(MODEL_NAMES) }),
        querystring: Type.Object({
          ...PageQuery,
          subjectType: Type.Optional(
            StringEnum(['workspace', 'account', 'campaign', 'ad_set', 'ad'] as const),
          ),
        }),
        response: { 200: Page(ResultSummary), ...errorResponses(400) },
      },
    },
    async (req) => {
      return listModelResults(ctx.db, req.principal.workspaceId, String(req.params.model), {
        ...req.query,
        subjectType: req.query.subjectType as string | undefined,
      });
    },
  );

  app.get(
    '/intelligence/models/:model/:subjectType/:subjectId',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'The full stored result of a model for one subject (chart data included)',
        description: DESCRIPTIONS,
        params: Type.Object({
          model: StringEnum(MODEL_NAMES),
          subjectType: Type.String(),
          subjectId: Type.String(),
        }),
        response: {
          200: Type.Object({
            subjectType: Type.String(),
            subjectId: Type.String(),
            result: Type.Unknown(),
            computedAt: Type.String({ format: 'date-time' }),
          }),
          ...errorResponses(404),
        },
      },
    },
    async (req, reply) => {
      const { model, subjectType, subjectId } = req.params;
      const row = await loadModelResultText(
        ctx.db,
        req.principal.workspaceId,
        String(model),
        subjectType,
        subjectId,
      );
      if (!row)
        throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', `No ${String(model)} result for this ${subjectType}.`);
      // Results are large chart series: the stored JSON text is sent as is, not parsed and
      // re-serialized — except an anomaly scan's bands, stored as columns and sent as rows per day.
      const json =
        model === 'anomaly'
          ? JSON.stringify(withBandRows(JSON.parse(row.json) as Record<string, unknown>))
          : row.json;
      const head = JSON.stringify({
        subjectType,
        subjectId,
        computedAt: row.computedAt,
      });
      return reply.type('application/json').send(`${head.slice(0, -1)},"result":${json}}` as never);
    },
  );
};
