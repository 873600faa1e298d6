/**
 * How the one catalog `en.json` is split for loading: by key prefix into a core set, in the entry
 * bundle and always loaded, and lazily loaded namespaces, one per group of routes other than the
 * inbox. web/vite.config.ts compiles each part to its own module (`virtual:compiled-messages/core`,
 * `virtual:compiled-messages/<namespace>`); web/src/app/router.tsx loads a route's namespace with
 * its component (`withMessages` in catalog.ts).
 *
 * Plain data with no imports: read by the Vite config (Node, at build time) and, as types only, by
 * the app.
 */

/**
 * The lazily loaded namespaces: `prefixes` are the key prefixes it takes from the catalog;
 * `features` the folders under web/src/features/ whose components render only on the routes that
 * load it (the build checks that no other module uses its keys).
 */
export const NAMESPACES = {
  auth: { prefixes: ['auth.', 'invite.'], features: ['auth'] },
  customers: { prefixes: ['customers.'], features: ['customers'] },
  dashboard: { prefixes: ['dashboard.'], features: ['dashboard'] },
  settings: { prefixes: ['settings.'], features: ['settings'] },
  setup: { prefixes: ['setup.'], features: ['setup'] },
} as const satisfies Record<string, { prefixes: readonly string[]; features: readonly string[] }>;

/** A lazily loaded namespace of the catalog. */
export type Namespace = keyof typeof NAMESPACES;

/**
 * Keys under a lazy namespace's prefix that stay in core, because modules shared by several
 * routes use them (e.g. settings/parts.tsx, also rendered by the dashboard and customers). An
 * entry ending in `.` takes every key under it; any other entry is one key. The web build fails,
 * naming the key and the module, when a module that renders outside a namespace's routes uses a
 * key of that namespace: add the key here (or use a core key).
 */
export const SHARED_KEYS: readonly string[] = [
  'auth.email',
  'auth.password',
  'settings.cancel',
  'settings.copied',
  'settings.copy',
  'settings.done',
  'settings.role.',
  'setup.name',
  'setup.password.hint',
];

/**
 * The namespace a catalog key loads with: `core` for shared keys and for every key under no lazy
 * namespace's prefix (so a new prefix is always loaded), else the namespace whose prefix it has.
 */
export function namespaceOf(key: string): Namespace | 'core' {
  if (SHARED_KEYS.some((s) => (s.endsWith('.') ? key.startsWith(s) : key === s))) return 'core';
  for (const [ns, { prefixes }] of Object.entries(NAMESPACES))
    if (prefixes.some((p) => key.startsWith(p))) return ns as Namespace;
  return 'core';
}

/**
 * The namespace that a source file's folder renders with (its path relative to web/src, `/`
 * separated): a folder listed in a namespace's `features`, else `core` (the shell, the inbox and
 * everything else the entry or the inbox route loads).
 */
export function namespaceOfFolder(path: string): Namespace | 'core' {
  const m = /^features\/([^/]+)\//.exec(path);
  if (!m) return 'core';
  for (const [ns, { features }] of Object.entries(NAMESPACES))
    if ((features as readonly string[]).includes(m[1]!)) return ns as Namespace;
  return 'core';
}
