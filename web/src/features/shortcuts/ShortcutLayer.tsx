/**
 * The eagerly loaded part of the keyboard shortcuts, kept small: `ShortcutLayer` loads the keyboard
 * layer (KeyboardLayer.tsx: the bindings, the command palette, the help and the unread tab title)
 * after the first render, so none of it weighs on the routes' first load; `ShortcutsMenuItem` opens
 * the help from the user menu; and the conversation list publishes its order here for `j` / `k`
 * (the list keeps the last order after it unmounts: at phone width an open conversation hides it).
 */
import { Menu, Text } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useT } from '../../i18n/useT.ts';

// Re-exported so the bundler keeps this small module in the entry chunk (which the composer's chunk
// and the lazy layer both load) rather than in a chunk of its own.
export { focusComposer, useComposerFocus } from './composer-focus.ts';

const KeyboardLayer = lazy(() => import('./KeyboardLayer.tsx').then((m) => ({ default: m.KeyboardLayer })));

/** The conversation list's ids, top to bottom (the pages loaded so far). */
let order: readonly string[] = [];

/** Called by the conversation list whenever its rows change. */
export function publishConversationOrder(ids: readonly string[]): void {
  order = ids;
}

/**
 * The id `step` rows away from `currentId` in the list (`+1` next, `-1` previous), clamped to the
 * list's ends; the first row when `currentId` is absent or not in the list; null for an empty list.
 */
export function neighbourConversation(currentId: string | undefined, step: 1 | -1): string | null {
  if (order.length === 0) return null;
  const at = currentId ? order.indexOf(currentId) : -1;
  if (at < 0) return order[0]!;
  return order[Math.min(order.length - 1, Math.max(0, at + step))]!;
}

/** The window event that opens the shortcuts help (listened to by the keyboard layer). */
export const SHOW_HELP = 'omnify:show-shortcuts';

/** Opens the keyboard shortcuts dialog (for a menu item or a button outside the layer). */
export function showShortcutsHelp(): void {
  window.dispatchEvent(new Event(SHOW_HELP));
}

/** "Keyboard shortcuts  ?" for a Mantine menu (the user menu in the header). */
export function ShortcutsMenuItem() {
  const t = useT();
  return (
    <Menu.Item
      onClick={showShortcutsHelp}
      rightSection={
        <Text span size="xs" c="dimmed" aria-hidden>
          ?
        </Text>
      }
    >
      {t('shortcuts.help.title')}
    </Menu.Item>
  );
}

/** Mount once in the signed-in shell; `onSignOut` is the shell's sign-out, offered in the palette. */
export function ShortcutLayer({ onSignOut }: { onSignOut: () => void }) {
  return (
    <Suspense fallback={null}>
      <KeyboardLayer onSignOut={onSignOut} />
    </Suspense>
  );
}
