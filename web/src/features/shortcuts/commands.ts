/**
 * What the shortcuts and the command palette do, in one place: navigation (inbox tabs, dashboard,
 * customers, settings for admins), the open conversation's status and assignee (the same
 * `PATCH /conversations/{id}` and cache updates as the conversation header's buttons), and the
 * inbox search box.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useRouterState } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { atLeast, type Me, meQuery } from '../../api/session.ts';
import { type ConversationSummary, conversationQuery, type InboxFilters } from '../inbox/queries.ts';

type Patch = paths['/api/v1/conversations/{id}']['patch']['requestBody']['content']['application/json'];

/**
 * The accessible label of the inbox's message search box (web/src/features/search/). Found at run
 * time: `/` does nothing while the page has no such box.
 */
export const SEARCH_BOX_LABEL = 'Search messages';

/** The inbox search box (by its `aria-label`, its `<label>` or its placeholder), or null. */
export function findSearchBox(): HTMLInputElement | null {
  const byAria = document.querySelector<HTMLInputElement>(`input[aria-label="${SEARCH_BOX_LABEL}"]`);
  if (byAria) return byAria;
  for (const label of document.querySelectorAll('label')) {
    if (label.textContent?.trim() !== SEARCH_BOX_LABEL) continue;
    const input = label.control;
    if (input instanceof HTMLInputElement) return input;
  }
  return document.querySelector<HTMLInputElement>(`input[placeholder^="${SEARCH_BOX_LABEL}"]`);
}

const CONVERSATION_PATH = /^\/inbox\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;

/** The commands of the signed-in shell, for the current user, page and open conversation. */
export interface AppCommands {
  me: Me | null | undefined;
  /** Agents and up act on conversations (viewers only read). */
  canWrite: boolean;
  /** Admins and owners see the settings. */
  canAdmin: boolean;
  /** True on `/inbox` and below. */
  onInbox: boolean;
  /** The conversation open in the URL (`/inbox/<id>`), if any. */
  conversationId: string | undefined;
  /** The open conversation as cached by its view (undefined before it has loaded). */
  conversation: () => ConversationSummary | undefined;
  goInbox(tab?: InboxFilters['tab']): void;
  goDashboard(): void;
  goCustomers(): void;
  /** Does nothing below admin. */
  goSettings(): void;
  /** Opens a conversation, keeping the inbox's filters when already in the inbox. */
  openConversation(id: string): void;
  /** Sets the open conversation's status (resolve / reopen); false when none is open or not allowed. */
  setStatus(status: 'open' | 'resolved'): boolean;
  /** Assigns the open conversation to the signed-in user; false when none is open or not allowed. */
  assignToMe(): boolean;
}

/** The shell's commands (see {@link AppCommands}). */
export function useAppCommands(): AppCommands {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery(meQuery).data;
  // From the location, which changes as soon as a navigation starts (the shell sits above the
  // conversation's route, whose match settles only once its lazy chunk has loaded): a quick `j j`
  // then moves twice. Conversation ids are UUIDs (`/inbox/search` is another page).
  const conversationId = useRouterState({ select: (s) => CONVERSATION_PATH.exec(s.location.pathname)?.[1] });
  const onInbox = useRouterState({ select: (s) => s.location.pathname.startsWith('/inbox') });
  const canWrite = atLeast(me, 'agent');
  const canAdmin = atLeast(me, 'admin');
  const patch = useMutation({
    mutationFn: async ({ id, body }: { id: string; body: Patch }) =>
      unwrap(await api.PATCH('/api/v1/conversations/{id}', { params: { path: { id } }, body })),
    onSuccess: (next, { id }) => {
      // Merged: the conversation's own query may carry more fields than the change answers.
      qc.setQueryData(conversationQuery(id).queryKey, (old) => (old ? { ...old, ...next } : old));
      void qc.invalidateQueries({ queryKey: ['conversations'] });
      void qc.invalidateQueries({ queryKey: ['conversation-counts'] });
    },
  });
  const change = (body: Patch) => {
    if (!conversationId || !canWrite) return false;
    patch.mutate({ id: conversationId, body });
    return true;
  };
  return {
    me,
    canWrite,
    canAdmin,
    onInbox,
    conversationId,
    conversation: () =>
      conversationId ? qc.getQueryData(conversationQuery(conversationId).queryKey) : undefined,
    goInbox: (tab) => void navigate({ to: '/inbox', search: tab ? { tab } : {} }),
    goDashboard: () => void navigate({ to: '/dashboard', search: {} }),
    goCustomers: () => void navigate({ to: '/contacts', search: {} }),
    goSettings: () => {
      if (canAdmin) void navigate({ to: '/settings', search: {} });
    },
    openConversation: (id) =>
      void navigate({
        to: '/inbox/$conversationId',
        params: { conversationId: id },
        search: onInbox ? true : {},
      }),
    setStatus: (status) => change({ status }),
    assignToMe: () => (me ? change({ assigneeUserId: me.user.id }) : false),
  };
}
