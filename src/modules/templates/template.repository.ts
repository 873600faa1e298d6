import { eq, ilike, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { keyset, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { readCursor } from '../../kernel/http-server/schemas.ts';
import { sanitizeText } from '../../kernel/sanitize/text.ts';
import { templates } from './templates.schema.ts';

/**
 * A template (canned response) as the API shows it: `shortcode` lower-case, `title` null when none,
 * `content` with its `{{variables}}` unrendered, `createdByUserId` null when an API key created it
 * (or the user was deleted); times ISO 8601 UTC.
 */
export interface TemplateRecord {
  id: string;
  shortcode: string;
  title: string | null;
  content: string;
  createdByUserId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a new template holds (already validated: shortcode lower-case, variables known). */
export interface NewTemplate {
  shortcode: string;
  title: string | null;
  content: string;
  createdByUserId: string | null;
}

/** The fields a change may set; undefined leaves a field as it is (`title: null` clears it). */
export type TemplatePatch = Partial<Pick<NewTemplate, 'shortcode' | 'title' | 'content'>>;

/** Answer of a write that may hit the per-workspace shortcode uniqueness. */
export type WriteResult = { ok: true; template: TemplateRecord } | { ok: false; reason: 'duplicate' };

const columns = {
  id: templates.id,
  shortcode: templates.shortcode,
  title: templates.title,
  content: templates.content,
  createdByUserId: templates.createdByUserId,
  createdAt: templates.createdAt,
  updatedAt: templates.updatedAt,
};

function toRecord(r: {
  id: string;
  shortcode: string;
  title: string | null;
  content: string;
  createdByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}): TemplateRecord {
  return {
    id: r.id,
    shortcode: r.shortcode,
    title: r.title,
    content: r.content,
    createdByUserId: r.createdByUserId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** True when `e` (or an error it wraps) is PostgreSQL's unique violation (SQLSTATE 23505). */
function isUniqueViolation(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const err = e as { code?: unknown; cause?: unknown };
  return err.code === '23505' || isUniqueViolation(err.cause, depth + 1);
}

/** A stored shortcode (the table's CHECK). */
const SHORTCODE = /^[a-z0-9_-]{1,40}$/;

/** `s` with LIKE's wildcards (`%`, `_`) and its escape (`\`) made literal. */
const literalLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The workspace's template `id`; null when absent or `id` is not a uuid. */
export async function findTemplate(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<TemplateRecord | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select(columns)
    .from(templates)
    .where(s.where(templates, eq(templates.id, id)));
  return row ? toRecord(row) : null;
}

/**
 * One page of the workspace's templates sorted by shortcode (keyset on shortcode, id; a bad cursor
 * is a 400 field error on `/querystring/cursor`). `q` (case-insensitive) matches a shortcode
 * starting with it (a leading `/` is ignored, as typed in the composer) or a title or content
 * containing it; `%`, `_` and `\` are literal.
 */
export async function listTemplates(
  db: Queryable,
  workspaceId: string,
  f: { q?: string; limit: number; cursor?: string },
): Promise<{ data: TemplateRecord[]; nextCursor: string | null }> {
  // The keyset compares the cursor's position as a shortcode and its id as a uuid: a forged cursor
  // holding anything else (a NUL, a non-uuid) would be a database error, so it is a 400 here.
  const cur = readCursor(f.cursor);
  if (cur && (!isUuid(cur.id) || !SHORTCODE.test(cur.at))) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The cursor is not valid.', {
      fields: [{ path: '/querystring/cursor', message: 'not a cursor of this list' }],
    });
  }
  const k = keyset({
    sort: templates.shortcode,
    id: templates.id,
    sortType: 'text',
    order: 'asc',
    limit: f.limit,
    cursor: f.cursor,
  });
  // Sanitized here too: the edge sanitizer does not reach query strings (their objects are not plain).
  const q = f.q === undefined ? undefined : sanitizeText(f.q).trim().replace(/^\//, '');
  const search = q
    ? or(
        sql`${templates.shortcode} LIKE ${`${literalLike(q.toLowerCase())}%`}`,
        ilike(templates.title, `%${literalLike(q)}%`),
        ilike(templates.content, `%${literalLike(q)}%`),
      )
    : undefined;
  const s = scoped(db, workspaceId);
  const rows = await s.db
    .select({ ...columns, pageAt: k.pageAt })
    .from(templates)
    .where(s.where(templates, search, k.after))
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return k.page(rows, toRecord);
}

/** Inserts a template; `{ok: false, reason: 'duplicate'}` when the workspace already has its shortcode. */
export async function insertTemplate(
  db: Queryable,
  workspaceId: string,
  t: NewTemplate,
): Promise<WriteResult> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .insert(templates)
    .values(
      s.values({
        shortcode: t.shortcode,
        title: t.title,
        content: t.content,
        createdByUserId: t.createdByUserId,
      }),
    )
    .onConflictDoNothing({ target: [templates.workspaceId, templates.shortcode] })
    .returning(columns);
  return row ? { ok: true, template: toRecord(row) } : { ok: false, reason: 'duplicate' };
}

/**
 * Applies `patch` to the workspace's template `id` (and sets `updated_at`); null when absent,
 * `{ok: false, reason: 'duplicate'}` when the new shortcode is another template's.
 */
export async function updateTemplate(
  db: Queryable,
  workspaceId: string,
  id: string,
  patch: TemplatePatch,
): Promise<WriteResult | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  try {
    const [row] = await s.db
      .update(templates)
      .set({ shortcode: patch.shortcode, title: patch.title, content: patch.content, updatedAt: sql`now()` })
      .where(s.where(templates, eq(templates.id, id)))
      .returning(columns);
    return row ? { ok: true, template: toRecord(row) } : null;
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'duplicate' };
    throw e;
  }
}

/** Deletes the workspace's template `id`; false when absent. */
export async function deleteTemplate(db: Queryable, workspaceId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const s = scoped(db, workspaceId);
  const gone = await s.db
    .delete(templates)
    .where(s.where(templates, eq(templates.id, id)))
    .returning({ id: templates.id });
  return gone.length > 0;
}
