import {
  Alert,
  Box,
  Center,
  Group,
  Loader,
  ModalBase,
  ModalBaseBody,
  ModalBaseCloseButton,
  ModalBaseContent,
  ModalBaseHeader,
  ModalBaseOverlay,
  ModalBaseTitle,
  Stack,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconPaperclip, IconPhotoOff } from '@tabler/icons-react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useT } from '../../i18n/useT.ts';
import { useFileSize } from './file-size.ts';

/*
 * "View original" of an inbound e-mail (loaded lazily by TimelineList.tsx when first opened): the
 * mail as received, from `GET /api/v1/conversations/{id}/messages/{messageId}/original`. The server
 * has sanitized its HTML already (src/modules/inbox/email-html.ts); it is shown all the same in an
 * iframe that runs nothing and loads nothing: sandboxed without scripts or same origin (links may
 * open a new tab, as a normal page), and a CSP that allows inline styles and data: images only.
 */

type Original =
  paths['/api/v1/conversations/{id}/messages/{messageId}/original']['get']['responses'][200]['content']['application/json'];
type Address = NonNullable<Original['from']>;

/** The first thing of every frame: nothing may load but `data:` images, nothing may run. */
const FRAME_CSP =
  '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">';

/** The frame's own look: readable text on white (mail is written for white), nothing wider than it. */
const FRAME_STYLE = `<style>
html { color-scheme: light; }
body { margin: 12px 16px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #fff; overflow-wrap: anywhere; }
img, table { max-width: 100%; }
img { height: auto; }
pre { white-space: pre-wrap; }
blockquote { margin: 8px 0 8px 4px; padding-left: 12px; border-left: 3px solid #d0d7de; color: #57606a; }
a[href] { color: #0969da; }
</style>`;

/** The frame's document: the CSP first, the base style, then the sanitized HTML. */
const frameDocument = (html: string) => `${FRAME_CSP}${FRAME_STYLE}${html}`;

const originalQuery = (conversationId: string, messageId: string) =>
  queryOptions({
    queryKey: ['message-original', conversationId, messageId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/conversations/{id}/messages/{messageId}/original', {
          params: { path: { id: conversationId, messageId } },
        }),
      ),
    // A received mail never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });

/** Mantine `Modal`'s `xl` width (px). Mantine's ModalBase, not Modal: Modal would split its
 * ScrollArea out of the inbox route's Select chunk into one of its own (+0.6 kB gzipped there). */
const MODAL_WIDTH = 780;

const addressText = (a: Address) => (a.name ? `${a.name} <${a.address}>` : a.address);

/**
 * The dialog showing message `messageId`'s original e-mail: From, To, Cc, Date and Subject, a notice
 * of the remote images left out, the attached files, and the sanitized HTML in a sandboxed frame (or
 * the full text when the mail had no HTML). 780 px wide (Mantine Modal's `xl`), full screen on phones.
 */
export default function EmailOriginalModal({
  conversationId,
  messageId,
  onClose,
}: {
  conversationId: string;
  messageId: string;
  onClose: () => void;
}) {
  const t = useT();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const q = useQuery(originalQuery(conversationId, messageId));
  return (
    <ModalBase
      opened
      onClose={onClose}
      trapFocus
      closeOnEscape
      returnFocus
      closeOnClickOutside
      lockScroll
      withinPortal
      padding="md"
    >
      <ModalBaseOverlay backgroundOpacity={0.55} blur={2} />
      <ModalBaseContent
        radius={phone ? 0 : 'md'}
        innerProps={{
          style: {
            display: 'flex',
            justifyContent: 'center',
            alignItems: 'flex-start',
            padding: phone ? 0 : '5dvh 4vw',
          },
        }}
        style={{
          display: 'flex',
          flexDirection: 'column',
          ...(phone
            ? { flex: '1 1 100%', height: '100dvh' }
            : { flex: `0 1 ${MODAL_WIDTH}px`, maxWidth: '100%', maxHeight: '90dvh', overflowY: 'auto' }),
        }}
      >
        <ModalBaseHeader>
          <ModalBaseTitle fw={600}>{t('timeline.original.title')}</ModalBaseTitle>
          <ModalBaseCloseButton aria-label={t('app.close')} />
        </ModalBaseHeader>
        <ModalBaseBody style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
          {q.isPending ? (
            <Center h={200}>
              <Loader size="sm" role="status" aria-label={t('app.loading')} />
            </Center>
          ) : q.isError ? (
            <Text c="red">{q.error.message}</Text>
          ) : (
            <OriginalBody original={q.data} phone={phone} />
          )}
        </ModalBaseBody>
      </ModalBaseContent>
    </ModalBase>
  );
}

function OriginalBody({ original: o, phone }: { original: Original; phone: boolean }) {
  const t = useT();
  const intl = useIntl();
  const fileSize = useFileSize();
  const rows: Array<[string, string]> = [
    [t('timeline.original.from'), o.from ? addressText(o.from) : '—'],
    [t('timeline.original.to'), o.to.map(addressText).join(', ') || '—'],
    ...(o.cc.length > 0
      ? [[t('timeline.original.cc'), o.cc.map(addressText).join(', ')] as [string, string]]
      : []),
    [
      t('timeline.original.date'),
      o.date ? intl.formatDate(o.date, { dateStyle: 'medium', timeStyle: 'short' }) : '—',
    ],
    [t('timeline.original.subject'), o.subject ?? t('timeline.original.noSubject')],
  ];
  return (
    // A column whose last item (the frame, or the text) takes the height left, down to a minimum.
    <Stack gap="sm" style={{ flex: 1, minHeight: 0 }} data-testid="email-original">
      <Box
        component="dl"
        m={0}
        style={{
          display: 'grid',
          gridTemplateColumns: 'auto 1fr',
          gap: '2px 12px',
          fontSize: 'var(--mantine-font-size-sm)',
        }}
      >
        {rows.map(([label, value]) => (
          <Box key={label} style={{ display: 'contents' }}>
            <Text component="dt" size="sm" c="dimmed">
              {label}
            </Text>
            <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
              {value}
            </Text>
          </Box>
        ))}
      </Box>
      {o.remoteImagesBlocked > 0 && (
        <Alert
          variant="light"
          color="gray"
          p="xs"
          icon={<IconPhotoOff size={18} />}
          data-testid="remote-images-blocked"
        >
          <Text size="sm">{t('timeline.original.remoteImages', { count: o.remoteImagesBlocked })}</Text>
        </Alert>
      )}
      {o.truncated && (
        <Alert variant="light" color="yellow" p="xs" icon={<IconAlertTriangle size={18} />}>
          <Text size="sm">{t('timeline.original.truncated')}</Text>
        </Alert>
      )}
      {o.attachments.length > 0 && (
        <Box component="section" aria-label={t('timeline.original.attachments')}>
          <Group gap="xs">
            {o.attachments.map((a, i) => (
              <Group
                // Names may repeat; the list never changes.
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
                key={i}
                gap={6}
                wrap="nowrap"
                px={8}
                py={4}
                data-testid="original-attachment"
                style={{
                  border: '1px solid var(--mantine-color-default-border)',
                  borderRadius: 8,
                  maxWidth: '100%',
                }}
              >
                <ThemeIcon variant="light" size={24} radius="sm" aria-hidden>
                  <IconPaperclip size={14} />
                </ThemeIcon>
                <Box style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} truncate>
                    {a.fileName ?? a.contentType}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {[a.fileName ? a.contentType : null, fileSize(a.size)].filter(Boolean).join(' · ')}
                  </Text>
                </Box>
              </Group>
            ))}
          </Group>
        </Box>
      )}
      {o.html !== null ? (
        <Box
          component="iframe"
          title={t('timeline.original.content')}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          srcDoc={frameDocument(o.html)}
          data-testid="original-frame"
          style={{
            display: 'block',
            width: '100%',
            border: '1px solid var(--mantine-color-default-border)',
            borderRadius: 8,
            background: '#fff',
            flex: phone ? '1 1 auto' : '0 1 min(60dvh, 640px)',
            minHeight: 200,
          }}
        />
      ) : (
        <Text
          size="sm"
          p="sm"
          data-testid="original-text"
          style={{
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
            border: '1px solid var(--mantine-color-default-border)',
            borderRadius: 8,
            ...(phone
              ? { flex: 1, overflowY: 'auto' }
              : { maxHeight: 'min(60vh, 640px)', overflowY: 'auto' }),
          }}
        >
          {o.text ?? t('timeline.original.noText')}
        </Text>
      )}
    </Stack>
  );
}
