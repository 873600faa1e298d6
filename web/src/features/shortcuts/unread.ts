/**
 * The tab's title and icon tell how many messages wait unread: "(N) Inbox · Omnify" and a favicon
 * with a red dot while the signed-in user has unread inbound messages, plain "Omnify" otherwise.
 * N sums `unreadCount` over the user's conversations with unread messages (`GET /conversations?
 * unread=true`, the first 200 such conversations; the counts route has no unread figure). Its
 * query key sits under `['conversations']`, so whatever refreshes the list (live events, a status
 * change, a read mark) refreshes it too.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';
import plainIcon from './favicon.svg?no-inline';
import unreadIcon from './favicon-unread.svg?no-inline';

/** The signed-in user's unread inbound messages over their unread conversations (a number ≥ 0). */
export const unreadTotalQuery = queryOptions({
  queryKey: ['conversations', 'unread-total'] as const,
  queryFn: async () => {
    const page = unwrap(
      await api.GET('/api/v1/conversations', { params: { query: { unread: true, limit: 200 } } }),
    );
    return page.data.reduce((n, c) => n + c.unreadCount, 0);
  },
  // Read marks send no live event: coming back to the tab (read elsewhere meanwhile) refetches it.
  staleTime: 0,
});

/** Points the page's `<link rel="icon">` (made when missing) at the plain or the badged icon. */
function setFavicon(unread: boolean): void {
  let link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
  if (!link) {
    link = document.createElement('link');
    link.rel = 'icon';
    link.type = 'image/svg+xml';
    document.head.append(link);
  }
  const href = unread ? unreadIcon : plainIcon;
  if (link.getAttribute('href') !== href) link.setAttribute('href', href);
  link.dataset.unread = String(unread);
}

/** Keeps the title and favicon in step with the unread total; restores both on unmount (sign-out). */
export function useUnreadTitle(): void {
  const t = useT();
  const n = useQuery(unreadTotalQuery).data ?? 0;
  const appName = t('app.name');
  const title = n > 0 ? t('shortcuts.title.unread', { count: n > 99 ? '99+' : n }) : appName;
  useEffect(() => {
    document.title = title;
    setFavicon(n > 0);
  }, [title, n]);
  useEffect(
    () => () => {
      document.title = appName;
      setFavicon(false);
    },
    [appName],
  );
}
