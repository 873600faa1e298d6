import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Database, Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { type FieldError, OmnifyError } from '../../kernel/errors/catalog.ts';
import { channelSummaries } from '../channels/channels.service.ts';
import { type ContactIdentityView, type ContactView, findContactView } from './contact-list.ts';
import { type ContactAttributes, contacts } from './contacts.schema.ts';
import type { ContactConversations, ContactFacets } from './contacts.service.ts';
import { suggestByNameAndCompany } from './merge-suggestions.ts';

/** Most custom attributes a contact holds. */
export const MAX_ATTRIBUTES = 50;
/** Longest attribute key (characters). */
export const MAX_ATTRIBUTE_KEY = 64;
/** Longest text attribute value (characters). */
export const MAX_ATTRIBUTE_TEXT = 500;
/** Longest notes (characters, as PostgreSQL's `char_length` and the JSON schema count them). */
export const MAX_NOTES = 10_000;
/** Longest name (characters). */
export const MAX_NAME = 200;

/** A channel an identity talks through. */
export interface IdentityChannel {
  id: string;
  name: string;
}

/**
 * A contact as `GET /contacts/{id}` shows it: the listed view plus the team's `notes` and, on each
 * identity, the channels of the contact's conversations on that identity's platform (latest activity
 * first; empty when it has none).
 */
export interface ContactDetail extends Omit<ContactView, 'identities'> {
  identities: Array<ContactIdentityView & { channels: IdentityChannel[] }>;
  notes: string;
}

/**
 * The change `PATCH /contacts/{id}` asks for; absent fields stay as they are. `name: null` clears the
 * name. `attributes` is merged into the stored ones: a key with a value (text, finite number or
 * boolean) sets it, a key with `null` removes it, keys not named stay. Values arrive as the JSON
 * schema let them through and are checked again by {@link patchErrors}.
 */
export interface ContactPatch {
  name?: string | null;
  attributes?: Record<string, unknown>;
  notes?: string;
}

/** Whether the workspace has contact `id` (false for a malformed id). */
export async function contactExists(db: Queryable, workspaceId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const s = scoped(db, workspaceId);
  const rows = await s.db
    .select({ id: contacts.id })
    .from(contacts)
    .where(s.where(contacts, eq(contacts.id, id)));
  return rows.length > 0;
}

/**
 * The workspace's contact `id` as {@link ContactDetail}, or null when absent (or `id` is not a
 * uuid). Figures from `facets`, channels from `conversations` (names from the channels module): four
 * queries.
 */
export async function findContactDetail(
  db: Queryable,
  workspaceId: string,
  id: string,
  facets: ContactFacets,
  conversations: ContactConversations,
): Promise<ContactDetail | null> {
  const view = await findContactView(db, workspaceId, id, facets);
  if (!view) return null;
  const [notes, activity] = await Promise.all([
    readNotes(db, workspaceId, id),
    conversations.channels(db, workspaceId, id),
  ]);
  const summaries = await channelSummaries(
    db,
    workspaceId,
    activity.map((a) => a.channelId),
  );
  const identities = view.identities.map((identity) => ({
    ...identity,
    channels: activity.flatMap((a) => {
      const c = summaries.get(a.channelId);
      return c && c.platform === identity.platform ? [{ id: a.channelId, name: c.name }] : [];
    }),
  }));
  return { ...view, identities, notes: notes ?? '' };
}

async function readNotes(db: Queryable, workspaceId: string, id: string): Promise<string | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select({ notes: contacts.notes })
    .from(contacts)
    .where(s.where(contacts, eq(contacts.id, id)));
  return row?.notes ?? null;
}

/** Whether `text` holds a C0 control character or DEL. */
const hasControl = (text: string) =>
  [...text].some((ch) => {
    const code = ch.codePointAt(0)!;
    return code < 0x20 || code === 0x7f;
  });

/** The JSON pointer of attribute `key` in the request body. */
const attributePath = (key: string) => `/body/attributes/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * The field errors of a patch (paths under `/body`): a blank or over-long name, notes over
 * {@link MAX_NOTES} characters, attribute keys that are blank, longer than
 * {@link MAX_ATTRIBUTE_KEY} characters or hold control characters, and values that are not
 * text (≤ {@link MAX_ATTRIBUTE_TEXT} characters), a finite number, a boolean or null. Empty when the
 * patch is fine. Lengths count characters (code points), as the JSON schema and PostgreSQL do.
 */
export function patchErrors(patch: ContactPatch): FieldError[] {
  const errors: FieldError[] = [];
  const length = (text: string) => [...text].length;
  if (typeof patch.name === 'string') {
    if (patch.name.trim() === '') {
      errors.push({ path: '/body/name', message: 'must not be blank (null clears the name)' });
    } else if (length(patch.name.trim()) > MAX_NAME) {
      errors.push({ path: '/body/name', message: `must be at most ${MAX_NAME} characters` });
    }
  }
  if (typeof patch.notes === 'string' && length(patch.notes) > MAX_NOTES) {
    errors.push({ path: '/body/notes', message: `must be at most ${MAX_NOTES} characters` });
  }
  for (const [key, value] of Object.entries(patch.attributes ?? {})) {
    const path = attributePath(key);
    if (key.trim() === '' || length(key) > MAX_ATTRIBUTE_KEY || hasControl(key)) {
      errors.push({
        path,
        message: `keys are 1–${MAX_ATTRIBUTE_KEY} characters, not blank, without control characters`,
      });
    } else if (typeof value === 'string') {
      if (length(value) > MAX_ATTRIBUTE_TEXT) {
        errors.push({ path, message: `must be at most ${MAX_ATTRIBUTE_TEXT} characters` });
      }
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) errors.push({ path, message: 'must be a finite number' });
    } else if (typeof value !== 'boolean' && value !== null) {
      errors.push({ path, message: 'must be text, a number, a boolean or null' });
    }
  }
  return errors;
}

/**
 * Applies `patch` to the workspace's contact `id` in one transaction: the name (trimmed), the
 * notes, and the attributes merged in one statement (so concurrent patches of different keys both
 * land), `updated_at` set. Returns false when the workspace has no such contact. Throws
 * `OMNIFY_ERR_VALIDATION` (field errors under `/body`, see {@link patchErrors}) for a bad patch and
 * when the merge would leave more than {@link MAX_ATTRIBUTES} attributes (nothing is changed then).
 * An empty patch changes nothing (not even `updated_at`). A changed name or attributes may add a
 * merge suggestion (same name and company as another contact: merge-suggestions.ts).
 */
export async function updateContact(
  db: Database,
  workspaceId: string,
  id: string,
  patch: ContactPatch,
): Promise<boolean> {
  const errors = patchErrors(patch);
  if (errors.length > 0) {
    throw new OmnifyError(
      'OMNIFY_ERR_VALIDATION',
      `The request is invalid: ${errors[0]!.path} ${errors[0]!.message}.`,
      {
        fields: errors,
      },
    );
  }
  if (!isUuid(id)) return false;
  const set: PgUpdateSetSource<typeof contacts> = {};
  if (patch.name !== undefined) set.name = patch.name === null ? null : patch.name.trim();
  if (patch.notes !== undefined) set.notes = patch.notes;
  if (patch.attributes !== undefined) {
    const put: ContactAttributes = {};
    const remove: string[] = [];
    for (const [key, value] of Object.entries(patch.attributes)) {
      if (value === null) remove.push(key);
      else put[key] = value as string | number | boolean;
    }
    set.attributes = sql`(${contacts.attributes} || ${JSON.stringify(put)}::jsonb) - ${sql.param(remove)}::text[]`;
  }
  if (Object.keys(set).length === 0) return contactExists(db, workspaceId, id);
  set.updatedAt = sql`now()`;
  return db.transaction(async (tx) => {
    const s = scoped(tx, workspaceId);
    const [row] = await s.db
      .update(contacts)
      .set(set)
      .where(s.where(contacts, eq(contacts.id, id)))
      .returning({
        attributes: sql<number>`(SELECT count(*) FROM jsonb_object_keys(${contacts.attributes}))::int`,
      });
    if (!row) return false;
    if (row.attributes > MAX_ATTRIBUTES) {
      throw new OmnifyError(
        'OMNIFY_ERR_VALIDATION',
        `A contact holds at most ${MAX_ATTRIBUTES} attributes; this change would leave ${row.attributes}.`,
        {
          fields: [{ path: '/body/attributes', message: `at most ${MAX_ATTRIBUTES} attributes per contact` }],
        },
      );
    }
    // A new name or company may make this contact look like another: suggest, never merge.
    if (patch.name !== undefined || patch.attributes !== undefined)
      await suggestByNameAndCompany(tx, workspaceId, id);
    return true;
  });
}
