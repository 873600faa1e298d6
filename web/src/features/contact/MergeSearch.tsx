/**
 * The manual merge in the contact panel (MergeSection.tsx): search another contact and merge it
 * into this one, with an optional reason (docs/contacts.md).
 */
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';
import { useMergeInto } from './queries.ts';

/**
 * Find another contact by name, phone, e-mail or handle (`GET /api/v1/contacts?q=`, from 2
 * characters, 5 results, this contact left out), and merge it into contact `contactId` with the
 * reason typed (else the default manual reason). Collapsed to a button until opened; Escape closes.
 */
export function MergeSearch({ contactId }: { contactId: string }) {
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
