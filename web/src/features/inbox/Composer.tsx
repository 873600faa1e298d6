import {
  Alert,
  Box,
  Button,
  CloseButton,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { useComposerFocus } from '../shortcuts/composer-focus.ts';
import { TemplatePickerPopover, useTemplatePicker } from '../templates/TemplatePicker.tsx';
import { conversationQuery } from './queries.ts';

type Mode = 'reply' | 'note';
interface Pending {
  key: number;
  mode: Mode;
  text: string;
  /** The agent draft this reply sends (edited), if any. */
  draftId?: string;
  error?: string;
  /** The draft was sent already (409): offer to send the text as a new reply. */
  draftTaken?: boolean;
}

const draftKey = (conversationId: string, mode: Mode) => `omnify:draft:${conversationId}:${mode}`;
/** The agent draft whose edit is in the reply box (its message id), kept with the box's text. */
const sourceKey = (conversationId: string) => `omnify:draft:${conversationId}:reply:from`;

const USE_DRAFT = 'omnify:use-draft';

/** How often, at most, the composer tells the server a person is typing (ms): the server's own limit. */
const TYPING_EVERY_MS = 5_000;

/**
 * Puts an agent's draft (handoff `assisted`, message `draftId`) into the conversation's composer,
 * in reply mode, to edit; sending it then sends that draft with the edited text ({@link sendDraft}).
 */
export function fillComposerWithDraft(conversationId: string, text: string, draftId: string): void {
  window.dispatchEvent(new CustomEvent(USE_DRAFT, { detail: { conversationId, text, draftId } }));
}

/**
 * Sends agent draft `draftId` of the conversation as the user's reply, with `text` (their edit) or
 * as written; the draft is then marked sent (`sentAt`). Throws an ApiError (409 when it was sent
 * already).
 */
export async function sendDraft(conversationId: string, draftId: string, text?: string) {
  return unwrap(
    await api.POST('/api/v1/conversations/{id}/drafts/{messageId}/send', {
      params: { path: { id: conversationId, messageId: draftId } },
      body: text === undefined ? {} : { text },
    }),
  );
}

async function send(conversationId: string, p: Pending) {
  const path = { path: { id: conversationId } };
  const text = p.text;
  if (p.mode === 'reply' && p.draftId) return sendDraft(conversationId, p.draftId, text);
  return p.mode === 'note'
    ? unwrap(await api.POST('/api/v1/conversations/{id}/notes', { params: path, body: { text } }))
    : unwrap(await api.POST('/api/v1/conversations/{id}/messages', { params: path, body: { text } }));
}

/**
 * The composer: a Reply / Private note switch whose mode sticks after sending (a note turns the
 * box yellow; the server never sends notes to the contact), Enter sends and Shift+Enter breaks
 * the line, one draft per conversation and mode autosaved after 500 ms, optimistic sending with a
 * failure state and retry. In both modes `/` opens the canned responses (features/templates/:
 * ↑/↓, Enter or Tab inserts one with its variables filled from the contact, the signed-in user and
 * the workspace). An agent's draft ({@link fillComposerWithDraft}) replaces the reply box's text;
 * while it is there (a line above the box says so), sending sends that draft with the edit.
 * While a reply (not a note) is typed, the contact is shown "typing…" (`POST
 * /conversations/{id}/typing`, at most every 5 s).
 */
export function Composer({ conversationId }: { conversationId: string }) {
  const t = useT();
  const qc = useQueryClient();
  const [mode, setMode] = useState<Mode>('reply');
  // Shortcuts R / N (features/shortcuts/composer-focus.ts): switch the mode and focus the box.
  const box = useComposerFocus(setMode);
  const [text, setText] = useState('');
  const [pending, setPending] = useState<Pending[]>([]);
  // The agent draft being edited in the reply box (null: the box holds a new reply).
  const [fromDraft, setFromDraftState] = useState<string | null>(null);
  const setFromDraft = (id: string | null) => {
    setFromDraftState(id);
    if (id) localStorage.setItem(sourceKey(conversationId), id);
    else localStorage.removeItem(sourceKey(conversationId));
  };
  useEffect(
    () => setText(localStorage.getItem(draftKey(conversationId, mode)) ?? ''),
    [conversationId, mode],
  );
  useEffect(() => setFromDraftState(localStorage.getItem(sourceKey(conversationId))), [conversationId]);
  // The contact sees "typing…" while a reply is written: at the first keystroke, then every 5 s of
  // typing (a leading-edge throttle, not a debounce: the indicator must show while typing, not
  // after). Notes are never announced; a failed call is of no concern to the typist.
  const typingAt = useRef({ conversationId, at: 0 });
  const announceTyping = () => {
    const now = Date.now();
    const last = typingAt.current;
    if (last.conversationId === conversationId && now - last.at < TYPING_EVERY_MS) return;
    typingAt.current = { conversationId, at: now };
    api
      .POST('/api/v1/conversations/{id}/typing', { params: { path: { id: conversationId } } })
      .catch(() => undefined);
  };
  const saveDraft = useDebouncedCallback((value: string) => {
    if (value) localStorage.setItem(draftKey(conversationId, mode), value);
    else localStorage.removeItem(draftKey(conversationId, mode));
  }, 500);
  // "Edit" on an agent's draft: it becomes the reply draft, in the box, focused.
  useEffect(() => {
    const onDraft = (e: Event) => {
      const d = (e as CustomEvent<{ conversationId?: unknown; text?: unknown; draftId?: unknown }>).detail;
      if (d?.conversationId !== conversationId || typeof d.text !== 'string') return;
      if (typeof d.draftId !== 'string') return;
      localStorage.setItem(draftKey(conversationId, 'reply'), d.text);
      localStorage.setItem(sourceKey(conversationId), d.draftId);
      setFromDraftState(d.draftId);
      setMode('reply');
      setText(d.text);
      requestAnimationFrame(() => box.current?.focus());
    };
    window.addEventListener(USE_DRAFT, onDraft);
    return () => window.removeEventListener(USE_DRAFT, onDraft);
  }, [conversationId, box]);

  // Canned responses: variables come from the conversation's contact and the session (both cached).
  const { data: conversation } = useQuery(conversationQuery(conversationId));
  const { data: me } = useQuery(meQuery);
  const picker = useTemplatePicker({
    box,
    text,
    context: { contact: conversation?.contact, user: me?.user, workspace: me?.workspace },
    onInsert: (value) => {
      setText(value);
      saveDraft(value);
    },
  });

  const submit = (p: Pending) => {
    setPending((list) => [
      ...list.filter((x) => x.key !== p.key),
      { ...p, error: undefined, draftTaken: undefined },
    ]);
    send(conversationId, p).then(
      async () => {
        await qc.invalidateQueries({ queryKey: ['messages', conversationId] });
        void qc.invalidateQueries({ queryKey: ['conversations'] });
        setPending((list) => list.filter((x) => x.key !== p.key));
      },
      (e: Error) => {
        const draftTaken = !!p.draftId && e instanceof ApiError && e.status === 409;
        setPending((list) => list.map((x) => (x.key === p.key ? { ...x, error: e.message, draftTaken } : x)));
      },
    );
  };
  const onSend = () => {
    const body = text.trim();
    if (!body) return;
    setText('');
    localStorage.removeItem(draftKey(conversationId, mode));
    const draftId = mode === 'reply' && fromDraft ? fromDraft : undefined;
    if (draftId) setFromDraft(null);
    submit({ key: Date.now(), mode, text: body, draftId });
  };
  const note = mode === 'note';
  return (
    <Box
      p="sm"
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
      bg={note ? 'var(--mantine-color-yellow-light)' : undefined}
    >
      <Stack gap={6}>
        {pending.map((p) => (
          <Alert
            key={p.key}
            color={p.error ? 'red' : 'gray'}
            variant="light"
            p={6}
            data-testid="pending-message"
          >
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" truncate>
                {p.error ? t('composer.failed', { reason: p.error }) : p.text}
              </Text>
              {p.error && (
                <Button
                  size="compact-xs"
                  onClick={() => submit(p.draftTaken ? { ...p, draftId: undefined } : p)}
                >
                  {p.draftTaken ? t('composer.sendAsReply') : t('composer.retry')}
                </Button>
              )}
            </Group>
          </Alert>
        ))}
        <SegmentedControl
          size="xs"
          w="fit-content"
          value={mode}
          onChange={(v) => setMode(v as Mode)}
          color={note ? 'yellow' : undefined}
          autoContrast
          data={[
            { value: 'reply', label: t('composer.reply') },
            { value: 'note', label: t('composer.note') },
          ]}
        />
        {!note && fromDraft && (
          <Group gap={4} wrap="nowrap" data-testid="composer-from-draft">
            <Text size="xs" c="dimmed">
              {t('composer.fromDraft')}
            </Text>
            <CloseButton
              size="xs"
              aria-label={t('composer.fromDraft.detach')}
              onClick={() => setFromDraft(null)}
            />
          </Group>
        )}
        <Group align="flex-end" wrap="nowrap" gap="xs">
          <TemplatePickerPopover picker={picker}>
            <Textarea
              ref={box}
              {...picker.targetProps}
              style={{ flex: 1 }}
              autosize
              minRows={1}
              maxRows={8}
              aria-label={note ? t('composer.note') : t('composer.reply')}
              placeholder={note ? t('composer.placeholder.note') : t('composer.placeholder.reply')}
              value={text}
              onChange={(e) => {
                setText(e.currentTarget.value);
                saveDraft(e.currentTarget.value);
                // An emptied box holds no draft any more: what is typed next is a new reply.
                if (!e.currentTarget.value && !note && fromDraft) setFromDraft(null);
                if (e.currentTarget.value.trim() && !note) announceTyping();
                picker.track(e.currentTarget);
              }}
              onKeyDown={(e) => {
                if (picker.onKeyDown(e)) return;
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  onSend();
                }
              }}
            />
          </TemplatePickerPopover>
          <Button
            onClick={onSend}
            color={note ? 'yellow' : undefined}
            // White on yellow is 2.1:1; autoContrast picks dark text for a light colour (WCAG AA).
            autoContrast
            disabled={!text.trim()}
          >
            {t('composer.send')}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}
