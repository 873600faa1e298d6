/**
 * Contact panel server state: one contact (`GET /contacts/{id}`: identities with their channels,
 * attributes, notes, LTV figures), its conversations (keyset pages, newest activity first) and the
 * change of its name, attributes or notes (`PATCH /contacts/{id}`, agents and up).
 */
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';

/** A contact as `GET /contacts/{id}` answers it. */
export type Contact = Awaited<ReturnType<typeof fetchContact>>;
/** The body of `PATCH /contacts/{id}`: any of name, attributes (merged; null removes a key), notes. */
export type ContactPatch = NonNullable<
  paths['/api/v1/contacts/{id}']['patch']['requestBody']
>['content']['application/json'];
/** An attribute value as stored. */
export type AttributeValue = Contact['attributes'][string];

async function fetchContact(id: string) {
  return unwrap(await api.GET('/api/v1/contacts/{id}', { params: { path: { id } } }));
}

export const contactQuery = (id: string) =>
  queryOptions({ queryKey: ['contact', id], queryFn: () => fetchContact(id) });

/**
 * The contact's conversations. Not under the `['conversations']` key (those caches hold the inbox
 * list's shape, which the command palette reads); the panel refreshes it when they are invalidated.
 */
export const contactConversationsQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: ['contact-conversations', id],
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/contacts/{id}/conversations', {
          params: { path: { id }, query: { limit: 20, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** One conversation of a contact as `GET /contacts/{id}/conversations` lists it. */
export type ContactConversation =
  paths['/api/v1/contacts/{id}/conversations']['get']['responses'][200]['content']['application/json']['data'][number];

/**
 * `PATCH /contacts/{id}`: the answer replaces the cached contact; a new name also refreshes the
 * conversation header and lists that show it.
 */
export function useUpdateContact(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (patch: ContactPatch) =>
      unwrap(await api.PATCH('/api/v1/contacts/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: (contact, patch) => {
      qc.setQueryData(contactQuery(id).queryKey, contact);
      if (patch.name !== undefined) {
        void qc.invalidateQueries({ queryKey: ['conversation'] });
        void qc.invalidateQueries({ queryKey: ['conversations'] });
      }
    },
  });
}

/** Open merge suggestions of contact `id` (`GET /contacts/{id}/merge-suggestions`). */
export const mergeSuggestionsQuery = (id: string) =>
  queryOptions({
    queryKey: ['contact-merge-suggestions', id],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/contacts/{id}/merge-suggestions', {
          params: { path: { id }, query: { status: 'open', limit: 20 } },
        }),
      ).data,
  });

/** Merges contact `id` took part in, newest first (`GET /contacts/{id}/merges`). */
export const mergesQuery = (id: string) =>
  queryOptions({
    queryKey: ['contact-merges', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/contacts/{id}/merges', { params: { path: { id } } })).data,
  });

/** A merge suggestion and a merge as the API answers them. */
export type MergeSuggestion = Awaited<
  ReturnType<NonNullable<ReturnType<typeof mergeSuggestionsQuery>['queryFn']>>
>[number];
export type ContactMerge = Awaited<
  ReturnType<NonNullable<ReturnType<typeof mergesQuery>['queryFn']>>
>[number];

/**
 * After a merge or unmerge, everything that shows contacts or conversations of either contact:
 * conversations move between contacts, identities between panels.
 */
function useRefreshAfterMerge() {
  const qc = useQueryClient();
  return () => {
    for (const key of [
      'contact',
      'contact-conversations',
      'contact-merge-suggestions',
      'contact-merges',
      'conversation',
      'conversations',
      'contacts',
    ])
      void qc.invalidateQueries({ queryKey: [key] });
  };
}

/** Accept (merge) or dismiss a suggestion of contact `id`. */
export function useDecideSuggestion(id: string) {
  const refresh = useRefreshAfterMerge();
  return useMutation({
    mutationFn: async ({ suggestionId, accept }: { suggestionId: string; accept: boolean }) => {
      const params = { path: { id, suggestionId } };
      if (accept)
        unwrap(
          await api.POST('/api/v1/contacts/{id}/merge-suggestions/{suggestionId}/accept', {
            params,
            body: {},
          }),
        );
      else
        unwrap(await api.POST('/api/v1/contacts/{id}/merge-suggestions/{suggestionId}/dismiss', { params }));
    },
    onSuccess: refresh,
  });
}

/** Merge contact `sourceContactId` into contact `id` (`POST /contacts/{id}/merges`). */
export function useMergeInto(id: string) {
  const refresh = useRefreshAfterMerge();
  return useMutation({
    mutationFn: async (body: { sourceContactId: string; reason: string }) =>
      unwrap(await api.POST('/api/v1/contacts/{id}/merges', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

/** Undo merge `mergeId` of contact `id`. */
export function useUnmerge(id: string) {
  const refresh = useRefreshAfterMerge();
  return useMutation({
    mutationFn: async ({ mergeId, reason }: { mergeId: string; reason: string }) =>
      unwrap(
        await api.POST('/api/v1/contacts/{id}/merges/{mergeId}/unmerge', {
          params: { path: { id, mergeId } },
          body: { reason },
        }),
      ),
    onSuccess: refresh,
  });
}
