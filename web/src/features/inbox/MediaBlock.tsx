import { Anchor, Box, Group, Text, ThemeIcon } from '@mantine/core';
import {
  IconAddressBook,
  IconFileText,
  IconGif,
  IconMapPin,
  IconMicrophone,
  IconMusic,
  IconPaperclip,
  IconPhoto,
  IconSticker,
  IconVideo,
} from '@tabler/icons-react';
import { type ComponentType, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { useFileSize } from './file-size.ts';
import { useContentLabel } from './media-label.ts';
import type { Message } from './queries.ts';

/*
 * A message's attachment, location or contact card, loaded lazily by MessageBubble.tsx with the
 * first such message. Files come from `GET /api/v1/conversations/{id}/messages/{messageId}/media`,
 * which downloads them from the platform on first use (docs/media.md): pictures show inline, other
 * files get a download link; a file the server cannot serve falls back to the placeholder.
 */

/** Content types whose bytes the media endpoint serves. */
const FILE_TYPES = new Set(['image', 'video', 'audio', 'voice', 'document', 'sticker', 'animation']);
/** Content types shown as a picture (an animation may be a video: it gets the link). */
const PICTURE_TYPES = new Set(['image', 'sticker']);

type Media = NonNullable<Message['media']>;

const MEDIA_ICONS: Record<string, ComponentType<{ size?: number }>> = {
  image: IconPhoto,
  video: IconVideo,
  audio: IconMusic,
  voice: IconMicrophone,
  document: IconFileText,
  sticker: IconSticker,
  animation: IconGif,
  location: IconMapPin,
  contacts: IconAddressBook,
};

/** Where a message's file is served (same origin: the session cookie goes along). */
export const mediaUrl = (conversationId: string, messageId: string) =>
  `/api/v1/conversations/${encodeURIComponent(conversationId)}/messages/${encodeURIComponent(messageId)}/media`;

/**
 * An attachment: a picture inline (opening the file in a new tab when clicked), else an icon with its
 * name, type and size, the name a download link for files; locations and contact cards as a card.
 */
export function MediaBlock({
  media,
  conversationId,
  messageId,
}: {
  media: Media;
  conversationId: string;
  messageId: string;
}) {
  const t = useT();
  const label = useContentLabel();
  const fileSize = useFileSize();
  const [broken, setBroken] = useState(false);
  const Icon = MEDIA_ICONS[media.type] ?? IconPaperclip;
  const typeLabel = label(media.type);
  const name = media.title ?? media.fileName;
  const url = FILE_TYPES.has(media.type) ? mediaUrl(conversationId, messageId) : null;
  if (url && PICTURE_TYPES.has(media.type) && !broken) {
    return (
      <Box my={2} data-testid="media" data-media-type={media.type}>
        <a
          href={url}
          target="_blank"
          rel="noopener"
          aria-label={t('timeline.media.open', { name: name ?? typeLabel })}
        >
          <img
            src={url}
            alt={media.caption ?? name ?? typeLabel}
            loading="lazy"
            onError={() => setBroken(true)}
            style={{ display: 'block', maxWidth: 'min(280px, 100%)', maxHeight: 280, borderRadius: 8 }}
          />
        </a>
      </Box>
    );
  }
  // A picture the server could not serve is not offered as a download either.
  const link = url && !(PICTURE_TYPES.has(media.type) && broken) ? url : null;
  const details = [
    name ? typeLabel : null,
    media.size !== null ? fileSize(media.size) : null,
    media.mimeType && media.type === 'document' ? media.mimeType : null,
  ].filter(Boolean);
  return (
    <Group
      gap={8}
      wrap="nowrap"
      p={6}
      my={2}
      data-testid="media"
      data-media-type={media.type}
      style={{
        borderRadius: 8,
        background: 'var(--mantine-color-body)',
        border: '1px solid var(--mantine-color-default-border)',
        minWidth: 180,
      }}
    >
      <ThemeIcon variant="light" size={36} radius="md" aria-hidden>
        <Icon size={20} />
      </ThemeIcon>
      <Box style={{ minWidth: 0 }}>
        {link ? (
          <Anchor
            href={link}
            download={media.fileName ?? true}
            size="sm"
            fw={600}
            display="block"
            truncate
            title={t('timeline.media.download')}
            data-testid="media-download"
          >
            {name ?? typeLabel}
          </Anchor>
        ) : (
          <Text size="sm" fw={600} truncate>
            {name ?? typeLabel}
          </Text>
        )}
        {details.length > 0 && (
          <Text size="xs" c="dimmed" truncate>
            {details.join(' · ')}
          </Text>
        )}
      </Box>
    </Group>
  );
}
