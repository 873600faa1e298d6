import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses, IdParams, Page, PageQuery } from '../../kernel/http-server/schemas.ts';
import { channelSummaries } from '../channels/channels.service.ts';
import { listContacts } from './contact-list.ts';
import {
  contactExists,
  findContactDetail,
  MAX_ATTRIBUTE_KEY,
  MAX_ATTRIBUTE_TEXT,
  MAX_ATTRIBUTES,
  MAX_NAME,
  MAX_NOTES,
  updateContact,
} from './contact-profile.ts';
import type { ContactConversations, ContactFacets } from './contacts.service.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T, description?: string) =>
  Type.Union([t, Type.Null()], description ? { description } : {});

const identityProps = {
  id: Type.String(),
  platform: Type.String({ description: 'whatsapp, telegram, slack, … (docs/channels.md).' }),
  handle: Type.String({ description: "The contact's id on the platform: phone digits, chat id, e-mail…" }),
  displayName: Nullable(Type.String(), 'The name the platform last gave.'),
  username: Nullable(Type.String()),
  phoneE164: Nullable(
    Type.String(),
    'The phone (E.164) its platform vouches for: a key of automatic linking.',
  ),
  email: Nullable(
    Type.String(),
    'The e-mail (lower-cased) its platform vouches for: a key of automatic linking.',
  ),
  linked: Type.Union([Type.Literal('created'), Type.Literal('auto'), Type.Literal('merge')], {
    description:
      'How it joined the contact: `created` with it, `auto` on a strong match (same vouched phone or e-mail), `merge` by a merge.',
  }),
};
const Identity = Type.Object(identityProps);
const IdentityDetail = Type.Object({
  ...identityProps,
  channels: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), {
    description:
      "The workspace's channels the contact's conversations on this platform go through, latest activity first.",
  }),
});

// One JSON type list, not a union: the server's Ajv coerces types (`coerceTypes`), and the first
// branch of an `anyOf` would turn 12 or true into "12" or "true". A value of a listed type is never
// coerced. `maxLength` applies to strings only.
const AttributeValue = Type.Unsafe<string | number | boolean>({
  type: ['string', 'number', 'boolean'],
  maxLength: MAX_ATTRIBUTE_TEXT,
});
const AttributeChange = Type.Unsafe<string | number | boolean | null>({
  type: ['string', 'number', 'boolean', 'null'],
  maxLength: MAX_ATTRIBUTE_TEXT,
});
const Attributes = Type.Record(Type.String(), AttributeValue, {
  description: `Custom fields: a flat object of text (≤ ${MAX_ATTRIBUTE_TEXT} characters), number or boolean values, at most ${MAX_ATTRIBUTES} keys.`,
});

const contactProps = {
  id: Type.String(),
  name: Nullable(Type.String()),
  phoneE164: Nullable(Type.String()),
  email: Nullable(Type.String()),
  customerId: Nullable(Type.String(), 'Id in the shop or CRM the orders come from.'),
  attributes: Attributes,
  orders: Type.Object({ count: Type.Integer(), lastOrderDate: Nullable(Type.String()) }),
  ltv: Type.Union(
    [
      Type.Object({
        pAlive: Type.Number({ description: 'Probability (0–1) that the customer is still active.' }),
        expectedPurchases90: Type.Number({ description: 'Expected purchases in the next 90 days.' }),
        clvMinor: Nullable(Type.Integer(), 'Customer lifetime value in minor units of `currency`.'),
        currency: Type.String(),
      }),
      Type.Null(),
    ],
    {
      description: 'From the last LTV model run (see /intelligence/ltv/contacts/{id}); null without one.',
    },
  ),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time', description: 'When its own fields last changed.' }),
  mergedInto: Nullable(
    Type.String(),
    'The contact this one was merged into; such a contact is hidden from lists until the merge is undone.',
  ),
};
const Contact = Type.Object({ ...contactProps, identities: Type.Array(Identity) });
const ContactDetail = Type.Object({
  ...contactProps,
  identities: Type.Array(IdentityDetail),
  notes: Type.String({ maxLength: MAX_NOTES, description: "The team's notes; empty when none." }),
});

const ContactPatch = Type.Object(
  {
    name: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: MAX_NAME }), 'Trimmed; not blank. `null` clears it.'),
    ),
    attributes: Type.Optional(
      Type.Record(Type.String(), AttributeChange, {
        maxProperties: MAX_ATTRIBUTES,
        description: `Merged into the stored attributes: a value sets the key, \`null\` removes it, keys not named stay. Keys 1–${MAX_ATTRIBUTE_KEY} characters; at most ${MAX_ATTRIBUTES} attributes after the change.`,
      }),
    ),
    notes: Type.Optional(
      Type.String({ maxLength: MAX_NOTES, description: `Replaces the notes (≤ ${MAX_NOTES} characters).` }),
    ),
  },
  { additionalProperties: false },
);

const ContactConversation = Type.Object({
  id: Type.String(),
  channelId: Type.String(),
  channelName: Nullable(Type.String(), 'Null when the channel is being deleted.'),
  platform: Type.String(),
  status: Type.Union([
    Type.Literal('open'),
    Type.Literal('pending'),
    Type.Literal('resolved'),
    Type.Literal('snoozed'),
  ]),
  lastMessageAt: Type.String({ format: 'date-time' }),
  lastMessage: Nullable(
    Type.Object({
      direction: Type.String(),
      senderKind: Type.String(),
      private: Type.Boolean({ description: 'A note or an agent draft: never sent to the contact.' }),
      text: Nullable(Type.String()),
      contentType: Type.String(),
    }),
  ),
  unreadCount: Type.Integer({ description: 'For the signed-in user; 0 for API keys.' }),
  messageCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});

const notFound = () => new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No contact has this id.');

/**
 * `/api/v1/contacts`: people who wrote in or bought, with their identity on each platform, their
 * attributes, orders and LTV/churn figures (from `facets`); newest first, searchable. One contact
 * also shows the team's notes and the channels of its identities, is edited by agents and up (name,
 * attributes, notes) and lists its conversations (from `conversations`, the inbox's).
 */
export const contactsRoutes: FastifyPluginAsyncTypebox<{
  ctx: OmnifyContext;
  facets: ContactFacets;
  conversations: ContactConversations;
}> = async (app, { ctx, facets, conversations }) => {
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
        response: { 200: ContactDetail, ...errorResponses(404) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      const contact = await findContactDetail(ctx.db, ws, req.params.id, facets, conversations);
      if (!contact) throw notFound();
      return contact;
    },
  );

  app.patch(
    '/contacts/:id',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Change a contact (name, attributes, notes)',
        description:
          'Any of the fields; absent ones stay. An empty body changes nothing and answers the contact. Answers the contact as `GET` does.',
        params: IdParams,
        body: ContactPatch,
        response: { 200: ContactDetail, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      if (!(await updateContact(ctx.db, ws, req.params.id, req.body))) throw notFound();
      const contact = await findContactDetail(ctx.db, ws, req.params.id, facets, conversations);
      if (!contact) throw notFound();
      return contact;
    },
  );

  app.get(
    '/contacts/:id/conversations',
    {
      schema: {
        tags: ['inbox'],
        summary: "List a contact's conversations, newest activity first",
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: Page(ContactConversation), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      const id = req.params.id;
      if (!(await contactExists(ctx.db, ws, id))) throw notFound();
      const page = await conversations.page(ctx.db, ws, id, {
        limit: req.query.limit,
        cursor: req.query.cursor,
        viewer: req.principal.userId ?? null,
      });
      const names = await channelSummaries(
        ctx.db,
        ws,
        page.data.map((c) => c.channelId),
      );
      return {
        data: page.data.map((c) => ({ ...c, channelName: names.get(c.channelId)?.name ?? null })),
        nextCursor: page.nextCursor,
      };
    },
  );
};
