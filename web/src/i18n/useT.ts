import { useIntl } from 'react-intl';
import type { MessageId } from './messages.ts';

/** Values for an ICU message's placeholders. */
export type MessageValues = Record<string, string | number | Date>;

/** Returns `t(id, values?)`, the catalog's text for `id` in the current locale. */
export function useT(): (id: MessageId, values?: MessageValues) => string {
  const intl = useIntl();
  return (id, values) => intl.formatMessage({ id }, values);
}
