/** The catalog en.json precompiled to ICU ASTs by web/vite.config.ts at build time. */
declare module 'virtual:compiled-messages' {
  import type { MessageFormatElement } from 'react-intl';
  export const en: Record<string, MessageFormatElement[]>;
}
