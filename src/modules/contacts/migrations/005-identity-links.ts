import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * One person across platforms (docs/contacts.md, "One person across channels").
 *
 * - `identities.phone_e164` / `identities.email`: the identity's normalized phone (E.164) and
 *   lower-cased e-mail when its platform vouches for them (a WhatsApp `wa_id`, a Twilio `From`, a
 *   Telegram user sharing their own contact, an e-mail sender, a signed web-chat identity), the keys
 *   of automatic linking; `identities.linked`: how it joined its contact (`created` with it, `auto`
 *   on a strong match, `merge` moved by a merge). Existing WhatsApp identities get their phone from
 *   their `wa_id` handle.
 * - `contacts.merged_into`: set on the contact a merge emptied into another; such a contact is
 *   hidden from lists and comes back, with exactly what it had, when the merge is undone.
 * - `contact_merges`: the audit of every merge (who, when, why, what moved: the moved identities,
 *   conversations and segment memberships, and the kept contact's fields before) and its undoing.
 * - `contact_merge_suggestions`: weaker signals a person decides on, with a confidence in [0, 1]
 *   and a reason in words; one open suggestion per pair of contacts.
 */
export const migration: ModuleMigration = {
  version: 5,
  name: 'identity-links',
  statements: [
    `ALTER TABLE identities ADD COLUMN phone_e164 text`,
    `ALTER TABLE identities ADD COLUMN email text`,
    `ALTER TABLE identities ADD COLUMN linked text NOT NULL DEFAULT 'created'
       CONSTRAINT identities_linked CHECK (linked IN ('created', 'auto', 'merge'))`,
    `UPDATE identities SET phone_e164 = '+' || handle WHERE platform = 'whatsapp' AND handle ~ '^[1-9][0-9]{6,14}$'`,
    `CREATE INDEX identities_phone ON identities (workspace_id, phone_e164) WHERE phone_e164 IS NOT NULL`,
    `CREATE INDEX identities_email ON identities (workspace_id, email) WHERE email IS NOT NULL`,
    `ALTER TABLE contacts ADD COLUMN merged_into uuid REFERENCES contacts(id) ON DELETE SET NULL`,
    `CREATE INDEX contacts_merged_into ON contacts (merged_into) WHERE merged_into IS NOT NULL`,
    `CREATE TABLE contact_merges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      target_contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      source_contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      reason text NOT NULL CONSTRAINT contact_merges_reason_length CHECK (char_length(reason) <= 500),
      suggestion_id uuid,
      merged_by text NOT NULL,
      moved jsonb NOT NULL,
      merged_at timestamptz NOT NULL DEFAULT now(),
      unmerged_at timestamptz,
      unmerged_by text,
      unmerge_reason text CONSTRAINT contact_merges_unmerge_reason_length CHECK (char_length(unmerge_reason) <= 500)
    )`,
    `CREATE INDEX contact_merges_target ON contact_merges (workspace_id, target_contact_id, merged_at DESC)`,
    `CREATE INDEX contact_merges_source ON contact_merges (workspace_id, source_contact_id, merged_at DESC)`,
    `CREATE TABLE contact_merge_suggestions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      other_contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      confidence real NOT NULL CONSTRAINT contact_merge_suggestions_confidence CHECK (confidence >= 0 AND confidence <= 1),
      reason_code text NOT NULL,
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'open' CONSTRAINT contact_merge_suggestions_status CHECK (status IN ('open', 'accepted', 'dismissed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      decided_by text,
      CONSTRAINT contact_merge_suggestions_pair CHECK (contact_id <> other_contact_id)
    )`,
    `CREATE UNIQUE INDEX contact_merge_suggestions_open_pair ON contact_merge_suggestions
       (workspace_id, LEAST(contact_id, other_contact_id), GREATEST(contact_id, other_contact_id)) WHERE status = 'open'`,
    `CREATE INDEX contact_merge_suggestions_list ON contact_merge_suggestions (workspace_id, status, created_at DESC, id DESC)`,
  ],
};
