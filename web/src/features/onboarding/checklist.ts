/**
 * The onboarding checklist's state, derived from real data only (plus a dismissed flag kept in the
 * browser): account, a channel, an agent, a first reply, a teammate.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';

/** The checklist's steps, in order. */
export type StepKey = 'account' | 'channel' | 'agent' | 'reply' | 'invite';

/** What the checklist looks at (each from its own list endpoint). */
export interface ChecklistFacts {
  channels: ReadonlyArray<{ id: string; demo: boolean; agentId: string | null }>;
  /** The first page of conversations, newest activity first. */
  conversations: ReadonlyArray<{
    lastMessage: { direction: string; senderKind: string; private: boolean } | null;
  }>;
  members: number;
  invitations: number;
}

/** One step: done or not, and the channel its wizard step should open (when it needs one). */
export interface ChecklistStep {
  key: StepKey;
  done: boolean;
  channelId?: string;
}

/**
 * The steps for `f`: the account is done (someone is signed in); a channel means one that is not
 * demo data; an agent means a channel with an agent (the demo's counts: it was set up and seen); a
 * first reply means a conversation of the first page whose newest message is ours (a reply, or a
 * team note, which usually follows one; not an agent's unsent draft) — a heuristic that needs no
 * extra request; a teammate means a second member or an invitation.
 */
export function checklistSteps(f: ChecklistFacts): ChecklistStep[] {
  const real = f.channels.filter((c) => !c.demo);
  const withAgent = f.channels.find((c) => c.agentId && !c.demo) ?? f.channels.find((c) => c.agentId);
  return [
    { key: 'account', done: true },
    { key: 'channel', done: real.length > 0 },
    { key: 'agent', done: !!withAgent, channelId: (real[0] ?? f.channels[0])?.id },
    {
      key: 'reply',
      done: f.conversations.some((c) => {
        const m = c.lastMessage;
        // A team note usually follows a reply; an agent's unsent draft (assisted mode) is no reply.
        return m?.direction === 'outbound' && !(m.private && m.senderKind === 'agent');
      }),
      channelId: withAgent?.id,
    },
    { key: 'invite', done: f.members > 1 || f.invitations > 0 },
  ];
}

/** The newest conversations, for the "first reply" step (live events refresh `conversations`). */
export const recentConversationsQuery = queryOptions({
  queryKey: ['conversations', 'onboarding'],
  queryFn: async () =>
    unwrap(await api.GET('/api/v1/conversations', { params: { query: { limit: 50 } } })).data,
});
