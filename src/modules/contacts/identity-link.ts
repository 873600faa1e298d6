import type { Queryable } from '../../kernel/db/database.ts';
import type { StrongKeys } from './identity-normalize.ts';
import { suggestMerge } from './merge-suggestions.ts';

/** How a new identity found its contact. */
export type LinkDecision =
  | { kind: 'link'; contactId: string }
  | { kind: 'new'; suggest: { contactId: string; confidence: number; code: string; reason: string }[] };

/** A contact an identity's strong keys point at, with the keys its identities already carry. */
interface Candidate {
  contact_id: string;
  name: string | null;
  phones: string[] | null;
  emails: string[] | null;
  by_phone: boolean;
  by_email: boolean;
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
            bool_or(m.by_phone) AS by_phone, bool_or(m.by_email) AS by_email
       FROM (SELECT contact_id, true AS by_phone, false AS by_email FROM identities
              WHERE workspace_id = $1 AND $2::text IS NOT NULL AND phone_e164 = $2
             UNION ALL
             SELECT contact_id, false, true FROM identities
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
  if (r.rows.length === 1 && agrees(r.rows[0]!)) return { kind: 'link', contactId: r.rows[0]!.contact_id };
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
