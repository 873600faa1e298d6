/**
 * One person across channels, in the contact panel: possible duplicates (merge suggestions with
 * their confidence and reason; Merge or "Not the same person"), merging another contact found by
 * search (with an optional reason), and the contact's merge history: every merge and automatic
 * link with who did it (a member, an API key or Omnify itself), when and why; each undoable with a
 * reason (an automatic link is detached) (docs/contacts.md). Agents and up act; viewers read.
 */
import { Badge, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedRelativeTime } from 'react-intl';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';
import { membersQuery } from '../inbox/queries.ts';
import {
  type ContactMerge,
  type MergeSuggestion,
  mergeSuggestionsQuery,
  mergesQuery,
  useDecideSuggestion,
  useMergeInto,
  useUnmerge,
} from './queries.ts';

const secondsAgo = (iso: string) => Math.round((Date.parse(iso) - Date.now()) / 1000);

/** Suggestions and the manual merge (agents), for contact `contactId`. */
export function MergeSuggestions({ contactId, canEdit }: { contactId: string; canEdit: boolean }) {
  const t = useT();
  const q = useQuery(mergeSuggestionsQuery(contactId));
  const decide = useDecideSuggestion(contactId);
  const list = q.data ?? [];
  return (
    <Stack gap={8}>
      {list.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('contact.merge.none')}
        </Text>
      )}
      {list.map((s) => (
        <SuggestionCard
          key={s.id}
          s={s}
          contactId={contactId}
          canEdit={canEdit}
          busy={decide.isPending}
          onDecide={(accept) => decide.mutate({ suggestionId: s.id, accept })}
        />
      ))}
      {decide.error && (
        <Text size="xs" c="red" role="alert">
          {decide.error.message}
        </Text>
      )}
      {canEdit && <MergeSearch contactId={contactId} />}
    </Stack>
  );
}

function SuggestionCard(p: {
  s: MergeSuggestion;
  contactId: string;
  canEdit: boolean;
  busy: boolean;
  onDecide: (accept: boolean) => void;
}) {
  const t = useT();
  const other = p.s.contactId === p.contactId ? p.s.otherContactName : p.s.contactName;
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="merge-suggestion">
      <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {t('contact.merge.maybe', { name: other ?? t('inbox.unknownContact') })}
        </Text>
        <Badge
          size="sm"
          variant="light"
          color={p.s.confidence >= 0.8 ? 'teal' : 'gray'}
          style={{ flexShrink: 0, overflow: 'visible' }}
          title={t('contact.merge.confidence')}
        >
          {Math.round(p.s.confidence * 100)}%
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mt={2}>
        {p.s.reason}
      </Text>
      {p.canEdit && (
        <Group gap={6} mt={6}>
          <Button size="compact-xs" loading={p.busy} onClick={() => p.onDecide(true)}>
            {t('contact.merge.accept')}
          </Button>
          <Button size="compact-xs" variant="default" disabled={p.busy} onClick={() => p.onDecide(false)}>
            {t('contact.merge.dismiss')}
          </Button>
        </Group>
      )}
    </Paper>
  );
}

/** Find another contact by name, phone, e-mail or handle, and merge it into this one. */
function MergeSearch({ contactId }: { contactId: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [term, setTerm] = useState('');
  const [reason, setReason] = useState('');
  const merge = useMergeInto(contactId);
  const found = useQuery({
    queryKey: ['contacts', 'merge-search', term],
    enabled: open && term.trim().length >= 2,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/contacts', { params: { query: { q: term.trim(), limit: 5 } } })).data,
  });
  if (!open)
    return (
      <Button
        size="compact-xs"
        variant="subtle"
        onClick={() => setOpen(true)}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('contact.merge.search')}
      </Button>
    );
  const others = (found.data ?? []).filter((c) => c.id !== contactId);
  return (
    <Stack gap={4}>
      <TextInput
        size="xs"
        autoFocus
        aria-label={t('contact.merge.search')}
        placeholder={t('contact.merge.searchPlaceholder')}
        value={term}
        onChange={(e) => setTerm(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      />
      <TextInput
        size="xs"
        aria-label={t('contact.merge.reason')}
        placeholder={t('contact.merge.manualReason')}
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      {others.map((c) => (
        <Group key={c.id} justify="space-between" gap={4} wrap="nowrap">
          <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
            {c.name ?? t('inbox.unknownContact')}
            {c.identities.length > 0 && ` · ${c.identities.map((i) => i.platform).join(', ')}`}
          </Text>
          <Button
            size="compact-xs"
            variant="light"
            loading={merge.isPending}
            onClick={() =>
              merge.mutate(
                { sourceContactId: c.id, reason: reason.trim() || t('contact.merge.manualReason') },
                { onSuccess: () => setOpen(false) },
              )
            }
          >
            {t('contact.merge.here')}
          </Button>
        </Group>
      ))}
      {found.isSuccess && others.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('contact.merge.noMatch')}
        </Text>
      )}
      {merge.error && (
        <Text size="xs" c="red" role="alert">
          {merge.error.message}
        </Text>
      )}
    </Stack>
  );
}

/** The contact's merges, newest first; a merge not undone yet has Undo (agents), asking why. */
export function MergeHistory({ contactId, canEdit }: { contactId: string; canEdit: boolean }) {
  const t = useT();
  const q = useQuery(mergesQuery(contactId));
  const list = q.data ?? [];
  if (list.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('contact.merge.historyNone')}
      </Text>
    );
  return (
    <Stack gap={6}>
      {list.map((m) => (
        <MergeEntry key={m.id} m={m} contactId={contactId} canEdit={canEdit} />
      ))}
    </Stack>
  );
}

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

function MergeEntry({ m, contactId, canEdit }: { m: ContactMerge; contactId: string; canEdit: boolean }) {
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
