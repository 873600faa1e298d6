/**
 * The team's notes on a contact, autosaved: a change is saved 800 ms after typing stops and when the
 * field loses focus (and, if still unsaved, when the panel closes), with a "Saving… / Saved" line
 * read out politely by screen readers. A failed save says why and is retried on the next change or
 * blur. Notes changed elsewhere replace the text only while nothing typed here is unsaved. Viewers
 * read them.
 */
import { CheckIcon, Group, Text, Textarea } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { type Contact, useUpdateContact } from './queries.ts';

/** Quiet time after the last keystroke before the notes are saved (ms). */
const AUTOSAVE_MS = 800;
/** The API's limit (characters). */
const MAX_NOTES = 10_000;

type SaveState = 'idle' | 'saving' | 'saved' | 'error';

export function NotesEditor({ contact, canEdit }: { contact: Contact; canEdit: boolean }) {
  const t = useT();
  const { mutate, error } = useUpdateContact(contact.id);
  const [text, setText] = useState(contact.notes);
  const [state, setState] = useState<SaveState>('idle');
  /** What the server holds (the last notes loaded or saved). */
  const saved = useRef(contact.notes);
  /** The text on screen, for the save on unmount. */
  const latest = useRef(text);
  latest.current = text;
  const inFlight = useRef(false);

  // Notes changed elsewhere (another user, a refetch) show here unless unsaved typing would be lost.
  useEffect(() => {
    if (latest.current === saved.current && !inFlight.current) {
      saved.current = contact.notes;
      setText(contact.notes);
    }
  }, [contact.notes]);

  const save = useCallback(() => {
    const value = latest.current;
    if (value === saved.current || inFlight.current) return;
    inFlight.current = true;
    setState('saving');
    mutate(
      { notes: value },
      {
        onSuccess: () => {
          saved.current = value;
          setState('saved');
        },
        onError: () => setState('error'),
        onSettled: () => {
          inFlight.current = false;
          // Typed on while that save was in flight: save again.
          if (latest.current !== saved.current) window.setTimeout(save, 0);
        },
      },
    );
  }, [mutate]);

  useEffect(() => {
    if (text === saved.current) return;
    const timer = window.setTimeout(save, AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [text, save]);

  // Leaving with unsaved notes (panel closed, another contact): save them.
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => () => saveRef.current(), []);

  if (!canEdit)
    return (
      <Text size="sm" c={contact.notes ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap' }}>
        {contact.notes || t('contact.notes.none')}
      </Text>
    );
  return (
    <>
      <Textarea
        aria-label={t('contact.notes')}
        placeholder={t('contact.notes.placeholder')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={save}
        autosize
        minRows={3}
        maxRows={12}
        maxLength={MAX_NOTES}
      />
      <Group gap={4} mt={4} mih={18} role="status" aria-live="polite" data-testid="notes-status">
        {state === 'saving' && (
          <Text size="xs" c="dimmed">
            {t('contact.notes.saving')}
          </Text>
        )}
        {state === 'saved' && text === saved.current && (
          <>
            <CheckIcon size={12} color="var(--mantine-color-teal-8)" aria-hidden />
            <Text size="xs" c="teal.8">
              {t('contact.notes.saved')}
            </Text>
          </>
        )}
        {state === 'error' && (
          <Text size="xs" c="red">
            {t('contact.notes.error', { error: error?.message ?? '' })}
          </Text>
        )}
      </Group>
    </>
  );
}
