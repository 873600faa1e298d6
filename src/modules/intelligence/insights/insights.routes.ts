import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../../kernel/context.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import {
  errorResponses,
  IdParams,
  Page,
  PageQuery,
  StringEnum,
} from '../../../kernel/http-server/schemas.ts';
import { findAction, listActions, requestApply, requestRollback } from './actions.ts';
import {
  findInsight,
  type InsightFilter,
  type InsightStatus,
  listInsights,
  setInsightStatus,
} from './insights.repository.ts';

const lit = StringEnum;
const KINDS = ['anomaly', 'fatigue', 'churn_risk', 'budget'] as const;
const SEVERITIES = ['info', 'warning', 'critical'] as const;
const STATUSES = ['new', 'acknowledged', 'applied', 'dismissed', 'resolved'] as const;

const InsightView = Type.Object({
  id: Type.String(),
  kind: lit(KINDS),
  severity: lit(SEVERITIES),
  status: lit(STATUSES),
  title: Type.String(),
  summary: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  evidence: Type.Record(Type.String(), Type.Unknown(), { description: 'The numbers behind it.' }),
  chart: Type.Optional(
    Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
      description: 'Chart data (band, timeline, curves); only when getting one insight.',
    }),
  ),
  recommendation: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  runId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const ActionView = Type.Object({
  id: Type.String(),
  insightId: Type.String(),
  kind: Type.String(),
  status: lit(['pending', 'applied', 'failed', 'rolled_back'] as const),
  operation: lit(['apply', 'rollback'] as const, { description: 'The latest job asked of this action.' }),
  state: lit(['queued', 'running', 'succeeded', 'failed'] as const, { description: 'State of that job.' }),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  target: lit(['omnify', 'platform', 'recorded'] as const),
  before: Type.Unknown(),
  after: Type.Unknown(),
  appliedBy: Type.Union([Type.String(), Type.Null()]),
  appliedAt: Type.String({ format: 'date-time' }),
  rolledBackBy: Type.Union([Type.String(), Type.Null()]),
  rolledBackAt: Type.Union([Type.String(), Type.Null()]),
});

const notFound = () => new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No insight has this id.');

/**
 * `/api/v1/intelligence/insights` and `/api/v1/intelligence/actions`: what the models found (anomaly,
 * fatigue, churn risk, budget) with severity, evidence and status; apply a recommendation in one
 * call (an auditable action) and roll it back.
 */
export const insightsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.get(
    '/intelligence/insights',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'List insights, newest first',
        querystring: Type.Object({
          ...PageQuery,
          kind: Type.Optional(lit(KINDS)),
          severity: Type.Optional(lit(SEVERITIES)),
          status: Type.Optional(lit(STATUSES)),
        }),
        response: { 200: Page(InsightView), ...errorResponses(400) },
      },
    },
    async (req) => listInsights(ctx.db, req.principal.workspaceId, req.query as InsightFilter),
  );

  app.get(
    '/intelligence/insights/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Get an insight with its evidence',
        params: IdParams,
        response: { 200: InsightView, ...errorResponses(404) },
      },
    },
    async (req) => {
      if (!isUuid(req.params.id)) throw notFound();
      const insight = await findInsight(ctx.db, req.principal.workspaceId, req.params.id);
      if (!insight) throw notFound();
      return insight;
    },
  );

  app.patch(
    '/intelligence/insights/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Acknowledge, dismiss or reopen an insight',
        params: IdParams,
        body: Type.Object(
          { status: lit(['new', 'acknowledged', 'dismissed'] as const) },
          { additionalProperties: false },
        ),
        response: { 200: InsightView, ...errorResponses(400, 404, 409) },
      },
    },
    async (req) => {
      if (!isUuid(req.params.id)) throw notFound();
      const status = req.body.status as InsightStatus;
      const out = await setInsightStatus(ctx.db, req.principal.workspaceId, req.params.id, status);
      if (out === null) throw notFound();
      if (out !== 'applied') return out;
      throw new OmnifyError(
        'OMNIFY_ERR_CONFLICT',
        'This insight is applied; roll its action back to change it.',
      );
    },
  );

  app.post(
    '/intelligence/insights/:id/apply',
    {
      schema: {
        tags: ['intelligence'],
        summary:
          'Apply the recommendation (a durable job: poll the action until its state is succeeded or failed)',
        params: IdParams,
        response: { 202: ActionView, ...errorResponses(404, 409) },
      },
    },
    async (req, reply) => {
      if (!isUuid(req.params.id)) throw notFound();
      const action = await requestApply(
        ctx.db,
        ctx.queue,
        req.principal.workspaceId,
        req.params.id,
        req.principal.actorId,
      );
      return reply.status(202).send(action);
    },
  );

  app.get(
    '/intelligence/actions/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'An action with the state of its apply or rollback job',
        params: IdParams,
        response: { 200: ActionView, ...errorResponses(404) },
      },
    },
    async (req) => {
      const action = await findAction(ctx.db, req.principal.workspaceId, req.params.id);
      if (!action) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No action has this id.');
      return action;
    },
  );

  app.get(
    '/intelligence/actions',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Audit log of applied recommendations, newest first',
        querystring: Type.Object(PageQuery),
        response: { 200: Page(ActionView), ...errorResponses(400) },
      },
    },
    async (req) =>
      listActions(ctx.db, req.principal.workspaceId, { limit: req.query.limit, cursor: req.query.cursor }),
  );

  app.post(
    '/intelligence/actions/:id/rollback',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Roll an applied action back (a durable job: poll the action)',
        params: IdParams,
        response: { 202: ActionView, ...errorResponses(404, 409) },
      },
    },
    async (req, reply) => {
      if (!isUuid(req.params.id)) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No action has this id.');
      const action = await requestRollback(
        ctx.db,
        ctx.queue,
        req.principal.workspaceId,
        req.params.id,
        req.principal.actorId,
      );
      return reply.status(202).send(action);
    },
  );
};
