import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import {
  errorResponses,
  IdParams,
  keysetPage,
  Page,
  PageQuery,
  readCursor,
} from '../../kernel/http-server/schemas.ts';

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

const SEGMENT_SELECT = `SELECT s.*, (SELECT count(*) FROM segment_members m WHERE m.segment_id = s.id)::int AS members FROM segments s`;
const toSegment = (r: any) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  members: r.members,
  createdAt: new Date(r.created_at).toISOString(),
});
const notFound = () => new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No segment has this id.');

/**
 * `/api/v1/segments`: named lists of contacts for outreach — e.g. the churn-risk customers an insight
 * put there — that the inbox and later sequences act on.
 */
export const segmentsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  const find = async (workspaceId: string, id: string) => {
    if (!isUuid(id)) throw notFound();
    const r = await ctx.db.query(`${SEGMENT_SELECT} WHERE s.id = $1 AND s.workspace_id = $2`, [
      id,
      workspaceId,
    ]);
    if (!r.rows[0]) throw notFound();
    return toSegment(r.rows[0]);
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
    async (req) => {
      const r = await ctx.db.query(`${SEGMENT_SELECT} WHERE s.workspace_id = $1 ORDER BY s.name`, [
        req.principal.workspaceId,
      ]);
      return { data: r.rows.map(toSegment) };
    },
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
      const r = await ctx.db.query(
        `INSERT INTO segments (workspace_id, name, description) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id, name) DO NOTHING RETURNING *, 0 AS members`,
        [req.principal.workspaceId, req.body.name.trim(), req.body.description ?? null],
      );
      if (!r.rows[0])
        throw new OmnifyError('OMNIFY_ERR_CONFLICT', 'A segment with this name already exists.');
      return reply.status(201).send(toSegment(r.rows[0]));
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
      const cur = readCursor(req.query.cursor);
      const params: unknown[] = [req.params.id, req.query.limit + 1];
      let where = 'm.segment_id = $1';
      if (cur) {
        params.push(cur.at, cur.id);
        where += ' AND (m.added_at, m.contact_id) < ($3::timestamptz, $4::uuid)';
      }
      const r = await ctx.db.query(
        `SELECT m.contact_id, m.added_at, m.added_at::text AS ts, c.name, c.email, c.phone_e164, l.p_alive, l.clv_minor
         FROM segment_members m JOIN contacts c ON c.id = m.contact_id
         LEFT JOIN contact_ltv l ON l.contact_id = m.contact_id
         WHERE ${where} ORDER BY m.added_at DESC, m.contact_id DESC LIMIT $2`,
        params,
      );
      return keysetPage(
        r.rows as any[],
        req.query.limit,
        (x) => ({ at: x.ts, id: x.contact_id }),
        (x) => ({
          contactId: x.contact_id,
          name: x.name,
          email: x.email,
          phoneE164: x.phone_e164,
          pAlive: x.p_alive,
          clvMinor: x.clv_minor === null ? null : Number(x.clv_minor),
          addedAt: new Date(x.added_at).toISOString(),
        }),
      );
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
      const r = await ctx.db.query(
        `INSERT INTO segment_members (segment_id, contact_id)
         SELECT $1, c.id FROM contacts c WHERE c.workspace_id = $2 AND c.id = ANY($3::uuid[])
         ON CONFLICT DO NOTHING`,
        [req.params.id, ws, req.body.contactIds],
      );
      return { added: r.rowCount, segment: await find(ws, req.params.id) };
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
        await ctx.db.query('DELETE FROM segment_members WHERE segment_id = $1 AND contact_id = $2', [
          req.params.id,
          req.params.contactId,
        ]);
      }
      return reply.status(204).send(null);
    },
  );
};
