/**
 * Customers server state: per-contact LTV rows (`GET /intelligence/ltv/contacts`), keyset pages of
 * 50, sorted by the API (`clv`: highest CLV first; `churn_risk`: lowest P(alive) first).
 */
import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';

/** The API's sort orders of the LTV list. */
export type CustomerSort = 'clv' | 'churn_risk';

/** Pages of `{contactId, name, customerId, pAlive, expectedPurchases30/90/365, clvMinor, currency, …}`. */
export const customersQuery = (sort: CustomerSort, atRisk: boolean) =>
  infiniteQueryOptions({
    queryKey: ['ltv-contacts', sort, atRisk],
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/intelligence/ltv/contacts', {
          params: { query: { limit: 50, sort, cursor: pageParam, ...(atRisk ? { atRisk: true } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
