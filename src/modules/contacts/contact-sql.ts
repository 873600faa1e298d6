/**
 * The contacts module's part of another module's statement: a scalar subquery spliced into the
 * caller's SQL (the inbox's `agent-reply` reloads a message and its contact's name in one round
 * trip). The contacts table is read here only.
 */

/**
 * SQL of a scalar subquery: the name (text, may be NULL) of contact `id` of workspace `workspace`;
 * NULL also when the workspace has no such contact. `id` and `workspace` are SQL expressions (uuid)
 * of the enclosing statement.
 */
export function contactNameSql(p: { id: string; workspace: string }): string {
  return `(SELECT ct.name FROM contacts ct WHERE ct.id = ${p.id} AND ct.workspace_id = ${p.workspace})`;
}

/**
 * SQL of a scalar subquery: the handle (text) of contact `id`'s most recent identity on `platform`
 * (a text SQL expression) in workspace `workspace`, or NULL when it has none there: what the contact
 * is called on the platform a message came through (an e-mail address, where the thread key is a
 * Message-ID).
 */
export function contactHandleSql(p: { id: string; workspace: string; platform: string }): string {
  return `(SELECT i.handle FROM identities i WHERE i.contact_id = ${p.id} AND i.workspace_id = ${p.workspace}
      AND i.platform = ${p.platform} ORDER BY i.created_at DESC, i.id DESC LIMIT 1)`;
}
