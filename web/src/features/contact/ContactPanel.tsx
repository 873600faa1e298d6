/**
 * The contact panel of a conversation: who the customer is (name, editable inline; phone, e-mail),
 * their identity on each platform with the channels they write to, what the LTV model predicts
 * (P(alive), expected purchases, lifetime value), custom attributes, their other conversations and
 * the team's notes (autosaved), possible duplicates and merge history (one person across
 * channels: MergeSection.tsx). Agents and up edit; viewers read. Loaded lazily with the pane
 * (ContactPane.tsx), so the inbox bundle does not carry it.
 */
import {
  ActionIcon,
  Badge,
  Box,
  CheckIcon,
  CloseIcon,
  Group,
  Loader,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { PlatformIcon } from '../inbox/PlatformIcon.tsx';
import { AttributesEditor } from './AttributesEditor.tsx';
import { ContactConversations } from './ContactConversations.tsx';
import { LtvSection } from './LtvSection.tsx';
import { MergeHistory, MergeSuggestions } from './MergeSection.tsx';
import { NotesEditor } from './NotesEditor.tsx';
import { type Contact, contactQuery, useUpdateContact } from './queries.ts';

/** The panel's content for contact `contactId`, seen from conversation `conversationId`. */
export function ContactPanel({ contactId, conversationId }: { contactId: string; conversationId: string }) {
  const t = useT();
  const { data: me } = useQuery(meQuery);
  const q = useQuery(contactQuery(contactId));
  if (q.isPending)
    return (
      <Box p="md" ta="center">
        <Loader size="sm" role="status" aria-label={t('app.loading')} />
      </Box>
    );
  if (q.isError)
    return (
      <Text c="red" size="sm" p="md" role="alert">
        {q.error.message}
      </Text>
    );
  const contact = q.data;
  const canEdit = atLeast(me, 'agent');
  return (
    <Stack gap="lg" p="md" data-testid="contact-panel">
      <Box>
        <NameEditor key={contact.id} contact={contact} canEdit={canEdit} />
        {[contact.phoneE164, contact.email]
          // A phone number the identities already show is not repeated.
          .filter(
            (line) => line && !contact.identities.some((i) => shownHandle(i.platform, i.handle) === line),
          )
          .map((line) => (
            <Text key={line} size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {line}
            </Text>
          ))}
      </Box>
      <Section title={t('contact.identities')}>
        <Identities contact={contact} />
      </Section>
      <Section title={t('contact.merge.title')}>
        <MergeSuggestions contactId={contact.id} canEdit={canEdit} />
      </Section>
      <Section title={t('contact.ltv')}>
        <LtvSection contact={contact} />
      </Section>
      <Section title={t('contact.attributes')}>
        <AttributesEditor contact={contact} canEdit={canEdit} />
      </Section>
      <Section title={t('contact.conversations')}>
        <ContactConversations contactId={contact.id} currentId={conversationId} />
      </Section>
      <Section title={t('contact.notes')}>
        <NotesEditor key={contact.id} contact={contact} canEdit={canEdit} />
      </Section>
      <Section title={t('contact.merge.history')}>
        <MergeHistory contactId={contact.id} canEdit={canEdit} />
      </Section>
    </Stack>
  );
}

/** A titled part of the panel (a heading, not a landmark: the panel itself is one). */
function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box>
      <Text
        component="h4"
        size="xs"
        fw={700}
        c="dimmed"
        tt="uppercase"
        mt={0}
        mb={6}
        style={{ letterSpacing: 0.5 }}
      >
        {title}
      </Text>
      {children}
    </Box>
  );
}

/** The name as a heading; agents edit it in place (Enter saves, Escape cancels, empty clears it). */
function NameEditor({ contact, canEdit }: { contact: Contact; canEdit: boolean }) {
  const t = useT();
  const update = useUpdateContact(contact.id);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  if (editing) {
    const save = () => {
      const name = value.trim();
      if (name === (contact.name ?? '')) return setEditing(false);
      update.mutate({ name: name === '' ? null : name }, { onSuccess: () => setEditing(false) });
    };
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Group gap={4} wrap="nowrap" align="flex-start">
          <TextInput
            aria-label={t('contact.name')}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setEditing(false);
              }
            }}
            maxLength={200}
            error={update.error?.message}
            data-autofocus
            autoFocus
            style={{ flex: 1 }}
          />
          <ActionIcon type="submit" size="lg" aria-label={t('contact.save')} loading={update.isPending}>
            <CheckIcon size={14} />
          </ActionIcon>
          <ActionIcon
            size="lg"
            variant="default"
            aria-label={t('contact.cancel')}
            onClick={() => setEditing(false)}
          >
            <CloseIcon size="16" />
          </ActionIcon>
        </Group>
      </form>
    );
  }
  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      <Text
        component="h3"
        fz="h4"
        fw={700}
        lh={1.3}
        m={0}
        style={{ overflowWrap: 'anywhere' }}
        data-testid="contact-name"
      >
        {contact.name ?? t('inbox.unknownContact')}
      </Text>
      {canEdit && (
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t('contact.name.edit')}
          onClick={() => {
            update.reset();
            setValue(contact.name ?? '');
            setEditing(true);
          }}
        >
          <IconPencil size={16} />
        </ActionIcon>
      )}
    </Group>
  );
}

/** A handle as people write it: WhatsApp ids are phone numbers without their `+`. */
const shownHandle = (platform: string, handle: string) =>
  platform === 'whatsapp' && /^\d+$/.test(handle) ? `+${handle}` : handle;

/** Each identity: platform icon, the name the platform gives, the handle and the channels it writes to. */
function Identities({ contact }: { contact: Contact }) {
  const t = useT();
  if (contact.identities.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('contact.identities.none')}
      </Text>
    );
  return (
    <Stack gap={8} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {contact.identities.map((i) => (
        <Group
          key={i.id}
          component="li"
          gap={8}
          wrap="nowrap"
          align="flex-start"
          data-testid="contact-identity"
        >
          <Box pt={3}>
            <PlatformIcon platform={i.platform} />
          </Box>
          <Box style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
              {shownHandle(i.platform, i.handle)}
              {i.username && ` · @${i.username}`}
              {i.linked !== 'created' && (
                <Badge size="xs" variant="light" color="gray" ml={6} data-testid="identity-linked">
                  {t(i.linked === 'auto' ? 'contact.identity.auto' : 'contact.identity.merged')}
                </Badge>
              )}
            </Text>
            {(i.displayName || i.channels.length > 0) && (
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {[
                  i.displayName,
                  i.channels.length > 0 &&
                    t('contact.via', { channels: i.channels.map((c) => c.name).join(', ') }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            )}
          </Box>
        </Group>
      ))}
    </Stack>
  );
}
