import { Center, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { conversationQuery } from './queries.ts';
import type { TimelineList as List, Start } from './TimelineList.tsx';

/**
 * The list and the rows' renderer (bubbles, quotes, reactions, ticks) are a chunk of their own that
 * starts loading with this module, alongside the conversation and its first page of messages: the
 * inbox route's bundle stays small and nothing waits longer.
 */
const listModule = import('./TimelineList.tsx');
let loadedList: typeof List | null = null;
listModule.then(
  (m) => {
    loadedList = m.TimelineList;
  },
  () => undefined,
);

/** The list once loaded (undefined meanwhile, null when it could not be loaded). */
function useList(): typeof List | null | undefined {
  const [list, setList] = useState<typeof List | null | undefined>(() => loadedList ?? undefined);
  useEffect(() => {
    if (list !== undefined) return;
    listModule.then(
      (m) => setList(() => m.TimelineList),
      () => setList(null),
    );
  }, [list]);
  return list;
}

/**
 * A conversation's messages, newest at the bottom, virtualized (TanStack Virtual, rows measured as
 * they render). It opens at `?at=<messageId>` (highlighted), else at the signed-in user's first
 * unread message under an "Unread messages" line, else at the newest; older pages load when the top
 * comes near, newer ones near the bottom, and the reading position stays put when older messages
 * are prepended. Quoted replies jump to the quoted message; "Jump to latest" appears when scrolled
 * up (with the count of messages that arrived meanwhile). Reading the newest messages marks the
 * conversation read.
 */
export function Timeline({
  conversationId,
  at,
  onLeaveAt,
}: {
  conversationId: string;
  /** A message to open at, highlighted (the conversation page's `?at=`). */
  at?: string;
  /** Called when the reader leaves `at` for the newest messages (the page drops `?at=`). */
  onLeaveAt?: () => void;
}) {
  const t = useT();
  const c = useQuery(conversationQuery(conversationId));
  const [start, setStart] = useState<Start | null>(null);
  const openAt = useCallback(
    (anchor: string | null, highlight: string | null) =>
      setStart((s) => ({
        anchor,
        fallback: null,
        unread: s?.unread ?? null,
        highlight,
        seq: (s?.seq ?? 0) + 1,
      })),
    [],
  );
  // Where to open is decided once, from a fresh read of the conversation (its read position).
  useEffect(() => {
    if (start || !c.data || c.isFetching) return;
    const unread = c.data.firstUnreadMessageId ?? null;
    setStart({ anchor: at ?? unread, fallback: at ? unread : null, unread, highlight: at ?? null, seq: 0 });
  }, [start, c.data, c.isFetching, at]);
  // A later `?at=` (another search hit in this conversation) opens there.
  const seenAt = useRef(at);
  useEffect(() => {
    if (at === seenAt.current) return;
    seenAt.current = at;
    if (at) openAt(at, at);
  }, [at, openAt]);
  const jumpToLatest = useCallback(() => {
    openAt(null, null);
    if (at) {
      seenAt.current = undefined;
      onLeaveAt?.();
    }
  }, [openAt, at, onLeaveAt]);

  const TimelineList = useList();
  if (TimelineList === null)
    return (
      <Center style={{ flex: 1 }}>
        <Text c="red">{t('app.error.title')}</Text>
      </Center>
    );
  if (!start || !c.data || !TimelineList)
    return (
      <Center style={{ flex: 1 }}>
        <Loader size="sm" role="status" aria-label={t('app.loading')} />
      </Center>
    );
  return (
    <TimelineList
      key={`${start.anchor}:${start.seq}`}
      conversationId={conversationId}
      start={start}
      platform={c.data.platform}
      contactName={c.data.contact.name}
      unreadCount={c.data.unreadCount}
      openAt={openAt}
      jumpToLatest={jumpToLatest}
    />
  );
}
