/**
 * Filling in a canned response's `{{variables}}` when it is inserted in the composer. Pure: no
 * React, no I/O. The variables are the API's (src/modules/templates/template-variables.ts keeps the
 * same list; its test holds the two together and tests this file).
 */

/** The variables a template may hold, as the API accepts them. */
export const TEMPLATE_VARIABLES = [
  'contact.name',
  'contact.first_name',
  'user.name',
  'workspace.name',
] as const;

/** One of {@link TEMPLATE_VARIABLES}. */
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/**
 * What the variables are filled from: the conversation's contact, the signed-in user and the
 * workspace. Any of them may be missing or null (a contact without a name).
 */
export interface TemplateContext {
  contact?: { name?: string | null } | null;
  user?: { name?: string | null } | null;
  workspace?: { name?: string | null } | null;
}

/** `{{name}}` with optional spaces inside the braces; the same pattern as the API's check. */
const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The first word of a name (`"Ana María López"` → `"Ana"`); empty for a missing or blank name. */
export function firstName(name: string | null | undefined): string {
  return name?.trim().split(/\s+/)[0] ?? '';
}

/** The value of each variable in `ctx` (trimmed; empty when unknown). */
export function templateValues(ctx: TemplateContext): Record<TemplateVariable, string> {
  return {
    'contact.name': ctx.contact?.name?.trim() ?? '',
    'contact.first_name': firstName(ctx.contact?.name),
    'user.name': ctx.user?.name?.trim() ?? '',
    'workspace.name': ctx.workspace?.name?.trim() ?? '',
  };
}

/**
 * `content` with every `{{variable}}` replaced by its value from `ctx`. A variable that is unknown,
 * or whose value is missing, renders as the empty string — never as the raw `{{…}}`. Text that is
 * not a variable reference (a lone `{{`, `{` or `}`) is left as it is.
 */
export function renderTemplate(content: string, ctx: TemplateContext): string {
  const values: Record<string, string> = templateValues(ctx);
  return content.replace(VARIABLE, (_, name: string) => (Object.hasOwn(values, name) ? values[name]! : ''));
}
