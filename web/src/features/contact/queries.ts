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
