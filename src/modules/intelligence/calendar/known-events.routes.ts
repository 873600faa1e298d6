import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../../kernel/context.ts';
import { isCalendarDay } from '../../../kernel/dates/calendar-day.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { errorResponses, IdParams, Page, PageQuery } from '../../../kernel/http-server/schemas.ts';
import { validationSummary } from '../../../kernel/http-server/validation-errors.ts';
import { sanitizeText } from '../../../kernel/sanitize/text.ts';
import { type KnownEvent, knownEventRangeProblem } from '../../../models/anomaly/known-events.ts';
import {
  deleteKnownEvent,
  insertKnownEvent,
  type KnownEventPatch,
  listKnownEvents,
  lockKnownEvent,
  updateKnownEvent,
} from './known-events.repository.ts';

const Day = (description: string) => Type.String({ format: 'date', description, examples: ['2025-12-24'] });

const Name = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'What happened, as insights name it ("Christmas", "Spring sale"): 1–200 characters, trimmed.',
  examples: ['Christmas'],
});
const StartsOn = Day('First day (a calendar day, YYYY-MM-DD).');
const EndsOn = Day('Last day, inclusive: on or after startsOn, at most 366 days later.');
const RecursYearly = Type.Boolean({
  description: 'The same month-days every year (a holiday); false: this one occurrence.',
});

const KnownEventView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  startsOn: Type.String({ format: 'date' }),
  endsOn: Type.String({ format: 'date' }),
  recursYearly: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const notFound = () => new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No known event has this id.');

/** 400 `OMNIFY_ERR_VALIDATION` with one field error at `/body/<field>`. */
function invalid(field: string, message: string): OmnifyError {
  const fields = [{ path: `/body/${field}`, message }];
  return new OmnifyError('OMNIFY_ERR_VALIDATION', validationSummary(fields), { fields });
}

/**
 * The name as stored: sanitized (NUL removed, lone surrogates replaced, as at the edge) and trimmed.
 *
 * @throws OmnifyError 400 (field `/body/name`) when nothing is left.
 */
function cleanName(name: string): string {
  const v = sanitizeText(name).trim();
  if (!v) throw invalid('name', 'must not be blank');
  return v;
}

/**
 * Checks an event's days: each a real calendar day (2026-02-30 is refused), the range one that
 * `knownEventRangeProblem` accepts (end on or after start, at most 367 days).
 *
 * @throws OmnifyError 400 with the field error on `/body/startsOn` or `/body/endsOn`.
 */
function checkRange(startsOn: string, endsOn: string): void {
  if (!isCalendarDay(startsOn)) throw invalid('startsOn', 'must be a real calendar day (YYYY-MM-DD)');
  if (!isCalendarDay(endsOn)) throw invalid('endsOn', 'must be a real calendar day (YYYY-MM-DD)');
  const problem = knownEventRangeProblem(startsOn, endsOn);
  if (problem) throw invalid('endsOn', problem);
}

/**
 * `/api/v1/intelligence/known-events`: the workspace's calendar of known events (holidays, sales,
 * outages). A model run labels each anomaly insight whose days overlap one — its title starts with
 * the event's name and its summary and `evidence.knownEvents` say so, with the change in earlier
 * years for a yearly event — and hides nothing (docs/intelligence.md, "Known events (calendar)").
 * Every member reads the calendar; admins change it (src/modules/workspaces/access.ts).
 */
export const knownEventsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.get(
    '/intelligence/known-events',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'List the workspace’s known events (calendar), by start day',
        querystring: Type.Object(PageQuery),
        response: { 200: Page(KnownEventView), ...errorResponses(400) },
      },
    },
    async (req) => listKnownEvents(ctx.db, req.principal.workspaceId, req.query),
  );

  app.post(
    '/intelligence/known-events',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Add a known event (a holiday, a sale, an outage) that labels the anomalies it explains',
        body: Type.Object(
          { name: Name, startsOn: StartsOn, endsOn: EndsOn, recursYearly: Type.Optional(RecursYearly) },
          { additionalProperties: false },
        ),
        response: { 201: KnownEventView, ...errorResponses(400) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const event: KnownEvent = {
        name: cleanName(b.name),
        startsOn: b.startsOn,
        endsOn: b.endsOn,
        recursYearly: b.recursYearly ?? false,
      };
      checkRange(event.startsOn, event.endsOn);
      const created = await insertKnownEvent(ctx.db, req.principal.workspaceId, event);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/intelligence/known-events/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Change a known event (only the fields sent)',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            startsOn: Type.Optional(StartsOn),
            endsOn: Type.Optional(EndsOn),
            recursYearly: Type.Optional(RecursYearly),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: KnownEventView, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      const b = req.body;
      const patch: KnownEventPatch = {
        name: b.name === undefined ? undefined : cleanName(b.name),
        startsOn: b.startsOn,
        endsOn: b.endsOn,
        recursYearly: b.recursYearly,
      };
      return ctx.db.transaction(async (tx) => {
        // The range is checked as it will be stored: the days sent over the ones kept.
        const current = await lockKnownEvent(tx, ws, req.params.id);
        if (!current) throw notFound();
        checkRange(patch.startsOn ?? current.startsOn, patch.endsOn ?? current.endsOn);
        return (await updateKnownEvent(tx, ws, current.id, patch))!;
      });
    },
  );

  app.delete(
    '/intelligence/known-events/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Delete a known event (insights it labelled keep their label until the next run)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      if (!(await deleteKnownEvent(ctx.db, req.principal.workspaceId, req.params.id))) throw notFound();
      return reply.status(204).send(null);
    },
  );
};
