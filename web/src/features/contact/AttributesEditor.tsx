/**
 * A contact's custom attributes as key–value rows. Agents add one (key and value), change a value in
 * place or remove one; each change is a `PATCH` of that key only (the server merges), so two people
 * editing different keys do not overwrite each other. An edited value keeps its type when the new
 * text still reads as one (a number stays a number, yes/no a boolean); new values are text.
 */
import { ActionIcon, Box, Button, CheckIcon, CloseIcon, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { useIntl } from 'react-intl';
import { useT } from '../../i18n/useT.ts';
import { type AttributeValue, type Contact, useUpdateContact } from './queries.ts';

/** The text typed for an attribute, as a value of the type `previous` had where it still reads as one. */
function parseAttribute(text: string, previous: AttributeValue | undefined): AttributeValue {
  const trimmed = text.trim();
  if (typeof previous === 'number' && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (typeof previous === 'boolean') {
    if (/^(true|yes)$/i.test(trimmed)) return true;
    if (/^(false|no)$/i.test(trimmed)) return false;
  }
  return text;
}

export function AttributesEditor({ contact, canEdit }: { contact: Contact; canEdit: boolean }) {
  const t = useT();
  const intl = useIntl();
  const update = useUpdateContact(contact.id);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const entries = Object.entries(contact.attributes).sort(([a], [b]) => a.localeCompare(b));
  const shown = (v: AttributeValue) =>
    typeof v === 'boolean'
      ? t(v ? 'contact.attributes.yes' : 'contact.attributes.no')
      : typeof v === 'number'
        ? intl.formatNumber(v)
        : v;
  const close = () => {
    setEditing(null);
    setAdding(false);
    update.reset();
  };
  const save = (k: string, v: AttributeValue) =>
    update.mutate({ attributes: { [k]: v } }, { onSuccess: close });
  const cancelOnEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    }
  };

  return (
    <Stack gap={6}>
      {entries.length === 0 && !adding && (
        <Text size="sm" c="dimmed">
          {t('contact.attributes.none')}
        </Text>
      )}
      {entries.length > 0 && (
        <Box component="dl" m={0} data-testid="contact-attributes">
          {entries.map(([k, v]) => (
            <Group key={k} gap={6} wrap="nowrap" align="center" py={2} data-testid="contact-attribute">
              <Text
                component="dt"
                size="xs"
                c="dimmed"
                w="38%"
                style={{ flexShrink: 0, overflowWrap: 'anywhere' }}
              >
                {k}
              </Text>
              {editing === k ? (
                <Box component="dd" m={0} style={{ flex: 1, minWidth: 0 }}>
                  <form
                    onSubmit={(e: FormEvent) => {
                      e.preventDefault();
                      save(k, parseAttribute(value, v));
                    }}
                  >
                    <Group gap={4} wrap="nowrap">
                      <TextInput
                        size="xs"
                        aria-label={t('contact.attributes.value')}
                        value={value}
                        onChange={(e) => setValue(e.currentTarget.value)}
                        onKeyDown={cancelOnEscape}
                        maxLength={500}
                        autoFocus
                        style={{ flex: 1 }}
                      />
                      <ActionIcon
                        type="submit"
                        size="md"
                        aria-label={t('contact.save')}
                        loading={update.isPending}
                      >
                        <CheckIcon size={12} />
                      </ActionIcon>
                      <ActionIcon
                        size="md"
                        variant="default"
                        aria-label={t('contact.cancel')}
                        onClick={close}
                      >
                        <CloseIcon size="14" />
                      </ActionIcon>
                    </Group>
                  </form>
                </Box>
              ) : (
                <Group component="dd" m={0} gap={4} wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
                  <Text size="sm" style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
                    {shown(v)}
                  </Text>
                  {canEdit && (
                    <Group gap={0} wrap="nowrap" style={{ flexShrink: 0 }}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-label={t('contact.attributes.edit', { key: k })}
                        onClick={() => {
                          close();
                          setValue(typeof v === 'string' ? v : shown(v));
                          setEditing(k);
                        }}
                      >
                        <IconPencil size={14} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-label={t('contact.attributes.remove', { key: k })}
                        onClick={() => update.mutate({ attributes: { [k]: null } })}
                      >
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Group>
                  )}
                </Group>
              )}
            </Group>
          ))}
        </Box>
      )}
      {adding && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (key.trim()) save(key.trim(), value);
          }}
        >
          <Stack gap={6}>
            <Group gap={6} wrap="nowrap" align="flex-start">
              <TextInput
                size="xs"
                label={t('contact.attributes.key')}
                value={key}
                onChange={(e) => setKey(e.currentTarget.value)}
                onKeyDown={cancelOnEscape}
                maxLength={64}
                required
                autoFocus
                style={{ flex: 2 }}
              />
              <TextInput
                size="xs"
                label={t('contact.attributes.value')}
                value={value}
                onChange={(e) => setValue(e.currentTarget.value)}
                onKeyDown={cancelOnEscape}
                maxLength={500}
                style={{ flex: 3 }}
              />
            </Group>
            <Group gap={6} justify="flex-end">
              <Button size="xs" variant="default" onClick={close}>
                {t('contact.cancel')}
              </Button>
              <Button size="xs" type="submit" loading={update.isPending}>
                {t('contact.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {update.error && (
        <Text size="xs" c="red" role="alert">
          {update.error.message}
        </Text>
      )}
      {canEdit && !adding && (
        <Group>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => {
              close();
              setKey('');
              setValue('');
              setAdding(true);
            }}
          >
            {t('contact.attributes.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
