import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../../kernel/context.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { errorResponses, Page, PageQuery } from '../../../kernel/http-server/schemas.ts';
import { requestRun } from '../runs/runs.repository.ts';
import { findOrder, listOrders, storeOrders } from './orders.repository.ts';

export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. USD.' });

const OrderView = Type.Object({
  id: Type.String(),
  contactId: Type.String(),
  customerId: Type.Union([Type.String(), Type.Null()]),
  orderId: Type.Union([Type.String(), Type.Null()]),
  date: Type.String({ format: 'date' }),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  importId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

const NewOrderBody = Type.Object(
  {
    customerId: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "The customer's id in your shop or CRM.",
    }),
    date: Type.String({ format: 'date', description: 'Order day (UTC), YYYY-MM-DD.' }),
    amountMinor: Type.Integer({ minimum: 0, description: 'Order value in currency minor units (cents).' }),
    currency: Type.Optional({ ...Currency, default: 'USD' }),
    orderId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Your order id; makes retries idempotent.' }),
    ),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    phone: Type.Optional(
      Type.String({ maxLength: 40, description: 'Any notation with a country code; stored as E.164.' }),
    ),
    name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** After orders change, the LTV model reruns at most this often per workspace (a queued run absorbs requests). */
export const ORDER_RUN_REASON = 'orders changed';

/**
 * `/api/v1/orders`: customer transactions that feed the LTV and churn models. Orders belong to
 * contacts (found by customer id, e-mail or phone, or created), so the CRM and the inbox see them.
 */
export const ordersRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.post(
    '/orders',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Record an order (idempotent by orderId)',
        body: NewOrderBody,
        response: {
          201: Type.Object({ order: OrderView, duplicate: Type.Boolean() }),
          200: Type.Object({ order: OrderView, duplicate: Type.Boolean() }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const ws = req.principal.workspaceId;
      const { stored, view } = await ctx.db.transaction(async (tx) => {
        const [stored] = await storeOrders(tx, ws, [
          {
            customer: { customerId: b.customerId, email: b.email, phone: b.phone, name: b.name },
            date: b.date,
            amountMinor: b.amountMinor,
            currency: b.currency ?? 'USD',
            orderId: b.orderId,
          },
        ]);
        if (!stored!.duplicate) await requestRun(ctx.queue, ctx.db, ws, ['ltv'], ORDER_RUN_REASON, tx);
        return { stored: stored!, view: (await findOrder(tx, ws, stored!.id))! };
      });
      return reply.status(stored.duplicate ? 200 : 201).send({ order: view, duplicate: stored.duplicate });
    },
  );

  app.get(
    '/orders',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'List orders, newest first',
        querystring: Type.Object({
          ...PageQuery,
          contactId: Type.Optional(Type.String({ description: 'Only this contact’s orders.' })),
        }),
        response: { 200: Page(OrderView), ...errorResponses(400) },
      },
    },
    async (req) => {
      return listOrders(ctx.db, req.principal.workspaceId, req.query);
    },
  );

  app.get(
    '/orders/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Get an order',
        params: Type.Object({ id: Type.String() }),
        response: { 200: OrderView, ...errorResponses(404) },
      },
    },
    async (req) => {
      const order = await findOrder(ctx.db, req.principal.workspaceId, req.params.id);
      if (!order) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No order has this id.');
      return order;
    },
  );
};
