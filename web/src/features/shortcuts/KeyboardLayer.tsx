import { type HotkeyItem, useHotkeys } from '@mantine/hooks';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { atLeast } from '../../api/session.ts';
import { findSearchBox, useAppCommands } from './commands.ts';
import { focusComposer } from './composer-focus.ts';
import { SEQUENCE_MS, SHORTCUTS, type Shortcut, type ShortcutId } from './registry.ts';
import { neighbourConversation, SHOW_HELP } from './ShortcutLayer.tsx';
import { useUnreadTitle } from './unread.ts';

// Both overlays load on first use, so the routes' bundles do not carry cmdk or the help.
const CommandPalette = lazy(() =>
  import('./CommandPalette.tsx').then((m) => ({ default: m.CommandPalette })),
);
const ShortcutsHelp = lazy(() => import('./ShortcutsHelp.tsx').then((m) => ({ default: m.ShortcutsHelp })));

/** Runs `f`; true (the key was used). */
const done = (f: () => void) => {
  f();
  return true;
};

/** Widgets that use keys themselves: single-key shortcuts leave them alone. */
const OWN_KEYS = '[role="dialog"], [role="menu"], [role="listbox"]';

type Overlay = 'palette' | 'help';

/**
 * The keyboard layer of the signed-in shell, mounted once (loaded after the first render, see
 * ShortcutLayer.tsx): binds every shortcut of
 * {@link SHORTCUTS} (Mantine's `useHotkeys`; single keys are ignored while typing in a field, in a
 * dialog or in a menu; only Escape and Ctrl/⌘+K work everywhere), keeps the tab title and favicon
 * in step with the unread count, and hosts the command palette and the help dialog (both loaded on
 * first use). `onSignOut` is the shell's sign-out, offered in the palette.
 */
export function KeyboardLayer({ onSignOut }: { onSignOut: () => void }) {
  const cmd = useAppCommands();
  useUnreadTitle();
  const [overlay, setOverlay] = useState<Overlay | null>(null);
  // Once loaded, an overlay stays mounted so Mantine can animate it and return the focus on close.
  const [loaded, setLoaded] = useState<Record<Overlay, boolean>>({ palette: false, help: false });
  const open = (o: Overlay) => {
    setLoaded((l) => (l[o] ? l : { ...l, [o]: true }));
    setOverlay(o);
  };
  const close = () => setOverlay(null);
  useEffect(() => {
    // Tests (and anyone curious) can tell when the keys are bound.
    document.documentElement.dataset.shortcuts = 'on';
    const show = () => {
      setLoaded((l) => (l.help ? l : { ...l, help: true }));
      setOverlay('help');
    };
    window.addEventListener(SHOW_HELP, show);
    return () => {
      window.removeEventListener(SHOW_HELP, show);
      delete document.documentElement.dataset.shortcuts;
    };
  }, []);

  /** Opens the next (+1) or previous (-1) conversation of the list, when on the inbox. */
  const step = (dir: 1 | -1, e: KeyboardEvent) => {
    if (!cmd.onInbox) return false;
    // ↑ / ↓ only from within the list: elsewhere they scroll (the timeline, the page).
    if (e.key.startsWith('Arrow') && !(e.target as Element).closest?.('[data-conversation-list]'))
      return false;
    const id = neighbourConversation(cmd.conversationId, dir);
    if (id && id !== cmd.conversationId) cmd.openConversation(id);
    return id !== null;
  };
  const act: Record<ShortcutId, (e: KeyboardEvent) => boolean> = {
    next: (e) => step(1, e),
    previous: (e) => step(-1, e),
    reply: () => !!cmd.conversationId && done(() => focusComposer('reply')),
    note: () => !!cmd.conversationId && done(() => focusComposer('note')),
    resolve: () => cmd.conversation()?.status !== 'resolved' && cmd.setStatus('resolved'),
    assignMe: () => cmd.assignToMe(),
    search: () => {
      const box = findSearchBox();
      box?.focus();
      box?.select();
      return !!box;
    },
    goInbox: () => done(() => cmd.goInbox()),
    goDashboard: () => done(cmd.goDashboard),
    goCustomers: () => done(cmd.goCustomers),
    goSettings: () => cmd.canAdmin && done(cmd.goSettings),
    palette: () => {
      if (overlay === 'palette') close();
      else open('palette');
      return true;
    },
    help: () => done(() => open('help')),
    escape: (e) => {
      // Leaves a text field (so single keys work again), unless the field uses Escape itself.
      const el = e.target as HTMLElement;
      if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return false;
      if (e.defaultPrevented || el.closest(OWN_KEYS) || el.getAttribute('aria-expanded') === 'true')
        return false;
      el.blur();
      return true;
    },
  };
  const fire = (s: Shortcut, e: KeyboardEvent) => {
    if (e.isComposing || (s.role && !atLeast(cmd.me, s.role))) return;
    if (!s.inFields && (e.target as Element).closest?.(OWN_KEYS)) return;
    if (act[s.id](e)) e.preventDefault();
  };

  const leader = useRef<{ key: string; at: number } | null>(null);
  const keys: HotkeyItem[] = [];
  const fieldKeys: HotkeyItem[] = [];
  const manual = { preventDefault: false };
  for (const s of SHORTCUTS) {
    for (const combo of s.keys) {
      const [first, second] = combo.split(' ') as [string, string | undefined];
      if (second) {
        // A sequence: the first key arms it, the second fires it within SEQUENCE_MS.
        if (!keys.some(([k]) => k === first))
          keys.push([
            first,
            () => {
              leader.current = { key: first, at: Date.now() };
            },
            manual,
          ]);
        keys.push([
          second,
          (e) => {
            const armed = leader.current;
            leader.current = null;
            if (armed?.key === first && Date.now() - armed.at < SEQUENCE_MS) fire(s, e);
          },
          manual,
        ]);
        continue;
      }
      const list = s.inFields ? fieldKeys : keys;
      list.push([combo, (e) => fire(s, e), manual]);
      // `?` and `/` are shifted on many layouts: accept them with or without Shift.
      if (/^[^\w]$/.test(combo)) list.push([`shift+${combo}`, (e) => fire(s, e), manual]);
    }
  }
  useHotkeys(keys);
  useHotkeys(fieldKeys, []);

  return (
    <>
      {loaded.palette && (
        <Suspense fallback={null}>
          <CommandPalette
            opened={overlay === 'palette'}
            onClose={close}
            onShowHelp={() => open('help')}
            onSignOut={onSignOut}
          />
        </Suspense>
      )}
      {loaded.help && (
        <Suspense fallback={null}>
          <ShortcutsHelp opened={overlay === 'help'} onClose={close} />
        </Suspense>
      )}
    </>
  );
}
