import { Type } from '@sinclair/typebox';
import { TEMPLATE_VARIABLES } from './template-variables.ts';

/** The templates module's request and response schemas (TypeBox → JSON Schema → OpenAPI). */

const VARIABLES = TEMPLATE_VARIABLES.map((v) => `\`{{${v}}}\``).join(', ');

export const Shortcode = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^[A-Za-z0-9_-]{1,40}$',
  description:
    'What the user types after `/` in the composer: 1–40 letters, digits, `_` or `-`; stored lower-case and unique per workspace (case-insensitively).',
  examples: ['greeting'],
});

export const Title = Type.String({
  maxLength: 200,
  description: 'An optional label shown next to the shortcode; empty or blank means none.',
});

export const Content = Type.String({
  minLength: 1,
  maxLength: 4000,
  pattern: '\\S',
  description: `The message, 1–4,000 characters (trimmed). It may hold the variables ${VARIABLES}, filled in when the template is inserted (an unknown value becomes empty); any other \`{{name}}\` is refused with 400.`,
  examples: ['Hi {{contact.first_name}}, thanks for writing to {{workspace.name}}!'],
});

/** A template as the API answers it (a named component schema, `components.schemas.Template`). */
export const TemplateSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    shortcode: Type.String({ description: 'Lower-case; typed after `/` in the composer.' }),
    title: Type.Union([Type.String(), Type.Null()]),
    content: Type.String({ description: 'With its `{{variables}}` unrendered.' }),
    createdByUserId: Type.Union([Type.String(), Type.Null()], {
      description: 'The user who created it; null when an API key did (or the user was deleted).',
    }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  {
    $id: 'Template',
    description: 'A canned response (template): a reusable message inserted with `/shortcode`.',
  },
);

export const CreateTemplateBody = Type.Object(
  {
    shortcode: Shortcode,
    title: Type.Optional(Type.Union([Title, Type.Null()])),
    content: Content,
  },
  { additionalProperties: false },
);

export const UpdateTemplateBody = Type.Object(
  {
    shortcode: Type.Optional(Shortcode),
    title: Type.Optional(Type.Union([Title, Type.Null()], { description: 'null or "" removes the title.' })),
    content: Type.Optional(Content),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListTemplatesQuery = {
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'Case-insensitive: a shortcode starting with it (a leading `/` is ignored), or a title or content containing it.',
    }),
  ),
};
