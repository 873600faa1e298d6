/**
 * Parts of the catalog en.json precompiled to ICU ASTs by web/vite.config.ts at build time:
 * `virtual:compiled-messages/core` (always loaded) and `virtual:compiled-messages/<namespace>` for
 * each lazily loaded namespace of src/i18n/namespaces.ts. Each exports `messages`, key → AST.
 */
declare module 'virtual:compiled-messages/*' {
  import type { MessageFormatElement } from 'react-intl';
  export const messages: Record<string, MessageFormatElement[]>;
}
