import { Loader, Popover } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import {
  type FocusEvent,
  type KeyboardEvent,
  lazy,
  type ReactElement,
  type RefObject,
  Suspense,
  type SyntheticEvent,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { TemplateContext } from './render.ts';
import { findSlashTrigger, replaceTrigger, type SlashTrigger } from './slash.ts';

/**
 * The composer's canned-response picker, in two parts to keep the inbox's JavaScript small: this
 * file (loaded with the composer) watches the caret for a `/word` and holds the popover; the list
 * itself — the templates query, the filtering, the highlighted option and ↑/↓/Enter/Tab, the
 * variables — is `TemplateOptions.tsx`, loaded when the text box first takes the focus.
 */

/** What {@link useTemplatePicker} needs from the composer. */
export interface TemplatePickerOptions {
  /** The composer's text box. */
  box: RefObject<HTMLTextAreaElement | null>;
  /** The box's current text. */
  text: string;
  /** What the variables are filled from (contact, signed-in user, workspace). */
  context: TemplateContext;
  /** Called with the new text once a template replaced the `/word`. */
  onInsert: (text: string) => void;
}

/** The keys the open list handles (↑/↓, Enter, Tab): true when it used the key. */
export type PickerKeys = (e: KeyboardEvent<HTMLTextAreaElement>) => boolean;

/** The picker's state, shared by the composer and the list. */
export interface TemplatePicker {
  opened: boolean;
  /** The `/word` being typed (null when none). */
  trigger: SlashTrigger | null;
  /** DOM id of the list (`listbox`); its options are `${listId}-option-${i}`. */
  listId: string;
  context: TemplateContext;
  /** Set by the open list: its key handler. */
  keys: RefObject<PickerKeys | null>;
  /** The list reports its highlighted option's id (for `aria-activedescendant`), undefined when none. */
  setActiveId: (id: string | undefined) => void;
  /** Replaces the `/word` with `text` (a template already filled in) and puts the caret after it. */
  insert: (text: string) => void;
  /** Handles Escape (closes the list until the `/word` is left) and hands other keys to the list. */
  onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  /** Props for the text box: caret tracking, focus and the ARIA attributes of an autocomplete. */
  targetProps: {
    onSelect: (e: SyntheticEvent<HTMLTextAreaElement>) => void;
    onFocus: (e: FocusEvent<HTMLTextAreaElement>) => void;
    onBlur: () => void;
    'aria-autocomplete': 'list';
    'aria-controls': string | undefined;
    'aria-activedescendant': string | undefined;
  };
  /** Call from the box's onChange with the box (keeps the caret in step with the text). */
  track: (el: HTMLTextAreaElement) => void;
}

/** The list's code. */
const loadOptions = () => import('./TemplateOptions.tsx');
const TemplateOptions = lazy(() => loadOptions().then((m) => ({ default: m.TemplateOptions })));

/**
 * The composer's canned-response picker: `/` at the start of the text or after whitespace opens
 * the list of templates matching what follows it (`TemplateOptions.tsx`); the chosen one — its
 * `{{variables}}` filled from `context` — replaces the `/word`; Escape closes the list until the
 * `/word` is left. The text box keeps the focus throughout.
 */
export function useTemplatePicker({ box, text, context, onInsert }: TemplatePickerOptions): TemplatePicker {
  const listId = useId();
  const qc = useQueryClient();
  const [caret, setCaret] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [activeId, setActiveId] = useState<string | undefined>();
  const keys = useRef<PickerKeys | null>(null);
  const trigger = useMemo(() => findSlashTrigger(text, caret), [text, caret]);
  useEffect(() => {
    if (!trigger) setDismissedAt(null);
  }, [trigger]);
  const opened = focused && trigger !== null && dismissedAt !== trigger.start;

  const track = (el: HTMLTextAreaElement) =>
    setCaret(el.selectionStart === el.selectionEnd ? el.selectionStart : null);

  const insert = (value: string) => {
    const el = box.current;
    if (!trigger || !el) return;
    const next = replaceTrigger(text, trigger, caret ?? el.selectionStart, value);
    onInsert(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  return {
    opened,
    trigger,
    listId,
    context,
    keys,
    setActiveId,
    insert,
    track,
    onKeyDown: (e) => {
      if (!opened || !trigger || e.nativeEvent.isComposing) return false;
      if (e.key === 'Escape') {
        setDismissedAt(trigger.start);
        e.preventDefault();
        return true;
      }
      return keys.current?.(e) ?? false;
    },
    targetProps: {
      onSelect: (e) => track(e.currentTarget),
      onFocus: (e) => {
        setFocused(true);
        track(e.currentTarget);
        // Ready before the first `/`: the list's code and the first page of templates.
        void loadOptions().then((m) => m.prefetchTemplates(qc));
      },
      onBlur: () => setFocused(false),
      'aria-autocomplete': 'list',
      'aria-controls': opened && activeId ? listId : undefined,
      'aria-activedescendant': opened ? activeId : undefined,
    },
  };
}

/**
 * The picker's list, in a popover above the composer's text box (`children`, which keeps the
 * focus: options are chosen by keyboard or by click without moving it).
 */
export function TemplatePickerPopover({
  picker,
  children,
}: {
  picker: TemplatePicker;
  children: ReactElement;
}) {
  return (
    <Popover
      opened={picker.opened}
      position="top-start"
      width="target"
      withRoles={false}
      trapFocus={false}
      returnFocus={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      transitionProps={{ duration: 0 }}
      shadow="md"
      middlewares={{ flip: true, shift: true }}
    >
      <Popover.Target>{children}</Popover.Target>
      <Popover.Dropdown p={4} data-testid="template-picker">
        {picker.opened && (
          <Suspense fallback={<Loader size="xs" m={8} />}>
            <TemplateOptions picker={picker} />
          </Suspense>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
