import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { errorResponses, IdParams, Page, PageQuery } from '../../kernel/http-server/schemas.ts';
import { CreateTemplateBody, ListTemplatesQuery, TemplateSchema, UpdateTemplateBody } from './api-schemas.ts';
import {
  changeTemplate,
  createTemplate,
  getTemplate,
  listTemplates,
  removeTemplate,
} from './templates.service.ts';

/**
 * `/api/v1/templates`: the workspace's canned responses (docs/inbox.md, "Canned responses"). Every
 * member reads them (the composer's `/` picker); admins and owners create, change and delete them
 * (src/modules/workspaces/access.ts). A duplicate shortcode is 409 `OMNIFY_ERR_CONFLICT`
 * (`details.reason: template_shortcode_taken`), an unknown `{{variable}}` 400 naming it and the
 * allowed ones.
 */
export const templatesRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  const Template = Type.Ref(TemplateSchema.$id!);

  app.get(
    '/templates',
    {
      schema: {
        tags: ['templates'],
        summary: 'List canned responses, by shortcode',
        querystring: Type.Object({ ...PageQuery, ...ListTemplatesQuery }),
        response: { 200: Page(Template), ...errorResponses(400) },
      },
    },
    async (req) => listTemplates(ctx.db, req.principal.workspaceId, req.query),
  );

  app.post(
    '/templates',
    {
      schema: {
        tags: ['templates'],
        summary: 'Create a canned response',
        body: CreateTemplateBody,
        response: { 201: Template, ...errorResponses(400, 409) },
      },
    },
    async (req, reply) => {
      const t = await createTemplate(ctx.db, req.principal.workspaceId, req.body, req.principal.userId);
      return reply.status(201).send(t);
    },
  );

  app.get(
    '/templates/:id',
    {
      schema: {
        tags: ['templates'],
        summary: 'Get a canned response',
        params: IdParams,
        response: { 200: Template, ...errorResponses(404) },
      },
    },
    async (req) => getTemplate(ctx.db, req.principal.workspaceId, req.params.id),
  );

  app.patch(
    '/templates/:id',
    {
      schema: {
        tags: ['templates'],
        summary: 'Change a canned response (only the fields sent)',
        params: IdParams,
        body: UpdateTemplateBody,
        response: { 200: Template, ...errorResponses(400, 404, 409) },
      },
    },
    async (req) => changeTemplate(ctx.db, req.principal.workspaceId, req.params.id, req.body),
  );

  app.delete(
    '/templates/:id',
    {
      schema: {
        tags: ['templates'],
        summary: 'Delete a canned response',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      await removeTemplate(ctx.db, req.principal.workspaceId, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
