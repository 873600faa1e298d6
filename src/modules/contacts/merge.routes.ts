import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses, IdParams, Page, PageQuery } from '../../kernel/http-server/schemas.ts';
import { listMerges, mergeContacts, unmergeContacts } from './contact-merge.ts';
import { contactExists } from './contact-profile.ts';
import type { ContactConversations } from './contacts.service.ts';
import { decideSuggestion, listSuggestions, lockOpenSuggestion } from './merge-suggestions.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Suggestion = Type.Object({
  id: Type.String(),
  contactId: Type.String({ description: 'The contact kept when the suggestion is accepted.' }),
  otherContactId: Type.String({ description: 'The contact merged into `contactId` when accepted.' }),
  contactName: Nullable(Type.String()),
  otherContactName: Nullable(Type.String()),
  confidence: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'How likely the two are one person (0–1).',
  }),
  reasonCode: Type.String({
    description:
      'strong_key_conflict, same_verified_key, auto_link_undone, webchat_email, email_in_message, phone_in_message, unverified_phone or same_name_company.',
  }),
  reason: Type.String({ description: 'Why, in words a person can check.' }),
  status: Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('dismissed')]),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  decidedBy: Nullable(Type.String()),
});

const ActorKind = Type.Union([Type.Literal('user'), Type.Literal('api-key'), Type.Literal('system')], {
  description: 'Who `mergedBy` / `unmergedBy` is (null on records from before this was kept).',
});

const Merge = Type.Object({
  id: Type.String(),
  targetContactId: Type.String({ description: 'The contact kept.' }),
  sourceContactId: Type.String({ description: 'The contact emptied into the target (hidden while merged).' }),
  targetName: Nullable(Type.String()),
  sourceName: Nullable(Type.String()),
  reason: Type.String(),
  suggestionId: Nullable(Type.String()),
  automatic: Type.Boolean({
    description:
      'An automatic link: a new identity joined the target on a strong match (same vouched phone or e-mail). Unmerging it detaches the identity.',
  }),
  mergedBy: Type.String({ description: 'The user or API key id that merged, or `system` (automatic link).' }),
  mergedByKind: Nullable(ActorKind),
  mergedAt: Type.String({ format: 'date-time' }),
  moved: Type.Object({ identities: Type.Integer(), conversations: Type.Integer(), segments: Type.Integer() }),
  unmergedAt: Nullable(Type.String({ format: 'date-time' })),
  unmergedBy: Nullable(Type.String()),
  unmergedByKind: Nullable(ActorKind),
  unmergeReason: Nullable(Type.String()),
});

const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'Why, for the audit trail.' });
const Status = Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('dismissed')], {
  default: 'open',
});

/**
 * Merging contacts that are one person, and undoing it (docs/contacts.md, "One person across
 * channels"): merge suggestions (workspace-wide and per contact; accept = merge, dismiss), a merge
 * of any two contacts, a contact's merge history, and unmerge. Every merge and unmerge is audited
 * (who, when, why, what moved) and an unmerge restores exactly what the merge moved. `conversations`
 * is the inbox's extension point that moves a contact's conversations.
 */
export const mergeRoutes: FastifyPluginAsyncTypebox<{
  ctx: OmnifyContext;
  conversations: ContactConversations;
}> = async (app, { ctx, conversations }) => {
  const mustExist = async (workspaceId: string, id: string) => {
    if (!(await contactExists(ctx.db, workspaceId, id)))
      throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No such contact.');
  };

  app.get(
    '/merge-suggestions',
    {
      schema: {
        tags: ['contacts'],
        summary: 'List merge suggestions',
        description:
          'Contacts that may be one person, by a signal weaker than automatic linking (same vouched phone or e-mail), newest first.',
        querystring: Type.Object({ status: Status, ...PageQuery }),
        response: { 200: Page(Suggestion), ...errorResponses(400) },
      },
    },
    async (req) =>
      listSuggestions(ctx.db, req.principal.workspaceId, {
        status: req.query.status,
        limit: req.query.limit,
        cursor: req.query.cursor,
      }),
  );

  app.get(
    '/contacts/:id/merge-suggestions',
    {
      schema: {
        tags: ['contacts'],
        summary: "List a contact's merge suggestions",
        params: IdParams,
        querystring: Type.Object({ status: Status, ...PageQuery }),
        response: { 200: Page(Suggestion), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      await mustExist(req.principal.workspaceId, req.params.id);
      return listSuggestions(ctx.db, req.principal.workspaceId, {
        status: req.query.status,
        contactId: req.params.id,
        limit: req.query.limit,
        cursor: req.query.cursor,
      });
    },
  );

  const SuggestionParams = Type.Object({ id: Type.String(), suggestionId: Type.String() });

  app.post(
    '/contacts/:id/merge-suggestions/:suggestionId/accept',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Accept a merge suggestion (merges the two contacts)',
        params: SuggestionParams,
        body: Type.Object({ reason: Type.Optional(Reason) }),
        response: { 201: Merge, ...errorResponses(400, 404, 409) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      if (!isUuid(req.params.id) || !isUuid(req.params.suggestionId))
        throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No such merge suggestion for this contact.');
      const merge = await ctx.db.transaction(async (tx) => {
        const s = await lockOpenSuggestion(tx, ws, req.params.id, req.params.suggestionId);
        await decideSuggestion(tx, s.id, 'accepted', req.principal.actorId);
        return mergeContacts(tx, ws, conversations, {
          targetId: s.contactId,
          sourceId: s.otherContactId,
          reason: req.body.reason ?? `Accepted suggestion: ${s.reason}`,
          actor: req.principal.actorId,
          actorKind: kindOf(req.principal),
          suggestionId: s.id,
        });
      });
      return reply.status(201).send(merge);
    },
  );

  app.post(
    '/contacts/:id/merge-suggestions/:suggestionId/dismiss',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Dismiss a merge suggestion',
        params: SuggestionParams,
        response: { 204: Type.Null(), ...errorResponses(404, 409) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      if (!isUuid(req.params.id) || !isUuid(req.params.suggestionId))
        throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No such merge suggestion for this contact.');
      await ctx.db.transaction(async (tx) => {
        const s = await lockOpenSuggestion(tx, ws, req.params.id, req.params.suggestionId);
        await decideSuggestion(tx, s.id, 'dismissed', req.principal.actorId);
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/contacts/:id/merges',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Merge another contact into this one',
        description:
          "Moves the other contact's identities, conversations and segment memberships here and hides it; `POST /contacts/{id}/merges/{mergeId}/unmerge` undoes it exactly.",
        params: IdParams,
        body: Type.Object({ sourceContactId: Type.String({ format: 'uuid' }), reason: Reason }),
        response: { 201: Merge, ...errorResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      await mustExist(ws, req.params.id);
      const merge = await ctx.db.transaction((tx) =>
        mergeContacts(tx, ws, conversations, {
          targetId: req.params.id,
          sourceId: req.body.sourceContactId,
          reason: req.body.reason,
          actor: req.principal.actorId,
          actorKind: kindOf(req.principal),
        }),
      );
      return reply.status(201).send(merge);
    },
  );

  app.get(
    '/contacts/:id/merges',
    {
      schema: {
        tags: ['contacts'],
        summary: "A contact's merges (either side), newest first",
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(Merge) }), ...errorResponses(404) },
      },
    },
    async (req) => {
      await mustExist(req.principal.workspaceId, req.params.id);
      return { data: await listMerges(ctx.db, req.principal.workspaceId, req.params.id) };
    },
  );

  app.post(
    '/contacts/:id/merges/:mergeId/unmerge',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Undo a merge, or detach an automatically linked identity',
        description:
          'Restores exactly what the merge moved; the merge record keeps who undid it, when and why. For an automatic link (`automatic: true`) this detaches the identity: it goes back to a contact of its own with the conversations that came with it, and its next message makes a merge suggestion instead of linking again.',
        params: Type.Object({ id: Type.String(), mergeId: Type.String() }),
        body: Type.Object({ reason: Reason }),
        response: { 200: Merge, ...errorResponses(400, 404, 409) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      if (!isUuid(req.params.id) || !isUuid(req.params.mergeId))
        throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No such merge of this contact.');
      return ctx.db.transaction((tx) =>
        unmergeContacts(tx, ws, conversations, {
          contactId: req.params.id,
          mergeId: req.params.mergeId,
          reason: req.body.reason,
          actor: req.principal.actorId,
          actorKind: kindOf(req.principal),
        }),
      );
    },
  );
};

/** Who the request's actor is, for the merge audit. */
const kindOf = (p: { apiKeyId: string | null }): 'user' | 'api-key' => (p.apiKeyId ? 'api-key' : 'user');
