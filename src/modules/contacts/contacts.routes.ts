import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses, IdParams, Page, PageQuery } from '../../kernel/http-server/schemas.ts';
import { findContactView, listContacts } from './contact-list.ts';
import type { ContactFacets } from './contacts.service.ts';

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

/**
 * `/api/v1/contacts`: people who wrote in or bought, with their identity on each platform, their orders
 * and their LTV/churn figures (from `facets`); newest first, searchable.
 */
export const contactsRoutes: FastifyPluginAsyncTypebox<{
  ctx: OmnifyContext;
  facets: ContactFacets;
}> = async (app, { ctx, facets }) => {
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
      return listContacts(ctx.db, req.principal.workspaceId, req.query, facets);
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
      const contact = await findContactView(ctx.db, req.principal.workspaceId, req.params.id, facets);
      if (!contact) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No contact has this id.');
      return contact;
    },
  );
};
