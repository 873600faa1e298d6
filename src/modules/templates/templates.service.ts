import type { Queryable } from '../../kernel/db/database.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import {
  deleteTemplate,
  findTemplate,
  insertTemplate,
  type TemplatePatch,
  type TemplateRecord,
  updateTemplate,
  type WriteResult,
} from './template.repository.ts';
import { assertKnownVariables } from './template-variables.ts';

/**
 * The templates module (canned responses): what its routes and other modules use. Inputs arrive
 * sanitized and shape-checked by the route schemas; here they are normalized (shortcode folded to
 * lower case; title and content trimmed, an empty title is none) and the
 * content's `{{variables}}` checked.
 */
export { findTemplate, listTemplates, type TemplateRecord } from './template.repository.ts';
export { TEMPLATE_VARIABLES, type TemplateVariable } from './template-variables.ts';

/** What a caller gives to create a template (see {@link createTemplate}). */
export interface TemplateInput {
  shortcode: string;
  title?: string | null;
  content: string;
}

/** The shortcode as stored: lower case (shortcodes are unique per workspace case-insensitively). */
export const normalizeShortcode = (s: string) => s.toLowerCase();

const normalizeTitle = (t: string | null | undefined) => {
  if (t === undefined) return undefined;
  const v = t?.trim();
  return v ? v : null;
};

/** 409 `OMNIFY_ERR_CONFLICT` naming the shortcode, with the field error on `/body/shortcode`. */
function duplicate(shortcode: string): OmnifyError {
  return new OmnifyError(
    'OMNIFY_ERR_CONFLICT',
    `A canned response with the shortcode "${shortcode}" already exists.`,
    {
      fields: [{ path: '/body/shortcode', message: 'already used by another canned response' }],
      reason: 'template_shortcode_taken',
    },
  );
}

function unwrapWrite(r: WriteResult, shortcode: string): TemplateRecord {
  if (!r.ok) throw duplicate(shortcode);
  return r.template;
}

/**
 * Creates a template in workspace `workspaceId`, recording `createdByUserId` (null for an API key).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` (400) when the content refers to an unknown variable
 *   or is empty once trimmed; `OMNIFY_ERR_CONFLICT` (409, `details.reason`
 *   `template_shortcode_taken`) when the workspace already has the shortcode (case-insensitively).
 */
export async function createTemplate(
  db: Queryable,
  workspaceId: string,
  input: TemplateInput,
  createdByUserId: string | null,
): Promise<TemplateRecord> {
  const shortcode = normalizeShortcode(input.shortcode);
  const content = input.content.trim();
  assertContent(content);
  const r = await insertTemplate(db, workspaceId, {
    shortcode,
    title: normalizeTitle(input.title) ?? null,
    content,
    createdByUserId,
  });
  return unwrapWrite(r, shortcode);
}

/**
 * Changes the workspace's template `id`: only the fields given (`title: null` or `""` removes the
 * title). Errors as {@link createTemplate}, and `OMNIFY_ERR_NOT_FOUND` (404) for a template that is
 * not the workspace's.
 */
export async function changeTemplate(
  db: Queryable,
  workspaceId: string,
  id: string,
  input: Partial<TemplateInput>,
): Promise<TemplateRecord> {
  const patch: TemplatePatch = {
    shortcode: input.shortcode === undefined ? undefined : normalizeShortcode(input.shortcode),
    title: normalizeTitle(input.title),
    content: input.content?.trim(),
  };
  if (patch.content !== undefined) assertContent(patch.content);
  const r = await updateTemplate(db, workspaceId, id, patch);
  if (!r) throw notFound();
  return unwrapWrite(r, patch.shortcode ?? '');
}

/** Deletes the workspace's template `id`; `OMNIFY_ERR_NOT_FOUND` (404) when it has none. */
export async function removeTemplate(db: Queryable, workspaceId: string, id: string): Promise<void> {
  if (!(await deleteTemplate(db, workspaceId, id))) throw notFound();
}

/** The workspace's template `id`; `OMNIFY_ERR_NOT_FOUND` (404) when it has none. */
export async function getTemplate(db: Queryable, workspaceId: string, id: string): Promise<TemplateRecord> {
  const t = await findTemplate(db, workspaceId, id);
  if (!t) throw notFound();
  return t;
}

const notFound = () => new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No canned response has this id.');

function assertContent(content: string): void {
  if (!content) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The content is empty.', {
      fields: [{ path: '/body/content', message: 'must not be empty' }],
    });
  }
  assertKnownVariables(content);
}
