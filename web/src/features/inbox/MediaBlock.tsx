import { Box, Group, Text, ThemeIcon } from '@mantine/core';
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
import type { ComponentType } from 'react';
import { useIntl } from 'react-intl';
import { useContentLabel } from './media-label.ts';
import type { Message } from './queries.ts';

/*
 * The placeholder of a message's attachment, location or contact card, loaded lazily by
 * MessageBubble.tsx with the first such message.
 */

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

/** Bytes as B, kB or MB in the reader's locale. */
function useFileSize(): (bytes: number) => string {
  const intl = useIntl();
  return (bytes) => {
    const [value, unit] =
      bytes < 1024
        ? [bytes, 'byte']
        : bytes < 1024 * 1024
          ? [bytes / 1024, 'kilobyte']
          : [bytes / 1024 ** 2, 'megabyte'];
    return intl.formatNumber(value, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 });
  };
}

/** A placeholder for an attachment (its bytes are not downloaded): an icon, its name, type and size. */
export function MediaBlock({ media }: { media: Media }) {
  const label = useContentLabel();
  const fileSize = useFileSize();
  const Icon = MEDIA_ICONS[media.type] ?? IconPaperclip;
  const typeLabel = label(media.type);
  const name = media.title ?? media.fileName;
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
        <Text size="sm" fw={600} truncate>
          {name ?? typeLabel}
        </Text>
        {details.length > 0 && (
          <Text size="xs" c="dimmed" truncate>
            {details.join(' · ')}
          </Text>
        )}
      </Box>
    </Group>
  );
}
