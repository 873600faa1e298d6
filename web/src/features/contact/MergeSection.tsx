/**
 * One person across channels, in the contact panel: possible duplicates (merge suggestions with
 * their confidence and reason; Merge or "Not the same person"), merging another contact found by
 * search (with an optional reason), and the contact's merge history: every merge and automatic
 * link with who did it (a member, an API key or Omnify itself), when and why; each undoable with a
 * reason (an automatic link is detached) (docs/contacts.md). Agents and up act; viewers read.
 * The manual merge is MergeSearch.tsx, a history entry MergeEntry.tsx.
 */
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useT } from '../../i18n/useT.ts';
import { MergeEntry } from './MergeEntry.tsx';
import { MergeSearch } from './MergeSearch.tsx';
import { type MergeSuggestion, mergeSuggestionsQuery, mergesQuery, useDecideSuggestion } from './queries.ts';

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

/** One merge suggestion: the other contact, the confidence and reason; Merge / Not the same person (agents). */
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
