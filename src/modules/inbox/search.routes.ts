import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { errorResponses, Page, PageQuery } from '../../kernel/http-server/schemas.ts';
import { searchMessages } from './search.repository.ts';

const SnippetPart = Type.Object({
  text: Type.String(),
  hit: Type.Boolean({ description: 'True for a word that matched the query.' }),
});

const MessageHit = Type.Object({
  messageId: Type.String(),
  conversationId: Type.String(),
  channelId: Type.String(),
  platform: Type.String({ description: "The channel's platform." }),
  contact: Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
  direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  senderKind: Type.Union([
    Type.Literal('contact'),
    Type.Literal('user'),
    Type.Literal('agent'),
    Type.Literal('system'),
  ]),
  private: Type.Boolean({ description: 'A private note of the team: never sent to the contact.' }),
  contentType: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  snippet: Type.Array(SnippetPart, {
    description:
      'The best passage of the text (about 30 words) in parts, matches marked `hit`; `… ` / ` …` parts where text is left out. Plain text: render it as text, never as HTML.',
  }),
});

/**
 * `GET /api/v1/search/messages`: full-text search over every message of the workspace (inbound,
 * outbound and private notes, no date limit), newest first, cursor-paginated, with highlighted
 * snippets (search.repository.ts; the index is migration 005).
 */
export const searchRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.get(
    '/search/messages',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Search messages',
        description: [
          "Full-text search over all of the workspace's messages: inbound, outbound and private notes, without a date limit, newest first.",
          'Words are matched whole and case-insensitively in any language (no stemming); the last word typed also matches as a prefix (`order` finds `orders`).',
          'Web-search syntax: words are ANDed, `"a phrase"` matches words in order, `-word` excludes, `or` between words matches either.',
          'A query with no word to look for (only punctuation, or only exclusions) answers an empty page.',
        ].join(' '),
        querystring: Type.Object({
          q: Type.String({
            minLength: 1,
            maxLength: 200,
            description: 'What to look for (web-search syntax).',
          }),
          ...PageQuery,
        }),
        response: { 200: Page(MessageHit), ...errorResponses(400) },
      },
    },
    async (req) =>
      searchMessages(ctx.db, {
        workspaceId: req.principal.workspaceId,
        // Already cleaned by the edge sanitizer (NUL removed, lone surrogates → U+FFFD).
        q: req.query.q,
        limit: req.query.limit,
        cursor: req.query.cursor,
      }),
  );
};
