/**
 * Every keyboard shortcut of the web app in one list: the shortcut layer binds them and the help
 * dialog (`?`) lists them, so the two cannot drift. Keys use Mantine's `useHotkeys` notation
 * (`mod` is ⌘ on a Mac and Ctrl elsewhere); a space separates the keys of a sequence (`g i`: G,
 * then I within {@link SEQUENCE_MS}). Single keys never fire while the focus is in a text field;
 * only the entries with `inFields` (Escape, Ctrl/⌘+K) do.
 */
import type { Role } from '../../api/session.ts';
import type { MessageId } from '../../i18n/messages.ts';

/** What a shortcut does; the layer maps each to its action. */
export type ShortcutId =
  | 'next'
  | 'previous'
  | 'reply'
  | 'note'
  | 'resolve'
  | 'assignMe'
  | 'search'
  | 'goInbox'
  | 'goDashboard'
  | 'goCustomers'
  | 'goSettings'
  | 'palette'
  | 'help'
  | 'escape';

/** One shortcut: its keys (alternatives), its label, its group in the help and who may use it. */
export interface Shortcut {
  id: ShortcutId;
  /** Alternatives, each a key, a combination (`mod+K`) or a sequence (`g i`). */
  keys: readonly string[];
  label: MessageId;
  group: 'inbox' | 'goto' | 'general';
  /** The lowest role it is for (it does nothing for lower roles and is not listed to them). */
  role?: Role;
  /** Also fires while typing in a text field. */
  inFields?: boolean;
}

/** How long (ms) the second key of a sequence (`g i`) may follow the first. */
export const SEQUENCE_MS = 1500;

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'next', keys: ['j', 'ArrowDown'], label: 'shortcuts.next', group: 'inbox' },
  { id: 'previous', keys: ['k', 'ArrowUp'], label: 'shortcuts.previous', group: 'inbox' },
  { id: 'reply', keys: ['r'], label: 'shortcuts.reply', group: 'inbox', role: 'agent' },
  { id: 'note', keys: ['n'], label: 'shortcuts.note', group: 'inbox', role: 'agent' },
  { id: 'resolve', keys: ['e'], label: 'shortcuts.resolve', group: 'inbox', role: 'agent' },
  { id: 'assignMe', keys: ['a'], label: 'shortcuts.assignMe', group: 'inbox', role: 'agent' },
  { id: 'search', keys: ['/'], label: 'shortcuts.search', group: 'inbox' },
  { id: 'goInbox', keys: ['g i'], label: 'shortcuts.goInbox', group: 'goto' },
  { id: 'goDashboard', keys: ['g d'], label: 'shortcuts.goDashboard', group: 'goto' },
  { id: 'goCustomers', keys: ['g c'], label: 'shortcuts.goCustomers', group: 'goto' },
  { id: 'goSettings', keys: ['g s'], label: 'shortcuts.goSettings', group: 'goto', role: 'admin' },
  { id: 'palette', keys: ['mod+K'], label: 'shortcuts.palette', group: 'general', inFields: true },
  { id: 'help', keys: ['?'], label: 'shortcuts.help', group: 'general' },
  { id: 'escape', keys: ['Escape'], label: 'shortcuts.escape', group: 'general', inFields: true },
];

/** True on Apple platforms, where `mod` is ⌘. */
export const isApple = (): boolean => /Mac|iPhone|iPad|iPod/.test(navigator.userAgent);

const NAMES: Record<string, string> = { arrowdown: '↓', arrowup: '↑', escape: 'Esc' };

/**
 * One alternative as shown on key caps, in the order pressed, and whether they are pressed one
 * after the other (a sequence) or together: `mod+K` → `{ caps: ['Ctrl', 'K'], sequence: false }`
 * (`⌘` on a Mac), `g i` → `{ caps: ['G', 'I'], sequence: true }`, `ArrowDown` → `['↓']`.
 */
export function keyCaps(keys: string): { caps: string[]; sequence: boolean } {
  const sequence = keys.includes(' ');
  const caps = keys.split(sequence ? ' ' : '+').map((k) => {
    const key = k.toLowerCase();
    if (key === 'mod') return isApple() ? '⌘' : 'Ctrl';
    return NAMES[key] ?? (k.length === 1 ? k.toUpperCase() : k);
  });
  return { caps, sequence };
}
