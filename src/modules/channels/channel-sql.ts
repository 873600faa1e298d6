import type { SecretBox } from '../../kernel/crypto/secret-box.ts';

/**
 * The channels module's part of another module's statement, so that a job reloads a message and the
 * channel it needs in one round trip (the inbox's `agent-reply` and `outbound-send`): a scalar
 * subquery spliced into the caller's SQL, and the function that reads its value. The channels table
 * is read here only; the caller never names it.
 */

/** What a job needs of a channel: its platform, agent, sandbox flag and config (opened: plaintext). */
export interface ChannelForJob {
  id: string;
  workspaceId: string;
  platform: string;
  sandbox: boolean;
  agentId: string | null;
  /** Country (ISO 3166-1 alpha-2) of the channel's national phone numbers; null when none. */
  defaultCountry: string | null;
  config: Record<string, unknown>;
}

/**
 * SQL of a scalar subquery: the channel `id` of workspace `workspace` as JSON, or NULL when the
 * workspace has no such channel. `id` and `workspace` are SQL expressions (uuid) of the enclosing
 * statement, e.g. `'m.channel_id'`. Read the value with {@link channelFromJson}.
 */
export function channelJsonSql(p: { id: string; workspace: string }): string {
  return `(SELECT json_build_object('id', ch.id, 'workspaceId', ch.workspace_id, 'platform', ch.platform,
      'sandbox', ch.sandbox, 'agentId', ch.agent_id, 'defaultCountry', ch.default_country, 'config', ch.config)
    FROM channels ch WHERE ch.id = ${p.id} AND ch.workspace_id = ${p.workspace})`;
}

/**
 * SQL of a scalar subquery: the platform (text) of channel `id` of workspace `workspace`, or NULL
 * when the workspace has no such channel: one primary-key probe, no config read. For listings that
 * show each row's channel in their own statement (the inbox's message search). `id` and
 * `workspace` are SQL expressions (uuid) of the enclosing statement.
 */
export function channelPlatformSql(p: { id: string; workspace: string }): string {
  return `(SELECT ch.platform FROM channels ch WHERE ch.id = ${p.id} AND ch.workspace_id = ${p.workspace})`;
}

/**
 * The channel a {@link channelJsonSql} subquery selected, its config opened with `box` (throws
 * `OMNIFY_ERR_SECRET_*` when it cannot be, as `findChannel` does); null for NULL.
 */
export function channelFromJson(box: SecretBox, value: unknown): ChannelForJob | null {
  if (value === null || value === undefined) return null;
  const c = value as Omit<ChannelForJob, 'config'> & { config: unknown };
  return { ...c, config: box.open(c.config, 'channels', 'config', c.id) };
}
