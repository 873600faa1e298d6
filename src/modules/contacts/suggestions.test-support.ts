import type { Queryable } from '../../kernel/db/database.ts';

/** An open merge suggestion as the identity tests read it back. */
export interface OpenSuggestion {
  contact_id: string;
  other_contact_id: string;
  reason_code: string;
  reason: string;
}

/** The open merge suggestions of workspace `ws` that involve `contactId` (either side), for tests. */
export async function openSuggestionsOf(
  db: Queryable,
  ws: string,
  contactId: string,
): Promise<OpenSuggestion[]> {
  const r = await db.query<OpenSuggestion>(
    `SELECT contact_id, other_contact_id, reason_code, reason FROM contact_merge_suggestions
      WHERE workspace_id = $1 AND status = 'open' AND $2 IN (contact_id, other_contact_id)`,
    [ws, contactId],
  );
  return r.rows;
}
