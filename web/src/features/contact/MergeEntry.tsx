/**
 * One entry of a contact's merge history (MergeSection.tsx): a merge or an automatic link, who did
 * it (a member, an API key or Omnify itself), when and why, and its undo (or detach) with a reason,
 * or who undid it (docs/contacts.md).
 */
import { Button, Group, Paper, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedRelativeTime } from 'react-intl';
import { useT } from '../../i18n/useT.ts';
import { membersQuery } from '../inbox/queries.ts';
import { type ContactMerge, useUnmerge } from './queries.ts';

/** Seconds from now to the ISO 8601 time `iso` (negative in the past), for FormattedRelativeTime. */
const secondsAgo = (iso: string) => Math.round((Date.parse(iso) - Date.now()) / 1000);

/** Names an actor of the audit: Omnify itself, a member by name, or an API key by the start of its id. */
function useActorName() {
  const t = useT();
  const members = useQuery(membersQuery).data ?? [];
  return (id: string | null, kind: ContactMerge['mergedByKind']) => {
    if (kind === 'system' || id === 'system') return t('contact.merge.bySystem');
    const member = members.find((m) => m.id === id);
    if (member) return member.name;
    if (kind === 'user') return t('contact.merge.byFormerMember');
    return t('contact.merge.byApiKey', { id: (id ?? '').slice(0, 8) });
  };
}

/**
 * Merge `m` as seen from contact `contactId`; `canEdit` (agents and up) shows Undo (Detach for an
 * automatic link), which asks for a reason (else the default) before unmerging.
 */
export function MergeEntry({
  m,
  contactId,
  canEdit,
}: {
  m: ContactMerge;
  contactId: string;
  canEdit: boolean;
}) {
  const t = useT();
  const who = useActorName();
  const unmerge = useUnmerge(contactId);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const unknown = t('inbox.unknownContact');
  const undoLabel = t(m.automatic ? 'contact.merge.detach' : 'contact.merge.undo');
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="merge-entry" data-automatic={m.automatic || undefined}>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {m.automatic
          ? m.reason
          : t('contact.merge.entry', { source: m.sourceName ?? unknown, target: m.targetName ?? unknown })}
      </Text>
      <Text size="xs" c="dimmed" data-testid="merge-by">
        {t('contact.merge.by', { who: who(m.mergedBy, m.mergedByKind) })}
        {' · '}
        <FormattedRelativeTime value={secondsAgo(m.mergedAt)} numeric="auto" updateIntervalInSeconds={60} />
        {!m.automatic && (
          <>
            {' · '}
            {t('contact.merge.moved', {
              identities: m.moved.identities,
              conversations: m.moved.conversations,
            })}
          </>
        )}
      </Text>
      {!m.automatic && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t('contact.merge.why', { reason: m.reason })}
        </Text>
      )}
      {m.unmergedAt ? (
        <Text
          size="xs"
          c="dimmed"
          fs="italic"
          data-testid="merge-undone"
          style={{ overflowWrap: 'anywhere' }}
        >
          {t(m.automatic ? 'contact.merge.detached' : 'contact.merge.undone', {
            who: who(m.unmergedBy, m.unmergedByKind),
          })}
          {' · '}
          <FormattedRelativeTime
            value={secondsAgo(m.unmergedAt)}
            numeric="auto"
            updateIntervalInSeconds={60}
          />
          {m.unmergeReason && ` · ${t('contact.merge.why', { reason: m.unmergeReason })}`}
        </Text>
      ) : (
        canEdit &&
        (asking ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              unmerge.mutate({ mergeId: m.id, reason: reason.trim() || t('contact.merge.undoDefault') });
            }}
          >
            <Group gap={4} mt={6} wrap="nowrap">
              <TextInput
                size="xs"
                autoFocus
                style={{ flex: 1 }}
                aria-label={t(m.automatic ? 'contact.merge.detachReason' : 'contact.merge.undoReason')}
                placeholder={t('contact.merge.undoDefault')}
                value={reason}
                maxLength={500}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
              <Button type="submit" size="compact-xs" color="red" loading={unmerge.isPending}>
                {undoLabel}
              </Button>
            </Group>
          </form>
        ) : (
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            mt={4}
            title={m.automatic ? t('contact.merge.detachHint') : undefined}
            onClick={() => setAsking(true)}
          >
            {undoLabel}
          </Button>
        ))
      )}
      {unmerge.error && (
        <Text size="xs" c="red" role="alert">
          {unmerge.error.message}
        </Text>
      )}
    </Paper>
  );
}
