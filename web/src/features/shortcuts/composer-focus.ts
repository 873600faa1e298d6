/**
 * How the keyboard shortcuts reach the composer without importing it: `focusComposer(mode)`
 * dispatches a window `CustomEvent` (`omnify:focus-composer`, detail `{ mode }`) that the open
 * conversation's composer listens for with {@link useComposerFocus}. Nothing happens when no
 * composer is on the page (no conversation open, or a viewer, who has none).
 */
import { type RefObject, useEffect, useEffectEvent, useRef } from 'react';

/** The composer's two modes: a reply to the contact, or a private note for the team. */
export type ComposerMode = 'reply' | 'note';

const FOCUS_COMPOSER = 'omnify:focus-composer';

/** Asks the open composer to switch to `mode` and take the focus (caret at the end of its draft). */
export function focusComposer(mode: ComposerMode): void {
  window.dispatchEvent(new CustomEvent(FOCUS_COMPOSER, { detail: { mode } }));
}

/**
 * For the composer: returns the ref to put on its text box; on {@link focusComposer}, calls
 * `setMode(mode)` and then focuses the box with the caret after its text (on the next frame, once
 * the mode's draft is in the box).
 */
export function useComposerFocus(
  setMode: (mode: ComposerMode) => void,
): RefObject<HTMLTextAreaElement | null> {
  const box = useRef<HTMLTextAreaElement>(null);
  const onFocus = useEffectEvent((mode: ComposerMode) => {
    setMode(mode);
    requestAnimationFrame(() => {
      const el = box.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
    });
  });
  useEffect(() => {
    const listener = (e: Event) => {
      const mode = (e as CustomEvent<{ mode?: unknown }>).detail?.mode;
      if (mode === 'reply' || mode === 'note') onFocus(mode);
    };
    window.addEventListener(FOCUS_COMPOSER, listener);
    return () => window.removeEventListener(FOCUS_COMPOSER, listener);
  }, []);
  return box;
}
