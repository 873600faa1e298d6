/**
 * Saving the wizard's agent: update the channel's agent in place when the kind is the same and no
 * setting is removed (`PATCH /agents/{id}` merges config fields), else create a new agent
 * (`POST /agents`), put it on the channel (`PATCH /channels/{id}` `{agentId}`) and delete the old one
 * unless another channel still uses it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { Agent, Channel } from './queries.ts';

/** The optional settings the wizard's forms manage (the other fields are required). */
const OPTIONAL = ['fallback', 'systemPrompt'];

/** An agent kind of `POST /agents`. */
export type AgentKind = 'faq' | 'openai' | 'http';

/** What a form hands over: the kind, a name and the config (secrets left out keep their value). */
export interface AgentDraft {
  kind: AgentKind;
  name: string;
  config: Record<string, unknown>;
}

/** The mutation saving `draft` as `channel`'s agent; resolves to the saved agent's id. */
export function useSaveAgent(channel: Channel | undefined, existing: Agent | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (draft: AgentDraft): Promise<string> => {
      if (!channel) throw new Error('No channel');
      // A merge cannot remove a field: clearing an optional setting needs a new agent.
      const removes = OPTIONAL.some((k) => existing && k in existing.config && !(k in draft.config));
      let id: string;
      if (existing && existing.kind === draft.kind && !removes) {
        const { id: saved } = unwrap(
          await api.PATCH('/api/v1/agents/{id}', {
            params: { path: { id: existing.id } },
            body: { name: draft.name, config: draft.config },
          }),
        );
        id = saved;
      } else {
        id = unwrap(await api.POST('/api/v1/agents', { body: draft })).id;
      }
      if (channel.agentId !== id) {
        unwrap(
          await api.PATCH('/api/v1/channels/{id}', {
            params: { path: { id: channel.id } },
            body: { agentId: id },
          }),
        );
        if (existing && existing.id !== id) {
          const channels = unwrap(await api.GET('/api/v1/channels')).data;
          if (!channels.some((c) => c.agentId === existing.id)) {
            await api.DELETE('/api/v1/agents/{id}', { params: { path: { id: existing.id } } });
          }
        }
      }
      return id;
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['channels'] });
      await qc.invalidateQueries({ queryKey: ['agents'] });
    },
  });
}
