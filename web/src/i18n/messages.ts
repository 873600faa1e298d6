/**
 * Every text the web app shows lives in one catalog, `en.json` (ICU message syntax, rendered by
 * react-intl), whatever route shows it; `MessageId` keeps callers to its keys, so a missing key is
 * a type error. A translation is another JSON file with the same keys.
 *
 * The build (web/vite.config.ts) precompiles the catalog to ICU ASTs and splits it by key prefix
 * (namespaces.ts): the core set ships in the entry bundle; `auth.`/`invite.`, `customers.`,
 * `dashboard.`, `settings.` and `setup.` keys each ship in a chunk of their own, which the routes
 * that show them load with their component (`withMessages` in catalog.ts, used by
 * src/app/router.tsx) and merge into the IntlProvider's messages before rendering. A new prefix
 * lands in core. A module shared by routes of different namespaces may use only core keys: the
 * build fails naming any other, to be added to `SHARED_KEYS` in namespaces.ts.
 */
import type en from './en.json';

/** A key of the message catalog. */
export type MessageId = keyof typeof en;
