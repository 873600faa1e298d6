import type { MessageId } from '../../i18n/messages.ts';
import { useT } from '../../i18n/useT.ts';

/** Content types with a label of their own (`timeline.media.<type>`). */
const MEDIA_LABELS = new Set([
  'image',
  'video',
  'audio',
  'voice',
  'document',
  'sticker',
  'animation',
  'location',
  'contacts',
]);

/** The label of a content type ("Photo", "Voice message", …); other types by name. */
export function useContentLabel(): (type: string) => string {
  const t = useT();
  return (type) =>
    MEDIA_LABELS.has(type)
      ? t(`timeline.media.${type}` as MessageId)
      : t('timeline.media.other', { type: type.replace(/_/g, ' ') });
}
