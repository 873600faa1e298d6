import { eq, sql } from 'drizzle-orm';
import type { InboundSender, Platform } from '../../integrations/contract/message.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { contacts, identities } from './contacts.schema.ts';
import { decideLink, linkAutomatically, recordLinkSuggestions, suggestAfterDetach } from './identity-link.ts';
import { normalizePhone, type StrongKeys, strongKeys, weakPhone } from './identity-normalize.ts';
import { platformName, SUGGESTION_CONFIDENCE, suggestMerge } from './merge-suggestions.ts';

/** The contact and identity an inbound sender resolved to. */
export interface ResolvedIdentity {
  contactId: string;
  identityId: string;
}

/**
 * Finds the identity `(workspace, platform, handle)` or creates it, inside the caller's transaction.
 * Keeps the display name fresh.
 *
 * A new identity joins an existing contact only on a strong, deterministic match of its keys
 * ({@link strongKeys}: a phone its platform vouches for, in E.164 read in `opts.defaultCountry`; a
 * vouched e-mail): see `decideLink` (identity-link.ts). Otherwise it gets a new contact, with merge
 * suggestions for contacts that matched but disagreed, and for contacts having its unvouched phone.
 * An existing identity whose sender now brings a strong key it lacked (a Telegram user sharing their
 * own contact) records the key and suggests merging with the contact that already has it (never a
 * silent merge of two contacts). An identity whose automatic link a person undid is never linked
 * back: its next message suggests the merge instead (once).
 *
 * Concurrent creators of the same identity end with one identity: the loser of the unique-key race
 * drops its new contact and reads the winner's.
 */
export async function resolveIdentity(
  tx: Queryable,
  workspaceId: string,
  platform: Platform,
  sender: InboundSender,
  opts: { defaultCountry?: string | null } = {},
): Promise<ResolvedIdentity> {
  const s = scoped(tx, workspaceId);
  const country = opts.defaultCountry ?? undefined;
  const keys = strongKeys(platform, sender, country);
  const handle = [eq(identities.platform, platform), eq(identities.handle, sender.handle)];
  const [row] = await s.db
    .select({
      id: identities.id,
      contactId: identities.contactId,
      displayName: identities.displayName,
      phoneE164: identities.phoneE164,
      email: identities.email,
      detachedFrom: identities.detachedFrom,
    })
    .from(identities)
    .where(s.where(identities, ...handle));
  if (row) {
    if (sender.displayName && sender.displayName !== row.displayName) {
      await s.db
        .update(identities)
        .set({
          displayName: sender.displayName,
          username: sql`COALESCE(${sender.username ?? null}, ${identities.username})`,
        })
        .where(s.where(identities, eq(identities.id, row.id)));
    }
    await recordNewKeys(tx, workspaceId, row, keys);
    if (row.detachedFrom)
      await suggestAfterDetach(tx, workspaceId, { ...row, detachedFrom: row.detachedFrom, platform });
    return { contactId: row.contactId, identityId: row.id };
  }
  const decision = await decideLink(tx, workspaceId, keys);
  // The identity gets a contact of its own either way; an automatic link then merges that contact
  // into the matched one as a recorded, undoable `system` merge (linkAutomatically).
  const [contact] = await s.db
    .insert(contacts)
    .values(
      s.values({
        name: sender.displayName ?? null,
        phoneE164: keys.phone ?? normalizePhone(sender.phoneE164, country),
        email: keys.email,
      }),
    )
    .returning({ id: contacts.id });
  const homeId = contact!.id;
  const [inserted] = await s.db
    .insert(identities)
    .values(
      s.values({
        contactId: homeId,
        platform,
        handle: sender.handle,
        displayName: sender.displayName ?? null,
        username: sender.username ?? null,
        phoneE164: keys.phone,
        email: keys.email,
      }),
    )
    .onConflictDoNothing({ target: [identities.workspaceId, identities.platform, identities.handle] })
    .returning({ id: identities.id });
  if (inserted) {
    if (decision.kind === 'link') {
      const contactId = await linkAutomatically(tx, workspaceId, { homeId, decision, platform, keys });
      return { contactId, identityId: inserted.id };
    }
    await recordLinkSuggestions(tx, workspaceId, homeId, decision);
    const weak = weakPhone(platform, sender, country);
    if (weak) await suggestByPhone(tx, workspaceId, homeId, weak, platform);
    return { contactId: homeId, identityId: inserted.id };
  }
  await s.db.delete(contacts).where(s.where(contacts, eq(contacts.id, homeId)));
  const [winner] = await s.db
    .select({ id: identities.id, contactId: identities.contactId })
    .from(identities)
    .where(s.where(identities, ...handle));
  return { contactId: winner!.contactId, identityId: winner!.id };
}

/**
 * Stores strong keys an existing identity lacked and suggests merging its contact with visible
 * contacts whose identities carry them (confidence 0.95: the platform vouches for the key).
 */
async function recordNewKeys(
  tx: Queryable,
  workspaceId: string,
  identity: { id: string; contactId: string; phoneE164: string | null; email: string | null },
  keys: StrongKeys,
): Promise<void> {
  const phone = keys.phone && identity.phoneE164 === null ? keys.phone : null;
  const email = keys.email && identity.email === null ? keys.email : null;
  if (!phone && !email) return;
  await tx.query(
    `UPDATE identities SET phone_e164 = COALESCE(phone_e164, $3), email = COALESCE(email, $4) WHERE id = $2 AND workspace_id = $1`,
    [workspaceId, identity.id, phone, email],
  );
  const others = await tx.query<{ contact_id: string; name: string | null }>(
    `SELECT DISTINCT i.contact_id, c.name FROM identities i JOIN contacts c ON c.id = i.contact_id AND c.merged_into IS NULL
      WHERE i.workspace_id = $1 AND i.contact_id <> $2
        AND (($3::text IS NOT NULL AND i.phone_e164 = $3) OR ($4::text IS NOT NULL AND i.email = $4))
      LIMIT 5`,
    [workspaceId, identity.contactId, phone, email],
  );
  for (const o of others.rows) {
    await suggestMerge(tx, workspaceId, {
      contactId: o.contact_id,
      otherContactId: identity.contactId,
      confidence: 0.95,
      code: 'same_verified_key',
      reason: `Shared ${phone ? `the phone number ${phone}` : `the e-mail ${email}`}, which ${o.name ?? 'another contact'} has too.`,
    });
  }
}

/** Suggests merging `contactId` with visible contacts that have `phone` (a phone its platform did not vouch for). */
async function suggestByPhone(
  tx: Queryable,
  workspaceId: string,
  contactId: string,
  phone: string,
  platform: string,
): Promise<void> {
  const others = await tx.query<{ id: string; name: string | null }>(
    `SELECT c.id, c.name FROM contacts c
      WHERE c.workspace_id = $1 AND c.merged_into IS NULL AND c.id <> $2
        AND (c.phone_e164 = $3 OR EXISTS (SELECT 1 FROM identities i WHERE i.workspace_id = $1 AND i.phone_e164 = $3 AND i.contact_id = c.id))
      ORDER BY c.created_at, c.id LIMIT 5`,
    [workspaceId, contactId, phone],
  );
  for (const o of others.rows) {
    await suggestMerge(tx, workspaceId, {
      contactId: o.id,
      otherContactId: contactId,
      confidence: SUGGESTION_CONFIDENCE.unverified_phone,
      code: 'unverified_phone',
      reason: `Same phone number ${phone} as ${o.name ?? 'another contact'}, but ${platformName(platform)} does not verify phone numbers.`,
    });
  }
}

/**
 * Marks the contacts carrying these customer ids (`contacts.external_id`) of the workspace as demo
 * data, in the caller's transaction (the demo loader, so a later load can tell them from real ones).
 */
export async function markDemoContacts(
  tx: Queryable,
  workspaceId: string,
  customerIds: readonly string[],
): Promise<void> {
  const s = scoped(tx, workspaceId);
  await s.db
    .update(contacts)
    .set({ demo: true })
    .where(s.where(contacts, sql`${contacts.externalId} = ANY(${sql.param(customerIds)}::text[])`));
}

/** True when the workspace holds at least one contact not marked as demo data. */
export async function hasNonDemoContacts(db: Queryable, workspaceId: string): Promise<boolean> {
  const s = scoped(db, workspaceId);
  const rows = await s.db
    .select({ id: contacts.id })
    .from(contacts)
    .where(s.where(contacts, eq(contacts.demo, false)))
    .limit(1);
  return rows.length > 0;
}
