import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Automatic links are audited and undoable (docs/contacts.md, "Merging and unmerging").
 *
 * - `contact_merges.merged_by_kind` / `unmerged_by_kind`: who acted, `user`, `api-key` or `system`
 *   (Omnify itself: an automatic link). Null on records from before.
 * - `identities.detached_from`: the contact an automatic link of this identity was undone from; the
 *   identity's next message turns the match into a merge suggestion and clears it.
 * - Every identity linked automatically before (`linked = 'auto'`) gets what a new automatic link
 *   gets: a hidden contact of its own (named, phoned and mailed from the identity, merged into the
 *   contact it joined) and a `system` merge record, so it can be detached too. The fields the link
 *   filled on the contact were not recorded then: detaching leaves them. (Identities that already
 *   have such a record are skipped, so the statement can run again.)
 */
export const migration: ModuleMigration = {
  version: 6,
  name: 'auto-link-audit',
  statements: [
    `ALTER TABLE contact_merges ADD COLUMN merged_by_kind text
       CONSTRAINT contact_merges_merged_by_kind CHECK (merged_by_kind IN ('user', 'api-key', 'system'))`,
    `ALTER TABLE contact_merges ADD COLUMN unmerged_by_kind text
       CONSTRAINT contact_merges_unmerged_by_kind CHECK (unmerged_by_kind IN ('user', 'api-key', 'system'))`,
    `ALTER TABLE identities ADD COLUMN detached_from uuid REFERENCES contacts(id) ON DELETE SET NULL`,
    `WITH autos AS (
       SELECT i.id, i.workspace_id, i.contact_id, i.platform, i.display_name, i.phone_e164, i.email, i.created_at,
              gen_random_uuid() AS home
         FROM identities i
        WHERE i.linked = 'auto' AND NOT EXISTS (SELECT 1 FROM contact_merges m
          WHERE m.workspace_id = i.workspace_id AND m.target_contact_id = i.contact_id
            AND m.moved->'identities' @> jsonb_build_array(jsonb_build_object('id', i.id::text)))
     ), homes AS (
       INSERT INTO contacts (id, workspace_id, name, phone_e164, email, merged_into, created_at, updated_at)
       SELECT home, workspace_id, display_name, phone_e164, email, contact_id, created_at, created_at FROM autos
       RETURNING id
     )
     INSERT INTO contact_merges (workspace_id, target_contact_id, source_contact_id, reason, merged_by, merged_by_kind, moved, merged_at)
     SELECT a.workspace_id, a.contact_id, a.home,
            left('Linked automatically: same ' || concat_ws(' and ', 'phone ' || a.phone_e164, 'e-mail ' || a.email)
              || ' (' || a.platform || ').', 500),
            'system', 'system',
            jsonb_build_object(
              'identities', jsonb_build_array(jsonb_build_object('id', a.id, 'linked', 'created')),
              'conversationIds', '[]'::jsonb, 'segmentIds', '[]'::jsonb,
              'targetFilled', jsonb_build_object('name', NULL, 'phoneE164', NULL, 'email', NULL),
              'link', jsonb_build_object('platform', a.platform, 'phoneE164', a.phone_e164, 'email', a.email)),
            a.created_at
       FROM autos a JOIN homes h ON h.id = a.home`,
  ],
};
