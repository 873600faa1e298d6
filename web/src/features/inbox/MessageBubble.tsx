import { ActionIcon, Box, Divider, Group, Paper, Text, Tooltip, UnstyledButton } from '@mantine/core';
import {
  IconAlertCircle,
  IconCheck,
  IconChecks,
  IconClock,
  IconInfoCircle,
  IconMailOpened,
  IconRobot,
  IconUser,
} from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { FormattedDate, FormattedTime } from 'react-intl';
import { useT } from '../../i18n/useT.ts';
import { DraftActions } from './DraftActions.tsx';
import { useContentLabel } from './media-label.ts';
import type { Message } from './queries.ts';

type Reaction = Message['reactions'][number];
type Quote = NonNullable<Message['replyTo']>;

/** What a row needs to know beyond its message. */
export interface RowContext {
  /** The contact's name (quotes of the contact's messages). */
  contactName: string | null;
  /** Names of the workspace's members by user id (the sender of a team message). */
  memberNames: Map<string, string>;
  /** The viewer may write (agents and up): pending agent drafts get "Send" and "Edit". */
  canWrite: boolean;
  /** Shows the quoted message (scrolls to it, or opens the timeline there). */
  onQuote: (messageId: string) => void;
  /** Opens an inbound message's original e-mail; null unless the conversation is on e-mail. */
  onViewOriginal: ((messageId: string) => void) | null;
}

/** Media placeholders load with the first media message (their icons stay out of the route's bundle). */
const MediaBlock = lazy(() => import('./MediaBlock.tsx').then((m) => ({ default: m.MediaBlock })));

/** Local calendar day of an ISO timestamp, for day separators. */
const dayOf = (iso: string) => new Date(iso).toDateString();

/**
 * One row of the timeline: a day separator when the day changes, the "Unread messages" line above
 * the first unread message, and the message.
 */
export function TimelineRow({
  m,
  prev,
  unread,
  highlighted,
  ctx,
}: {
  m: Message;
  prev: Message | undefined;
  unread: boolean;
  highlighted: boolean;
  ctx: RowContext;
}) {
  const t = useT();
  return (
    <Box px="md" py={3}>
      {(!prev || dayOf(prev.createdAt) !== dayOf(m.createdAt)) && (
        <Divider
          my="xs"
          labelPosition="center"
          label={<FormattedDate value={m.createdAt} dateStyle="medium" />}
        />
      )}
      {unread && (
        <Divider
          my="xs"
          color="red.6"
          labelPosition="center"
          data-testid="unread-separator"
          label={
            <Text size="xs" fw={700} c="light-dark(var(--mantine-color-red-8), var(--mantine-color-red-4))">
              {t('timeline.unread')}
            </Text>
          }
        />
      )}
      {m.senderKind === 'system' ? (
        <SystemMessage m={m} highlighted={highlighted} />
      ) : (
        <Bubble m={m} highlighted={highlighted} ctx={ctx} />
      )}
    </Box>
  );
}

const ring = (on: boolean) => ({
  boxShadow: on ? '0 0 0 3px var(--mantine-color-yellow-5)' : undefined,
  transition: 'box-shadow 600ms ease',
});

function SystemMessage({ m, highlighted }: { m: Message; highlighted: boolean }) {
  const t = useT();
  return (
    <Group
      justify="center"
      data-testid="message"
      data-sender="system"
      data-message-id={m.id}
      data-highlighted={highlighted ? 'true' : undefined}
    >
      <Paper px="sm" py={4} radius="xl" bg="var(--mantine-color-default-hover)" style={ring(highlighted)}>
        <Group gap={6} wrap="nowrap">
          <IconInfoCircle size={14} aria-label={t('conversation.sender.system')} role="img" />
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {m.text}
          </Text>
          <Text size="xs" c="dimmed">
            <FormattedTime value={m.createdAt} />
          </Text>
        </Group>
      </Paper>
    </Group>
  );
}

function SenderLabel({ m, ctx }: { m: Message; ctx: RowContext }) {
  const t = useT();
  if (m.private)
    return (
      // A dark amber: Mantine's yellow.9 on the yellow bubble is 2.7:1; this is 5.5:1 (WCAG AA).
      <Text size="xs" fw={600} c="light-dark(#8f5300, var(--mantine-color-yellow-4))">
        {m.senderKind !== 'agent'
          ? t('conversation.note')
          : m.sentAt
            ? t('conversation.draftSent')
            : t('conversation.draft')}
      </Text>
    );
  if (m.senderKind === 'contact') return null;
  const agent = m.senderKind === 'agent';
  const name = agent
    ? t('conversation.sender.agent')
    : ((m.senderUserId && ctx.memberNames.get(m.senderUserId)) ?? t('conversation.sender.user'));
  return (
    <Group gap={4} wrap="nowrap" data-testid="sender">
      <Box
        component="span"
        aria-hidden
        bg={agent ? 'teal.7' : 'indigo.7'}
        c="white"
        style={{ display: 'inline-flex', padding: 3, borderRadius: '50%' }}
      >
        {agent ? <IconRobot size={12} /> : <IconUser size={12} />}
      </Box>
      <Text size="xs" fw={600} c="dimmed">
        {name}
      </Text>
    </Group>
  );
}

function Bubble({ m, highlighted, ctx }: { m: Message; highlighted: boolean; ctx: RowContext }) {
  const t = useT();
  const mine = m.direction === 'outbound';
  const media = m.media;
  // A media message's text is its caption; a location's or contact card's is its title, shown above.
  const text = media?.title && m.text === media.title ? null : m.text;
  return (
    <Box
      data-testid="message"
      data-sender={m.senderKind}
      data-private={m.private ? 'true' : undefined}
      data-message-id={m.id}
      data-highlighted={highlighted ? 'true' : undefined}
      style={{ display: 'flex', flexDirection: 'column', alignItems: mine ? 'flex-end' : 'flex-start' }}
    >
      <Paper
        px="sm"
        py={6}
        maw="75%"
        radius="lg"
        bg={
          m.private
            ? 'var(--mantine-color-yellow-light)'
            : mine
              ? m.senderKind === 'agent'
                ? 'var(--mantine-color-teal-light)'
                : 'var(--mantine-primary-color-light)'
              : 'var(--mantine-color-default-hover)'
        }
        withBorder={m.private}
        style={{
          ...(m.private ? { borderColor: 'var(--mantine-color-yellow-filled)', borderStyle: 'dashed' } : {}),
          ...ring(highlighted),
          minWidth: 0,
        }}
      >
        <SenderLabel m={m} ctx={ctx} />
        {m.replyTo && <QuoteBlock q={m.replyTo} ctx={ctx} />}
        {media && (
          <Suspense fallback={<Box h={50} miw={180} />}>
            <MediaBlock media={media} conversationId={m.conversationId} messageId={m.id} />
          </Suspense>
        )}
        {text !== null ? (
          <Text size="sm" mt={media ? 4 : 0} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {text}
          </Text>
        ) : (
          !media && (
            <Text size="sm" fs="italic" c="dimmed">
              {t('inbox.media', { type: m.contentType })}
            </Text>
          )
        )}
        <Group gap={4} justify="flex-end">
          {ctx.onViewOriginal && !mine && <ViewOriginal onClick={() => ctx.onViewOriginal?.(m.id)} />}
          <Text size="xs" c="dimmed">
            <FormattedTime value={m.createdAt} />
          </Text>
          {mine && m.status && <Tick status={m.status} reason={m.error?.message ?? m.error?.code} />}
        </Group>
        {ctx.canWrite && m.private && m.senderKind === 'agent' && !m.sentAt && m.text && (
          <DraftActions m={m} text={m.text} />
        )}
      </Paper>
      {m.reactions.length > 0 && <Reactions reactions={m.reactions} />}
    </Box>
  );
}

/** "View original" of an e-mail (Chatwoot has it too): opens the mail as received, sanitized. */
function ViewOriginal({ onClick }: { onClick: () => void }) {
  const t = useT();
  const label = t('timeline.original.view');
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="sm"
        aria-label={label}
        onClick={onClick}
        data-testid="view-original"
      >
        <IconMailOpened size={14} />
      </ActionIcon>
    </Tooltip>
  );
}

/** The quoted message above a reply; a click shows it in the timeline. */
function QuoteBlock({ q, ctx }: { q: Quote; ctx: RowContext }) {
  const t = useT();
  const label = useContentLabel();
  const box = {
    display: 'block',
    width: '100%',
    borderLeft: '3px solid var(--mantine-primary-color-filled)',
    background: 'var(--mantine-color-body)',
    borderRadius: 6,
    padding: '3px 8px',
    margin: '2px 0 4px',
  } as const;
  if (!q.messageId)
    return (
      <Box style={box} data-testid="quote">
        <Text size="xs" fs="italic" c="dimmed">
          {t('timeline.quote.unavailable')}
        </Text>
      </Box>
    );
  const sender =
    q.senderKind === 'contact'
      ? (ctx.contactName ?? t('conversation.sender.contact'))
      : t(`conversation.sender.${q.senderKind ?? 'user'}`);
  const id = q.messageId;
  return (
    <UnstyledButton
      style={box}
      data-testid="quote"
      onClick={() => ctx.onQuote(id)}
      aria-label={t('timeline.quote.jump', { sender })}
    >
      <Text size="xs" fw={700} c="var(--mantine-color-anchor)" truncate>
        {sender}
      </Text>
      <Text size="xs" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
        {q.text ?? (q.contentType ? label(q.contentType) : '')}
      </Text>
    </UnstyledButton>
  );
}

function Reactions({ reactions }: { reactions: Reaction[] }) {
  const t = useT();
  const who = (r: Reaction) => {
    const team = r.count - (r.fromContact ? 1 : 0);
    if (!r.fromContact) return t('timeline.reaction.team', { count: team });
    return team > 0 ? t('timeline.reaction.both', { count: team }) : t('timeline.reaction.contact');
  };
  return (
    <Group gap={4} mt={-4} px={6} role="group" aria-label={t('timeline.reactions')} style={{ zIndex: 1 }}>
      {reactions.map((r) => (
        <Box
          key={r.emoji}
          component="span"
          role="img"
          aria-label={t('timeline.reaction', { emoji: r.emoji, who: who(r) })}
          data-testid="reaction"
          px={6}
          style={{
            fontSize: 15,
            lineHeight: '22px',
            borderRadius: 12,
            background: 'var(--mantine-color-body)',
            border: '1px solid var(--mantine-color-default-border)',
          }}
        >
          {r.emoji}
          {r.count > 1 && (
            <Text span size="xs" ml={2}>
              {r.count}
            </Text>
          )}
        </Box>
      ))}
    </Group>
  );
}

function Tick({ status, reason }: { status: NonNullable<Message['status']>; reason?: string | null }) {
  const t = useT();
  const label = status === 'failed' && reason ? `${t('status.failed')}: ${reason}` : t(`status.${status}`);
  const icon =
    status === 'queued' ? (
      <IconClock size={14} />
    ) : status === 'sent' ? (
      <IconCheck size={14} />
    ) : status === 'failed' ? (
      <IconAlertCircle size={14} color="var(--mantine-color-red-6)" />
    ) : (
      <IconChecks size={14} color={status === 'read' ? 'var(--mantine-color-blue-6)' : undefined} />
    );
  return (
    <Tooltip label={label}>
      <span role="img" aria-label={label} data-status={status} style={{ display: 'inline-flex' }}>
        {icon}
      </span>
    </Tooltip>
  );
}
