import type { Queryable } from '../../kernel/db/database.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { ContactConversations } from './contact-conversations.ts';
import { mergeContacts, SYSTEM_ACTOR } from './contact-merge.ts';
import type { StrongKeys } from './identity-normalize.ts';
import { platformName, SUGGESTION_CONFIDENCE, suggestMerge } from './merge-suggestions.ts';

/** How a new identity found its contact (`platforms`: those of the contact's identities that matched). */
export type LinkDecision =
  | { kind: 'link'; contactId: string; platforms: string[] }
  | { kind: 'new'; suggest: { contactId: string; confidence: number; code: string; reason: string }[] };

/** A contact an identity's strong keys point at, with the keys its identities already carry. */
interface Candidate {
  contact_id: string;
  name: string | null;
  phones: string[] | null;
  emails: string[] | null;
  by_phone: boolean;
  by_email: boolean;
  platforms: string[];
}

/**
 * Decides where a new identity with strong keys `keys` (its platform's vouched phone and e-mail)
 * goes, in the caller's transaction. Deterministic record linkage on exact keys (Fellegi–Sunter's
 * "certain match" region only; everything weaker is left to a person):
 *
 * - **link** when the keys point at exactly one visible (not merged) contact and none of the keys
 *   disagrees with it: for each key kind the identity carries (phone, e-mail), the contact either
 *   has no identity with a key of that kind or has one equal to it. So automatic linking never adds
 *   a second, different vouched phone or e-mail to a contact, and never joins two people whose
 *   vouched phones or e-mails differ.
 * - **new** otherwise, with a merge suggestion for each contact that matched but disagreed (or
 *   when several matched): confidence 0.6, the reason in words.
 */
export async function decideLink(
  tx: Queryable,
  workspaceId: string,
  keys: StrongKeys,
): Promise<LinkDecision> {
  if (!keys.phone && !keys.email) return { kind: 'new', suggest: [] };
  const r = await tx.query<Candidate>(
    `SELECT m.contact_id, c.name,
            (SELECT array_agg(DISTINCT i.phone_e164) FROM identities i
              WHERE i.workspace_id = $1 AND i.contact_id = m.contact_id AND i.phone_e164 IS NOT NULL) AS phones,
            (SELECT array_agg(DISTINCT i.email) FROM identities i
              WHERE i.workspace_id = $1 AND i.contact_id = m.contact_id AND i.email IS NOT NULL) AS emails,
            bool_or(m.by_phone) AS by_phone, bool_or(m.by_email) AS by_email,
            array_agg(DISTINCT m.platform ORDER BY m.platform) AS platforms
       FROM (SELECT contact_id, platform, true AS by_phone, false AS by_email FROM identities
              WHERE workspace_id = $1 AND $2::text IS NOT NULL AND phone_e164 = $2
             UNION ALL
             SELECT contact_id, platform, false, true FROM identities
              WHERE workspace_id = $1 AND $3::text IS NOT NULL AND email = $3) m
       JOIN contacts c ON c.id = m.contact_id AND c.workspace_id = $1 AND c.merged_into IS NULL
      GROUP BY m.contact_id, c.name
      ORDER BY m.contact_id
      LIMIT 5`,
    [workspaceId, keys.phone, keys.email],
  );
  const agrees = (c: Candidate) =>
    (!keys.phone || !c.phones || c.phones.includes(keys.phone)) &&
    (!keys.email || !c.emails || c.emails.includes(keys.email));
  const only = r.rows.length === 1 ? r.rows[0]! : undefined;
  if (only && agrees(only)) return { kind: 'link', contactId: only.contact_id, platforms: only.platforms };
  return {
    kind: 'new',
    suggest: r.rows.map((c) => ({
      contactId: c.contact_id,
      confidence: 0.6,
      code: 'strong_key_conflict',
      reason: conflictReason(c, keys, r.rows.length),
    })),
  };
}

function conflictReason(c: Candidate, keys: StrongKeys, matches: number): string {
  const who = c.name ?? 'another contact';
  const same = c.by_phone ? `the same phone number ${keys.phone}` : `the same e-mail ${keys.email}`;
  if (matches > 1) return `Has ${same} as ${who}, but so do other contacts: a person should decide.`;
  const differs: string[] = [];
  if (keys.phone && c.phones && !c.phones.includes(keys.phone))
    differs.push(`phone (${c.phones.join(', ')} vs ${keys.phone})`);
  if (keys.email && c.emails && !c.emails.includes(keys.email))
    differs.push(`e-mail (${c.emails.join(', ')} vs ${keys.email})`);
  return `Has ${same} as ${who}, but a different ${differs.join(' and ')}.`;
}

/** Records the suggestions of a `new` decision for the contact just created. */
export async function recordLinkSuggestions(
  tx: Queryable,
  workspaceId: string,
  newContactId: string,
  decision: LinkDecision,
): Promise<void> {
  if (decision.kind !== 'new') return;
  for (const s of decision.suggest) {
    await suggestMerge(tx, workspaceId, {
      contactId: s.contactId,
      otherContactId: newContactId,
      confidence: s.confidence,
      code: s.code,
      reason: s.reason,
    });
  }
}

/** A new identity's own contact has no conversations yet: the link moves none. */
const NONE_YET: ContactConversations = {
  page: async () => ({ data: [], nextCursor: null }),
  channels: async () => [],
  reassign: async () => [],
  restore: async () => {},
};

/**
 * Records the automatic link of a new identity, in the caller's transaction: the identity was
 * created with a contact of its own, `homeId`, exactly as if nothing had matched; this merges that
 * contact into `decision.contactId` as Omnify (`system`), so the link is a merge record like any
 * other: in the contact's merge history with its reason ("Linked automatically: same phone +44… on
 * WhatsApp and Twilio (SMS)"), the identity marked `auto`, and undone by an unmerge that restores
 * exactly the state before (the identity and the conversations that came with it back on their own
 * contact). Returns the contact the identity ends on: the matched one, or `homeId` when that one was
 * merged away by a concurrent transaction since the decision.
 */
export async function linkAutomatically(
  tx: Queryable,
  workspaceId: string,
  l: {
    homeId: string;
    decision: Extract<LinkDecision, { kind: 'link' }>;
    platform: string;
    keys: StrongKeys;
  },
): Promise<string> {
  try {
    const merge = await mergeContacts(tx, workspaceId, NONE_YET, {
      targetId: l.decision.contactId,
      sourceId: l.homeId,
      reason: autoLinkReason(l.keys, [...new Set([...l.decision.platforms, l.platform])]),
      actor: SYSTEM_ACTOR,
      actorKind: 'system',
      link: { platform: l.platform, phoneE164: l.keys.phone ?? null, email: l.keys.email ?? null },
    });
    return merge.targetContactId;
  } catch (e) {
    // Checked before any write: the matched contact is gone, the identity keeps its own.
    if (e instanceof OmnifyError && e.code === 'OMNIFY_ERR_NOT_FOUND') return l.homeId;
    throw e;
  }
}

/** "Linked automatically: same phone +44… on WhatsApp and Twilio (SMS)." */
export function autoLinkReason(keys: StrongKeys, platforms: readonly string[]): string {
  const same = [keys.phone && `phone ${keys.phone}`, keys.email && `e-mail ${keys.email}`].filter(Boolean);
  const on = platforms.map(platformName);
  const list = on.length > 1 ? `${on.slice(0, -1).join(', ')} and ${on.at(-1)}` : (on[0] ?? '');
  return `Linked automatically: same ${same.join(' and ')} on ${list}.`;
}

/**
 * The next message of an identity whose automatic link to contact `detachedFrom` a person undid:
 * clears the mark and suggests merging its contact into that one (`auto_link_undone`, with the
 * reason in words), in the caller's transaction. A person decides; nothing is linked back.
 */
export async function suggestAfterDetach(
  tx: Queryable,
  workspaceId: string,
  i: {
    id: string;
    contactId: string;
    platform: string;
    phoneE164: string | null;
    email: string | null;
    detachedFrom: string;
  },
): Promise<void> {
  await tx.query(`UPDATE identities SET detached_from = NULL WHERE id = $2 AND workspace_id = $1`, [
    workspaceId,
    i.id,
  ]);
  const other = await tx.query<{ name: string | null }>(
    `SELECT name FROM contacts WHERE id = $2 AND workspace_id = $1`,
    [workspaceId, i.detachedFrom],
  );
  const key = [i.phoneE164 && `phone ${i.phoneE164}`, i.email && `e-mail ${i.email}`]
    .filter(Boolean)
    .join(' and ');
  await suggestMerge(tx, workspaceId, {
    contactId: i.detachedFrom,
    otherContactId: i.contactId,
    confidence: SUGGESTION_CONFIDENCE.auto_link_undone,
    code: 'auto_link_undone',
    reason: `Wrote again on ${platformName(i.platform)} with the same ${key || 'keys'} as ${other.rows[0]?.name ?? 'another contact'}; the automatic link between them was undone, so a person decides.`,
  });
}
