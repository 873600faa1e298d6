import { Box, Center, Loader, Text } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { JumpToLatest } from './JumpToLatest.tsx';
import { type RowContext, TimelineRow } from './MessageBubble.tsx';
import { membersQuery } from './queries.ts';
import { timelineQuery } from './timeline-query.ts';

/*
 * The timeline's list (Timeline.tsx decides where it opens): a chunk of its own with the rows'
 * renderer (MessageBubble.tsx), loaded as the conversation opens.
 */

/** An e-mail's "View original" dialog: its own chunk, loaded when first opened. */
const EmailOriginalModal = lazy(() => import('./EmailOriginalModal.tsx'));

/** Where the timeline opens: around `anchor` (null: the newest), with the unread line and a highlight. */
export interface Start {
  anchor: string | null;
  /** Where to open when `anchor` is not in this conversation (a stale `?at=`): the unread line. */
  fallback: string | null;
  /** The first message the user had not read when the conversation opened (the "Unread messages" line). */
  unread: string | null;
  /** Highlighted briefly once shown (`?at=`, a quoted message). */
  highlight: string | null;
  /** Bumped to reopen at the same anchor. */
  seq: number;
}

/** How long a message opened by `?at=` or a quote stays highlighted (ms). */
const HIGHLIGHT_MS = 2500;
/** Rows from an end of the loaded messages at which the next page there is fetched. */
const EDGE_ROWS = 8;
/** Pixels from the bottom that still count as "at the latest". */
const BOTTOM_SLACK = 48;

/**
 * The virtualized list of a conversation's messages opened at `start` (see Timeline.tsx): rows
 * measured as they render, newest at the bottom, older pages loaded near the top and newer ones near
 * the bottom with the reading position kept when older messages are prepended, "Jump to latest"
 * when scrolled up, and the conversation marked read once its newest messages are on screen.
 */
export function TimelineList({
  conversationId,
  start,
  platform,
  contactName,
  unreadCount,
  openAt,
  jumpToLatest,
}: {
  conversationId: string;
  start: Start;
  /** The conversation's platform: e-mail messages have their original. */
  platform: string;
  contactName: string | null;
  unreadCount: number;
  openAt: (anchor: string, highlight: string) => void;
  jumpToLatest: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const q = useInfiniteQuery(timelineQuery(conversationId, start.anchor, start.fallback));
  const messages = useMemo(() => q.data?.pages.flatMap((p) => p.messages) ?? [], [q.data]);
  const me = useQuery(meQuery).data;
  const members = useQuery(membersQuery).data;
  const parent = useRef<HTMLDivElement>(null);

  const getItemKey = useCallback((i: number) => messages[i]?.id ?? i, [messages]);
  // The first loaded message shows its day separator; once older messages go in above it, the
  // separator goes when they are of the same local day (or stays, for another day). That row then
  // changes height where the reader is looking: the scroll position follows, so its message stays put.
  const firstId = messages[0]?.id;
  const previousFirst = useRef<string | undefined>(undefined);
  const boundary = previousFirst.current !== firstId ? previousFirst.current : undefined;
  previousFirst.current = firstId;
  const boundaryRef = useRef<string | undefined>(undefined);
  if (boundary) boundaryRef.current = boundary;
  const v = useVirtualizer({
    count: messages.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 72,
    getItemKey,
    overscan: 6,
    paddingStart: 8,
    paddingEnd: 8,
    scrollPaddingStart: 32,
    // Prepending older pages keeps the rows on screen where they are; new messages are followed
    // while the reader is at the bottom.
    anchorTo: 'end',
    followOnAppend: true,
  });
  v.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, instance) => {
    const top = instance.scrollOffset ?? 0;
    if (item.key === boundaryRef.current) return item.start < top + (instance.scrollRect?.height ?? 0);
    return item.end <= top; // as the library's default: rows wholly above the viewport
  };

  const [highlight, setHighlight] = useState(start.highlight);
  useEffect(() => {
    if (!highlight) return;
    const timer = window.setTimeout(() => setHighlight(null), HIGHLIGHT_MS);
    return () => window.clearTimeout(timer);
  }, [highlight]);

  // Open at the anchor (or the newest) once the first page is there; then load pages at the edges.
  const [ready, setReady] = useState(false);
  const positioned = useRef(false);
  useLayoutEffect(() => {
    if (positioned.current || q.isPending) return;
    positioned.current = true;
    // The message the first page was opened around (the fallback when the anchor was not found).
    const anchor = q.data?.pages[0]?.anchor ?? null;
    const index = anchor ? messages.findIndex((m) => m.id === anchor) : -1;
    if (index >= 0) v.scrollToIndex(index, { align: anchor === start.highlight ? 'center' : 'start' });
    else if (messages.length > 0) v.scrollToIndex(messages.length - 1, { align: 'end' });
    // Two frames: the rows are measured and the scroll position settled before edges load.
    requestAnimationFrame(() => requestAnimationFrame(() => setReady(true)));
  }, [q.isPending, q.data, messages, start, v]);

  const items = v.getVirtualItems();
  const firstIndex = items[0]?.index;
  const lastIndex = items.at(-1)?.index;
  // Once the newest message was loaded, newer pages can only be new arrivals that a refetch left
  // out (it keeps the number of pages): they are loaded wherever the reader is.
  const hadNewest = useRef(false);
  if (!q.isPending && !q.hasNextPage) hadNewest.current = true;
  useEffect(() => {
    if (!ready || q.isFetching || firstIndex === undefined || lastIndex === undefined) return;
    if (firstIndex < EDGE_ROWS && q.hasPreviousPage) void q.fetchPreviousPage();
    else if (q.hasNextPage && (hadNewest.current || lastIndex >= messages.length - EDGE_ROWS))
      void q.fetchNextPage();
  }, [ready, firstIndex, lastIndex, messages.length, q]);

  // At the bottom: follow, count what arrives while away, mark read.
  const [atBottom, setAtBottom] = useState(true);
  const onScroll = () => {
    const el = parent.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;
    if (bottom !== atBottom) setAtBottom(bottom);
  };
  const atLatest = atBottom && !q.hasNextPage;
  const newest = messages.at(-1)?.id;
  const seenNewest = useRef<string | undefined>(undefined);
  if (atLatest || seenNewest.current === undefined) seenNewest.current = newest;
  const seenIndex = messages.findIndex((m) => m.id === seenNewest.current);
  const newCount = atLatest || seenIndex < 0 ? 0 : messages.length - 1 - seenIndex;

  const markRead = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/conversations/{id}/read', { params: { path: { id: conversationId } } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['conversation', conversationId] });
      void qc.invalidateQueries({ queryKey: ['conversations'] });
      void qc.invalidateQueries({ queryKey: ['conversation-counts'] });
    },
  });
  const markedAt = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!ready || !atLatest || unreadCount <= 0 || !newest || markedAt.current === newest) return;
    if (document.visibilityState !== 'visible') return;
    markedAt.current = newest;
    markRead.mutate();
  }, [ready, atLatest, unreadCount, newest, markRead]);

  // The message whose original e-mail is shown (the dialog stays while its row scrolls away).
  const [original, setOriginal] = useState<string | null>(null);
  const ctx: RowContext = useMemo(
    () => ({
      contactName,
      canWrite: atLeast(me, 'agent'),
      memberNames: new Map((members ?? []).map((m) => [m.id, m.name])),
      onQuote: (id) => {
        const index = messages.findIndex((m) => m.id === id);
        if (index < 0) return openAt(id, id);
        v.scrollToIndex(index, { align: 'center' });
        setHighlight(id);
      },
      onViewOriginal: platform === 'email' ? setOriginal : null,
    }),
    [contactName, me, members, messages, openAt, v, platform],
  );

  if (q.isPending)
    return (
      <Center style={{ flex: 1 }}>
        <Loader size="sm" role="status" aria-label={t('app.loading')} />
      </Center>
    );
  if (q.isError)
    return (
      <Center style={{ flex: 1 }}>
        <Text c="red">{q.error.message}</Text>
      </Center>
    );
  return (
    <Box style={{ flex: 1, minHeight: 0, position: 'relative', display: 'flex', flexDirection: 'column' }}>
      <Box
        ref={parent}
        onScroll={onScroll}
        role="log"
        aria-label={t('timeline.label')}
        tabIndex={0}
        data-testid="timeline"
        data-ready={ready ? 'true' : undefined}
        data-count={messages.length}
        data-has-older={String(q.hasPreviousPage)}
        style={{ flex: 1, minHeight: 0, overflowY: 'auto', display: 'flex', flexDirection: 'column' }}
      >
        {messages.length === 0 ? (
          <Center style={{ flex: 1 }}>
            <Text c="dimmed">{t('inbox.noMessages')}</Text>
          </Center>
        ) : (
          // Few messages sit at the bottom, as in a chat.
          <Box style={{ height: v.getTotalSize(), position: 'relative', marginTop: 'auto', flexShrink: 0 }}>
            {items.map((item) => {
              const m = messages[item.index]!;
              return (
                <div
                  key={item.key}
                  ref={v.measureElement}
                  data-index={item.index}
                  data-testid="timeline-row"
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  <TimelineRow
                    m={m}
                    prev={messages[item.index - 1]}
                    unread={m.id === start.unread}
                    highlighted={m.id === highlight}
                    ctx={ctx}
                  />
                </div>
              );
            })}
          </Box>
        )}
      </Box>
      {(q.isFetchingPreviousPage || q.isFetchingNextPage) && (
        <Center
          style={{
            position: 'absolute',
            left: 0,
            right: 0,
            ...(q.isFetchingPreviousPage ? { top: 8 } : { bottom: 8 }),
            pointerEvents: 'none',
          }}
        >
          <Loader
            size="xs"
            role="status"
            aria-label={q.isFetchingPreviousPage ? t('timeline.loadingOlder') : t('timeline.loadingNewer')}
          />
        </Center>
      )}
      {ready && !atLatest && messages.length > 0 && (
        <JumpToLatest
          newCount={newCount}
          onClick={() => {
            if (q.hasNextPage) jumpToLatest();
            else v.scrollToIndex(messages.length - 1, { align: 'end' });
          }}
        />
      )}
      {original && (
        <Suspense fallback={null}>
          <EmailOriginalModal
            conversationId={conversationId}
            messageId={original}
            onClose={() => setOriginal(null)}
          />
        </Suspense>
      )}
    </Box>
  );
}
