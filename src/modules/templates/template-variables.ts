import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { FieldError } from '../../kernel/http-server/validation-errors.ts';

/**
 * The `{{variables}}` a template's content may hold. The web app fills them in when a template is
 * inserted in the composer (web/src/features/templates/render.ts keeps the same list; the
 * `template-variables.test.ts` test holds the two together): the conversation's contact, the
 * signed-in user and the workspace. A value that is unknown at insertion renders as nothing.
 */
export const TEMPLATE_VARIABLES = [
  'contact.name',
  'contact.first_name',
  'user.name',
  'workspace.name',
] as const;

/** One of {@link TEMPLATE_VARIABLES}. */
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/**
 * A variable reference: `{{name}}` with optional spaces inside the braces (`{{ contact.name }}`).
 * The same pattern as the web app's renderer; text between the braces may not hold a brace.
 */
const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The variable names `content` refers to, in order of appearance, each once. */
export function variablesIn(content: string): string[] {
  return [...new Set([...content.matchAll(VARIABLE)].map((m) => m[1]!))];
}

const allowed = new Set<string>(TEMPLATE_VARIABLES);

/**
 * Throws `OMNIFY_ERR_VALIDATION` (400) when `content` refers to a variable that is not in
 * {@link TEMPLATE_VARIABLES}: the message names the unknown variable(s) and the allowed ones; the
 * field error (`path`, default `/body/content`) carries them as `allowed`, and `details.unknown`
 * lists the unknown names.
 */
export function assertKnownVariables(content: string, path = '/body/content'): void {
  const unknown = variablesIn(content).filter((v) => !allowed.has(v));
  if (unknown.length === 0) return;
  const list = (names: readonly string[]) => names.map((n) => `{{${n}}}`).join(', ');
  const field: FieldError = {
    path,
    message: `unknown variable ${list(unknown)}`,
    allowed: TEMPLATE_VARIABLES.map((n) => `{{${n}}}`),
  };
  throw new OmnifyError(
    'OMNIFY_ERR_VALIDATION',
    `Unknown variable${unknown.length > 1 ? 's' : ''} ${list(unknown)}: a template may use ${list(TEMPLATE_VARIABLES)}.`,
    { fields: [field], unknown },
  );
}
