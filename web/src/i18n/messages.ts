/**
 * Every text the web app shows lives in one catalog, `en.json` (ICU message syntax, rendered by
 * react-intl; precompiled at build time by web/vite.config.ts). A translation is another JSON file
 * with the same keys; `MessageId` keeps callers to known keys.
 */
import type en from './en.json';

/** A key of the message catalog. */
export type MessageId = keyof typeof en;
