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
import { createWorkspace, workspaceTimeZone } from '../../workspaces/workspaces.service.ts';
import { hasRealContacts, loadDemoData } from '../demo-loader.ts';
import { findContactLtv, listContactLtv } from './ltv.repository.ts';
import { loadModelResult } from './model-results.ts';
import {
  findRun,
  listRuns,
  MODEL_NAMES,
  type ModelName as ModelNameT,
  requestRun,
} from './runs.repository.ts';

const ModelName = StringEnum(MODEL_NAMES);
const RunView = Type.Object({
  id: Type.String(),
  models: Type.Array(ModelName),
  reason: Type.String(),
  status: StringEnum(['queued', 'running', 'completed', 'failed'] as const),
  progress: Type.Record(Type.String(), Type.Unknown()),
  summary: Type.Record(Type.String(), Type.Unknown()),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

const ContactLtv = Type.Object({
  contactId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  customerId: Type.Union([Type.String(), Type.Null()]),
  frequency: Type.Integer({ description: 'Repeat purchase occasions.' }),
  recencyWeeks: Type.Number(),
  ageWeeks: Type.Number({ description: 'T: weeks since the first purchase.' }),
  pAlive: Type.Number(),
  expectedPurchases30: Type.Number(),
  expectedPurchases90: Type.Number(),
  expectedPurchases365: Type.Number(),
  expectedOrderValueMinor: Type.Union([Type.Integer(), Type.Null()]),
  clvMinor: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'CLV in minor units: expected purchases over CLV_HORIZON_MONTHS (default 12) discounted at CLV_MONTHLY_DISCOUNT_RATE (default 1 %/month); the values used are in the model result (`clv`).',
  }),
  currency: Type.String(),
  computedAt: Type.String({ format: 'date-time' }),
});

/**
 * `/api/v1/intelligence/runs` (ask models to rerun now, follow progress) and
 * `/api/v1/intelligence/ltv` (workspace LTV summary with the calibration/holdout check and
 * distributions; per-contact P(alive), expected purchases and CLV, sortable and paginated).
 */
export const intelligenceRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.post(
    '/intelligence/runs',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Run models now (durable job); poll the run for progress',
        body: Type.Object(
          { models: Type.Optional(Type.Array(ModelName, { minItems: 1, uniqueItems: true })) },
          { additionalProperties: false },
        ),
        response: { 202: RunView, ...errorResponses(400) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      const models = (req.body.models as ModelNameT[] | undefined) ?? MODEL_NAMES;
      const id = await requestRun(ctx.queue, ctx.db, ws, models, 'requested');
      return reply.status(202).send((await findRun(ctx.db, ws, id))!);
    },
  );

  app.post(
    '/intelligence/demo',
    {
      // `curl -X POST` sends no body and no content type: that means the defaults, not a 400.
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags: ['intelligence'],
        summary: 'Load generated demo customers, orders and ad data and run every model',
        description:
          'Into this workspace when it holds no real contacts (else 409), or with `{"workspace":"new"}` into a new workspace "Demo", answered with its id and an owner key for it (shown once). Needs the admin role; no body is needed.',
        body: Type.Optional(
          Type.Object(
            {
              seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
              workspace: Type.Optional(
                StringEnum(['current', 'new'] as const, {
                  description: '`current` (default): this workspace; `new`: a fresh "Demo" workspace.',
                }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: {
          202: Type.Object({
            orders: Type.Integer(),
            customers: Type.Integer(),
            adRows: Type.Integer(),
            campaigns: Type.Integer(),
            runId: Type.String(),
            workspaceId: Type.String(),
            apiKey: Type.Optional(
              Type.String({
                description: 'With `workspace: "new"`: an owner key of the demo workspace (shown once).',
              }),
            ),
          }),
          ...errorResponses(400, 403, 409),
        },
      },
    },
    async (req, reply) => {
      const seed = req.body?.seed ?? 42;
      if (req.body?.workspace === 'new') {
        // The demo workspace keeps the caller's time zone, so its days and schedule read the same.
        const zone = await workspaceTimeZone(ctx.db, req.principal.workspaceId);
        const made = await createWorkspace(ctx.db, 'Demo', zone);
        const out = await loadDemoData(ctx, made.workspace.id, seed);
        return reply.status(202).send({ ...out, workspaceId: made.workspace.id, apiKey: made.apiKey.key });
      }
      const ws = req.principal.workspaceId;
      if (await hasRealContacts(ctx.db, ws)) {
        throw new OmnifyError(
          'OMNIFY_ERR_CONFLICT',
          'This workspace holds real contacts; the demo would mix fictional customers into them. Send {"workspace":"new"} to load it into a new "Demo" workspace (the answer carries its id and a key).',
        );
      }
      const out = await loadDemoData(ctx, ws, seed);
      return reply.status(202).send({ ...out, workspaceId: ws });
    },
  );

  app.get(
    '/intelligence/runs',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'List model runs, newest first',
        querystring: Type.Object(PageQuery),
        response: { 200: Page(RunView), ...errorResponses(400) },
      },
    },
    async (req) =>
      listRuns(ctx.db, req.principal.workspaceId, { limit: req.query.limit, cursor: req.query.cursor }),
  );

  app.get(
    '/intelligence/runs/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Get a model run and its progress',
        params: IdParams,
        response: { 200: RunView, ...errorResponses(404) },
      },
    },
    async (req) => {
      const run = await findRun(ctx.db, req.principal.workspaceId, req.params.id);
      if (!run) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No model run has this id.');
      return run;
    },
  );

  app.get(
    '/intelligence/ltv',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'LTV model: parameters, holdout check (plot data), P(alive) and CLV distributions',
        description:
          'BG/NBD + Gamma-Gamma fitted to the workspace’s orders. `status` is `insufficient_data` (with a reason) until there are enough customers; `not_run` before the first run.',
        response: { 200: Type.Record(Type.String(), Type.Unknown()) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      const r = await loadModelResult<Record<string, unknown>>(ctx.db, ws, 'ltv', 'workspace', ws);
      return r ? { ...r.result, computedAt: r.computedAt, runId: r.runId } : { status: 'not_run' };
    },
  );

  app.get(
    '/intelligence/ltv/contacts',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Per-contact LTV and churn risk',
        querystring: Type.Object({
          ...PageQuery,
          sort: StringEnum(['clv', 'churn_risk'] as const, {
            default: 'clv',
            description: '`clv`: highest CLV first; `churn_risk`: lowest P(alive) first.',
          }),
          atRisk: Type.Optional(
            Type.Boolean({
              description:
                'Only repeat customers the last run called likely gone: P(alive) below its calibrated threshold (the churn insight states it; docs/intelligence.md).',
            }),
          ),
        }),
        response: { 200: Page(ContactLtv), ...errorResponses(400) },
      },
    },
    async (req) => {
      const { sort, atRisk, limit, cursor } = req.query;
      return listContactLtv(ctx.db, req.principal.workspaceId, {
        sort: sort as 'clv' | 'churn_risk',
        atRisk,
        limit,
        cursor,
      });
    },
  );

  app.get(
    '/intelligence/ltv/contacts/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'One contact’s LTV, P(alive) and expected purchases',
        params: IdParams,
        response: { 200: ContactLtv, ...errorResponses(404) },
      },
    },
    async (req) => {
      const ltv = await findContactLtv(ctx.db, req.principal.workspaceId, req.params.id);
      if (!ltv) {
        throw new OmnifyError(
          'OMNIFY_ERR_NOT_FOUND',
          'No LTV for this contact yet (no orders, or the model has not run).',
        );
      }
      return ltv;
    },
  );
};
