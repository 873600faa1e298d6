import type { Queryable } from '../../kernel/db/database.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { keysetPage, readCursor } from '../../kernel/http-server/schemas.ts';

/**
 * Signals that two contacts may be one person, weaker than automatic linking's exact keys, with the
 * confidence (0–1) each gets. Values are ours, ordered by how often each signal is right in
 * practice (an address the person typed beats a shared name); a person always decides.
 */
export const SUGGESTION_CONFIDENCE = {
  /** An identity whose automatic link (a vouched key) a person undid wrote again. */
  auto_link_undone: 0.9,
  /** A web-chat visitor gave an e-mail another contact has. */
  webchat_email: 0.85,
  /** An e-mail address typed in a message is another contact's. */
  email_in_message: 0.8,
  /** A phone number typed in a message is another contact's. */
  phone_in_message: 0.75,
  /** A phone number a platform gives without vouching for it (Respond.io) is another contact's. */
  unverified_phone: 0.7,
  /** Same name and same company attribute. */
  same_name_company: 0.5,
} as const;

/** A platform as reasons name it (`twilio` is SMS or WhatsApp through Twilio). */
export function platformName(platform: string): string {
  const names: Record<string, string> = {
    whatsapp: 'WhatsApp',
    telegram: 'Telegram',
    slack: 'Slack',
    discord: 'Discord',
    instagram: 'Instagram',
    messenger: 'Messenger',
    twilio: 'Twilio (SMS)',
    email: 'e-mail',
    respondio: 'Respond.io',
    webchat: 'web chat',
    teams: 'Teams',
    webhook: 'the webhook channel',
  };
  return names[platform] ?? platform;
}

/** One open or decided suggestion, as the API shows it (times ISO 8601 UTC). */
export interface MergeSuggestion {
  id: string;
  contactId: string;
  otherContactId: string;
  /** The two contacts' names (null when unnamed), for a list that shows who is who. */
  contactName: string | null;
  otherContactName: string | null;
  confidence: number;
  reasonCode: string;
  reason: string;
  status: 'open' | 'accepted' | 'dismissed';
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

const COLUMNS = `id, contact_id AS "contactId", other_contact_id AS "otherContactId", confidence, reason_code AS "reasonCode",
  reason, status, created_at AS "createdAt", decided_at AS "decidedAt", decided_by AS "decidedBy",
  (SELECT n.name FROM contacts n WHERE n.id = contact_id) AS "contactName",
  (SELECT n.name FROM contacts n WHERE n.id = other_contact_id) AS "otherContactName"`;

type Row = Omit<MergeSuggestion, 'createdAt' | 'decidedAt'> & { createdAt: Date; decidedAt: Date | null };
const toView = (r: Row): MergeSuggestion => ({
  ...r,
  confidence: Math.round(Number(r.confidence) * 100) / 100,
  createdAt: r.createdAt.toISOString(),
  decidedAt: r.decidedAt?.toISOString() ?? null,
});

/**
 * Records that `otherContactId` may be the same person as `contactId` (accepting merges the other
 * into the contact), unless an open suggestion for the pair exists, either way round, or the two
 * are the same contact. In the caller's transaction. Returns whether one was added.
 */
export async function suggestMerge(
  tx: Queryable,
  workspaceId: string,
  s: { contactId: string; otherContactId: string; confidence: number; code: string; reason: string },
): Promise<boolean> {
  if (s.contactId === s.otherContactId) return false;
  const r = await tx.query(
    `INSERT INTO contact_merge_suggestions (workspace_id, contact_id, other_contact_id, confidence, reason_code, reason)
     SELECT $1, $2, $3, $4, $5, $6
      WHERE EXISTS (SELECT 1 FROM contacts WHERE id = $2 AND workspace_id = $1 AND merged_into IS NULL)
        AND EXISTS (SELECT 1 FROM contacts WHERE id = $3 AND workspace_id = $1 AND merged_into IS NULL)
     ON CONFLICT DO NOTHING`,
    [workspaceId, s.contactId, s.otherContactId, s.confidence, s.code, s.reason.slice(0, 500)],
  );
  return (r.rowCount ?? 0) > 0;
}

/**
 * Suggests merging contact `contactId` with every other visible contact that has `email`
 * (normalized) on an identity or as its own e-mail: `code` is {@link SUGGESTION_CONFIDENCE}'s key,
 * `reason(name)` the words shown, given the other contact's name. Returns how many were added.
 */
export async function suggestByEmail(
  tx: Queryable,
  workspaceId: string,
  contactId: string,
  email: string,
  code: keyof typeof SUGGESTION_CONFIDENCE,
  reason: (otherName: string) => string,
): Promise<number> {
  const others = await tx.query<{ id: string; name: string | null }>(
    `SELECT c.id, c.name FROM contacts c
      WHERE c.workspace_id = $1 AND c.merged_into IS NULL AND c.id <> $2
        AND (lower(c.email) = $3 OR EXISTS (SELECT 1 FROM identities i
              WHERE i.workspace_id = $1 AND i.email = $3 AND i.contact_id = c.id))
      ORDER BY c.created_at, c.id LIMIT 5`,
    [workspaceId, contactId, email],
  );
  let added = 0;
  for (const o of others.rows) {
    if (
      await suggestMerge(tx, workspaceId, {
        contactId: o.id,
        otherContactId: contactId,
        confidence: SUGGESTION_CONFIDENCE[code],
        code,
        reason: reason(o.name ?? email),
      })
    )
      added++;
  }
  return added;
}

/**
 * Suggests merging `contactId` with visible contacts of the same name (case and spacing ignored)
 * and the same `company` attribute (text, case ignored). For a contact whose name or attributes
 * just changed. Returns how many were added.
 */
export async function suggestByNameAndCompany(
  tx: Queryable,
  workspaceId: string,
  contactId: string,
): Promise<number> {
  const others = await tx.query<{ id: string; name: string; company: string }>(
    `SELECT o.id, o.name, o.attributes->>'company' AS company FROM contacts me JOIN contacts o
        ON o.workspace_id = me.workspace_id AND o.id <> me.id AND o.merged_into IS NULL
       AND lower(regexp_replace(btrim(o.name), '\\s+', ' ', 'g')) = lower(regexp_replace(btrim(me.name), '\\s+', ' ', 'g'))
       AND lower(btrim(o.attributes->>'company')) = lower(btrim(me.attributes->>'company'))
      WHERE me.id = $2 AND me.workspace_id = $1 AND me.merged_into IS NULL
        AND me.name IS NOT NULL AND btrim(me.attributes->>'company') <> ''
      ORDER BY o.created_at, o.id LIMIT 5`,
    [workspaceId, contactId],
  );
  let added = 0;
  for (const o of others.rows) {
    if (
      await suggestMerge(tx, workspaceId, {
        contactId: o.id,
        otherContactId: contactId,
        confidence: SUGGESTION_CONFIDENCE.same_name_company,
        code: 'same_name_company',
        reason: `Same name (${o.name}) and company (${o.company}).`,
      })
    )
      added++;
  }
  return added;
}

/**
 * A page of the workspace's suggestions in `status`, newest first, or those involving `contactId`
 * (either side). Keyset on (created_at, id); a bad cursor → `OMNIFY_ERR_VALIDATION`.
 */
export async function listSuggestions(
  db: Queryable,
  workspaceId: string,
  p: { status: 'open' | 'accepted' | 'dismissed'; contactId?: string; limit: number; cursor?: string },
): Promise<{ data: MergeSuggestion[]; nextCursor: string | null }> {
  const after = readCursor(p.cursor);
  if (after && (!isUuid(after.id) || !/^\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:?\d\d)?|Z)?$/.test(after.at)))
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The cursor is not valid.', {
      fields: [{ path: '/querystring/cursor', message: 'unknown cursor' }],
    });
  const r = await db.query<Row & { at: string }>(
    `SELECT ${COLUMNS}, created_at::text AS at FROM contact_merge_suggestions s
      WHERE workspace_id = $1 AND status = $2
        AND ($3::uuid IS NULL OR contact_id = $3 OR other_contact_id = $3)
        AND ($4::timestamptz IS NULL OR (created_at, id) < ($4, $5::uuid))
        AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id IN (s.contact_id, s.other_contact_id) AND c.merged_into IS NOT NULL
                          AND s.status = 'open')
      ORDER BY created_at DESC, id DESC LIMIT $6`,
    [workspaceId, p.status, p.contactId ?? null, after?.at ?? null, after?.id ?? null, p.limit + 1],
  );
  return keysetPage(
    r.rows,
    p.limit,
    (row) => ({ at: row.at, id: row.id }),
    ({ at: _, ...row }) => toView(row),
  );
}

/**
 * Locks and returns open suggestion `id` involving `contactId`, in the caller's transaction; throws
 * `OMNIFY_ERR_NOT_FOUND` when absent (or of another workspace or contact), `OMNIFY_ERR_CONFLICT`
 * when already decided.
 */
export async function lockOpenSuggestion(
  tx: Queryable,
  workspaceId: string,
  contactId: string,
  id: string,
): Promise<MergeSuggestion> {
  const r = await tx.query<Row>(
    `SELECT ${COLUMNS} FROM contact_merge_suggestions
      WHERE id = $2 AND workspace_id = $1 AND (contact_id = $3 OR other_contact_id = $3) FOR UPDATE`,
    [workspaceId, id, contactId],
  );
  const row = r.rows[0];
  if (!row) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No such merge suggestion for this contact.');
  if (row.status !== 'open')
    throw new OmnifyError('OMNIFY_ERR_CONFLICT', `This suggestion was already ${row.status}.`);
  return toView(row);
}

/** Marks suggestion `id` decided by `actor`, in the caller's transaction. */
export async function decideSuggestion(
  tx: Queryable,
  id: string,
  status: 'accepted' | 'dismissed',
  actor: string,
): Promise<void> {
  await tx.query(
    `UPDATE contact_merge_suggestions SET status = $2, decided_at = now(), decided_by = $3 WHERE id = $1`,
    [id, status, actor],
  );
}

/**
 * Suggests merging contact `contactId`, who typed `signals` in a message on `platform`, with each
 * other visible contact having one of those e-mail addresses or phone numbers (on an identity or as
 * its own). In the caller's transaction; returns how many suggestions were added.
 */
export async function suggestFromTypedText(
  tx: Queryable,
  workspaceId: string,
  contactId: string,
  signals: { emails: readonly string[]; phones: readonly string[] },
  platform: string,
): Promise<number> {
  let added = 0;
  for (const email of signals.emails) {
    added += await suggestByEmail(
      tx,
      workspaceId,
      contactId,
      email,
      'email_in_message',
      (name) => `Wrote ${email} in a message on ${platformName(platform)}; that is the e-mail of ${name}.`,
    );
  }
  for (const phone of signals.phones) {
    const others = await tx.query<{ id: string; name: string | null }>(
      `SELECT c.id, c.name FROM contacts c
        WHERE c.workspace_id = $1 AND c.merged_into IS NULL AND c.id <> $2
          AND (c.phone_e164 = $3 OR EXISTS (SELECT 1 FROM identities i
                WHERE i.workspace_id = $1 AND i.phone_e164 = $3 AND i.contact_id = c.id))
        ORDER BY c.created_at, c.id LIMIT 5`,
      [workspaceId, contactId, phone],
    );
    for (const o of others.rows) {
      if (
        await suggestMerge(tx, workspaceId, {
          contactId: o.id,
          otherContactId: contactId,
          confidence: SUGGESTION_CONFIDENCE.phone_in_message,
          code: 'phone_in_message',
          reason: `Wrote ${phone} in a message on ${platformName(platform)}; that is the phone number of ${o.name ?? 'another contact'}.`,
        })
      )
        added++;
    }
  }
  return added;
}
