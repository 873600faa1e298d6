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

const Identity = Type.Object({
  id: Type.String(),
  platform: Type.String(),
  handle: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  username: Type.Union([Type.String(), Type.Null()]),
});
const Contact = Type.Object({
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  phoneE164: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  customerId: Type.Union([Type.String(), Type.Null()], {
    description: 'Id in the shop or CRM the orders come from.',
  }),
  identities: Type.Array(Identity),
  orders: Type.Object({ count: Type.Integer(), lastOrderDate: Type.Union([Type.String(), Type.Null()]) }),
  ltv: Type.Union(
    [
      Type.Object({
        pAlive: Type.Number(),
        expectedPurchases90: Type.Number(),
        clvMinor: Type.Union([Type.Integer(), Type.Null()]),
        currency: Type.String(),
      }),
      Type.Null(),
    ],
    {
      description: 'From the last LTV model run (see /intelligence/ltv/contacts/{id}); null without orders.',
    },
  ),
  createdAt: Type.String({ format: 'date-time' }),
});

const SELECT = `SELECT ct.id, ct.name, ct.phone_e164, ct.email, ct.external_id, ct.created_at, ct.created_at::text AS cursor_ts,
    (SELECT count(*) FROM orders o WHERE o.contact_id = ct.id)::int AS order_count,
    (SELECT max(o.ordered_on)::text FROM orders o WHERE o.contact_id = ct.id) AS last_order,
    l.p_alive, l.expected_purchases_90, l.clv_minor::text AS clv_minor, l.currency AS ltv_currency,
    COALESCE((SELECT json_agg(json_build_object('id', i.id, 'platform', i.platform, 'handle', i.handle,
        'displayName', i.display_name, 'username', i.username) ORDER BY i.created_at)
      FROM identities i WHERE i.contact_id = ct.id), '[]'::json) AS identities
  FROM contacts ct LEFT JOIN contact_ltv l ON l.contact_id = ct.id`;

const toView = (r: any) => ({
  id: r.id,
  name: r.name,
  phoneE164: r.phone_e164,
  email: r.email,
  customerId: r.external_id,
  identities: typeof r.identities === 'string' ? JSON.parse(r.identities) : r.identities,
  orders: { count: r.order_count, lastOrderDate: r.last_order },
  ltv:
    r.p_alive === null || r.p_alive === undefined
      ? null
      : {
          pAlive: r.p_alive,
          expectedPurchases90: r.expected_purchases_90,
          clvMinor: r.clv_minor === null ? null : Number(r.clv_minor),
          currency: r.ltv_currency,
        },
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * `/api/v1/contacts`: people who wrote in or bought, with their identity on each platform, their orders
 * and their LTV/churn figures; newest first, searchable.
 */
export const contactsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.get(
    '/contacts',
    {
      schema: {
        tags: ['inbox'],
        summary: 'List contacts, newest first',
        querystring: Type.Object({
          ...PageQuery,
          q: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 200,
              description:
                'Matches name, phone, e-mail, customer id or any identity handle (case-insensitive substring).',
            }),
          ),
        }),
        response: { 200: Page(Contact), ...errorResponses(400) },
      },
    },
    async (req) => {
      const { limit, q } = req.query;
      const cur = readCursor(req.query.cursor);
      const params: unknown[] = [req.principal.workspaceId];
      const where = ['ct.workspace_id = $1'];
      if (q) {
        params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        const p = `$${params.length}`;
        where.push(`(ct.name ILIKE ${p} OR ct.phone_e164 ILIKE ${p} OR ct.email ILIKE ${p} OR ct.external_id ILIKE ${p} OR EXISTS (SELECT 1 FROM identities i
          WHERE i.contact_id = ct.id AND (i.handle ILIKE ${p} OR i.display_name ILIKE ${p} OR i.username ILIKE ${p})))`);
      }
      if (cur) {
        params.push(cur.at, cur.id);
        where.push(`(ct.created_at, ct.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(limit + 1);
      const r = await ctx.db.query(
        `${SELECT} WHERE ${where.join(' AND ')} ORDER BY ct.created_at DESC, ct.id DESC LIMIT $${params.length}`,
        params,
      );
      return keysetPage(r.rows as any[], limit, (row) => ({ at: row.cursor_ts, id: row.id }), toView);
    },
  );

  app.get(
    '/contacts/:id',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Get a contact',
        params: IdParams,
        response: { 200: Contact, ...errorResponses(404) },
      },
    },
    async (req) => {
      const r = isUuid(req.params.id)
        ? await ctx.db.query(`${SELECT} WHERE ct.id = $1 AND ct.workspace_id = $2`, [
            req.params.id,
            req.principal.workspaceId,
          ])
        : { rows: [] };
      if (!r.rows[0]) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No contact has this id.');
      return toView(r.rows[0]);
    },
  );
};
