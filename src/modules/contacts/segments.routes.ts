import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses, IdParams, Page, PageQuery } from '../../kernel/http-server/schemas.ts';
import type { ContactFacets } from './contacts.service.ts';
import {
  addSegmentMembers,
  createSegment,
  findSegment,
  listSegmentMembers,
  listSegments,
  removeSegmentMember,
} from './segment.repository.ts';

const SegmentView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  members: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
const MemberView = Type.Object({
  contactId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phoneE164: Type.Union([Type.String(), Type.Null()]),
  pAlive: Type.Union([Type.Number(), Type.Null()]),
  clvMinor: Type.Union([Type.Integer(), Type.Null()]),
  addedAt: Type.String({ format: 'date-time' }),
});

const notFound = () => new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No segment has this id.');

/**
 * `/api/v1/segments`: named lists of contacts for outreach — e.g. the churn-risk customers an insight
 * put there — that the inbox and later sequences act on. Members show the LTV figures of `facets`.
 */
export const segmentsRoutes: FastifyPluginAsyncTypebox<{
  ctx: OmnifyContext;
  facets: ContactFacets;
}> = async (app, { ctx, facets }) => {
  const find = async (workspaceId: string, id: string) => {
    if (!isUuid(id)) throw notFound();
    const segment = await findSegment(ctx.db, workspaceId, id);
    if (!segment) throw notFound();
    return segment;
  };

  app.get(
    '/segments',
    {
      schema: {
        tags: ['inbox'],
        summary: 'List segments by name',
        response: { 200: Type.Object({ data: Type.Array(SegmentView) }) },
      },
    },
    async (req) => ({ data: await listSegments(ctx.db, req.principal.workspaceId) }),
  );

  app.post(
    '/segments',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Create a segment',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 120 }),
            description: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: SegmentView, ...errorResponses(400, 409) },
      },
    },
    async (req, reply) => {
      const created = await createSegment(ctx.db, req.principal.workspaceId, {
        name: req.body.name.trim(),
        description: req.body.description ?? null,
      });
      if (!created) throw new OmnifyError('OMNIFY_ERR_CONFLICT', 'A segment with this name already exists.');
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/segments/:id',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Get a segment',
        params: IdParams,
        response: { 200: SegmentView, ...errorResponses(404) },
      },
    },
    async (req) => find(req.principal.workspaceId, req.params.id),
  );

  app.get(
    '/segments/:id/members',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Members of a segment with their P(alive) and CLV, most recently added first',
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: Page(MemberView), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      await find(req.principal.workspaceId, req.params.id);
      return listSegmentMembers(ctx.db, req.principal.workspaceId, req.params.id, req.query, facets);
    },
  );

  app.post(
    '/segments/:id/members',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Add contacts to a segment',
        params: IdParams,
        body: Type.Object(
          { contactIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 10_000 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ added: Type.Integer(), segment: SegmentView }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      await find(ws, req.params.id);
      const added = await addSegmentMembers(ctx.db, ws, req.params.id, req.body.contactIds);
      return { added, segment: await find(ws, req.params.id) };
    },
  );

  app.delete(
    '/segments/:id/members/:contactId',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Remove a contact from a segment',
        params: Type.Object({ id: Type.String(), contactId: Type.String() }),
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      await find(req.principal.workspaceId, req.params.id);
      if (isUuid(req.params.contactId)) {
        await removeSegmentMember(ctx.db, req.params.id, req.params.contactId);
      }
      return reply.status(204).send(null);
    },
  );
};
