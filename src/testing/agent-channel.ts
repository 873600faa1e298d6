import type { TestOmnify } from './harness.ts';

/**
 * Connects a channel answered by an OpenAI-compatible agent, the setup of the platforms' flow tests:
 * creates the agent (`{baseUrl}/v1` of a fake OpenAI server), the channel of `platform` with
 * `config`, then gives the channel the agent. Throws unless each call succeeds, or when the channel's
 * answer shows any of `secrets` (config secrets are write-only). Returns the channel id.
 */
export async function connectAgentChannel(
  omnify: Pick<TestOmnify, 'api'>,
  o: {
    openaiBaseUrl: string;
    name: string;
    platform: string;
    config: Record<string, unknown>;
    secrets: string[];
  },
): Promise<string> {
  const agent = await omnify.api('POST', '/api/v1/agents', {
    kind: 'openai',
    name: o.name,
    config: { baseUrl: `${o.openaiBaseUrl}/v1`, apiKey: 'sk-flow-123456', model: 'gpt-test' },
  });
  const ch = await omnify.api('POST', '/api/v1/channels', { platform: o.platform, config: o.config });
  if (agent.status !== 201 || ch.status !== 201)
    throw new Error(`agent ${agent.status}, channel ${ch.status}: ${JSON.stringify(ch.json)}`);
  const shown = JSON.stringify(ch.json);
  const leaked = o.secrets.filter((s) => shown.includes(s));
  if (leaked.length > 0) throw new Error(`the channel's answer shows ${leaked.length} secret(s)`);
  const patched = await omnify.api('PATCH', `/api/v1/channels/${ch.json.id}`, { agentId: agent.json.id });
  if (patched.status !== 200) throw new Error(`giving the channel its agent: ${patched.status}`);
  return ch.json.id as string;
}
