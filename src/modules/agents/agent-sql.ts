import type { SecretBox } from '../../kernel/crypto/secret-box.ts';

/**
 * The agents module's part of another module's statement, so that a job reloads a message and the
 * agent that answers it in one round trip (the inbox's `agent-reply`): a scalar subquery spliced
 * into the caller's SQL, and the function that reads its value. The agents table is read here only.
 */

/** What a job needs of an agent: its kind and config (opened: plaintext). */
export interface AgentForJob {
  id: string;
  kind: string;
  config: Record<string, unknown>;
}

/**
 * SQL of a scalar subquery: the agent `id` of workspace `workspace` as JSON, or NULL when the
 * workspace has no such agent (or `id` is NULL). `id` and `workspace` are SQL expressions (uuid) of
 * the enclosing statement. Read the value with {@link agentFromJson}.
 */
export function agentJsonSql(p: { id: string; workspace: string }): string {
  return `(SELECT json_build_object('id', a.id, 'kind', a.kind, 'config', a.config)
    FROM agents a WHERE a.id = ${p.id} AND a.workspace_id = ${p.workspace})`;
}

/**
 * The agent an {@link agentJsonSql} subquery selected, its config opened with `box` (throws
 * `OMNIFY_ERR_SECRET_*` when it cannot be, as `findAgent` does); null for NULL.
 */
export function agentFromJson(box: SecretBox, value: unknown): AgentForJob | null {
  if (value === null || value === undefined) return null;
  const a = value as Omit<AgentForJob, 'config'> & { config: unknown };
  return { ...a, config: box.open(a.config, 'agents', 'config', a.id) };
}
