/**
 * Where the contact panel sits (the module the conversation view loads lazily, so the inbox bundle
 * does not grow): a right-hand column beside the timeline on wide screens, a sheet from the right
 * (full width on a phone) elsewhere, opened by the conversation header's "Contact details" button.
 *
 * The sheet is a small modal dialog of its own rather than Mantine's Drawer: the Drawer pulls in
 * ScrollArea, which the inbox's Select shares, and splitting it out of the inbox chunk cost the
 * inbox bundle more than this whole file. It traps focus (Mantine's FocusTrap), closes on Escape or a
 * click on the backdrop, and gives focus back to what had it (the header button).
 */
import { ActionIcon, Box, CloseIcon, FocusTrap, Group, Loader, Portal, Text } from '@mantine/core';
import { type KeyboardEvent, lazy, type ReactNode, Suspense, useEffect, useId } from 'react';
import { useT } from '../../i18n/useT.ts';

// The panel's content is a chunk of its own too: this frame imports only what the app's entry
// chunk has, so the conversation view's lazy import of it lists no other chunks to preload (the
// inbox bundle is at its size limit), and the frame shows at once while the content loads.
const ContactPanel = lazy(() => import('./ContactPanel.tsx').then((m) => ({ default: m.ContactPanel })));

/** The panel's content, with a spinner while its chunk loads. */
function Content({ contactId, conversationId }: { contactId: string; conversationId: string }) {
  const t = useT();
  return (
    <Suspense
      fallback={
        <Box p="md" ta="center">
          <Loader size="sm" role="status" aria-label={t('app.loading')} />
        </Box>
      }
    >
      <ContactPanel contactId={contactId} conversationId={conversationId} />
    </Suspense>
  );
}

/** Width of the column on wide screens, and most the sheet takes (px). */
const WIDTH = 320;
const SHEET_WIDTH = 420;

export interface ContactPaneProps {
  contactId: string;
  conversationId: string;
  /** `column` beside the timeline, or `sheet` over the page (rendered only while open). */
  mode: 'column' | 'sheet';
  /** Closes the sheet. */
  onClose: () => void;
}

export default function ContactPane({ contactId, conversationId, mode, onClose }: ContactPaneProps) {
  const t = useT();
  if (mode === 'sheet')
    return (
      <Sheet title={t('contact.details')} closeLabel={t('contact.close')} onClose={onClose}>
        <Content contactId={contactId} conversationId={conversationId} />
      </Sheet>
    );
  return (
    <Box
      component="aside"
      aria-label={t('contact.details')}
      w={WIDTH}
      data-testid="contact-column"
      style={{
        flexShrink: 0,
        overflowY: 'auto',
        borderLeft: '1px solid var(--mantine-color-default-border)',
      }}
    >
      <Content contactId={contactId} conversationId={conversationId} />
    </Box>
  );
}

function Sheet({
  title,
  closeLabel,
  onClose,
  children,
}: {
  title: string;
  closeLabel: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const titleId = useId();
  // Give focus back to what opened the sheet.
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    return () => opener?.focus?.();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };
  return (
    <Portal>
      <Box
        onClick={onClose}
        aria-hidden
        style={{ position: 'fixed', inset: 0, zIndex: 200, background: 'rgba(0, 0, 0, 0.35)' }}
      />
      <FocusTrap active>
        <Box
          role="dialog"
          aria-modal="true"
          aria-labelledby={titleId}
          onKeyDown={onKeyDown}
          data-testid="contact-sheet"
          style={{
            position: 'fixed',
            insetBlock: 0,
            right: 0,
            zIndex: 201,
            width: `min(100%, ${SHEET_WIDTH}px)`,
            display: 'flex',
            flexDirection: 'column',
            background: 'var(--mantine-color-body)',
            boxShadow: 'var(--mantine-shadow-xl)',
          }}
        >
          <Group
            justify="space-between"
            wrap="nowrap"
            px="md"
            py="sm"
            style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
          >
            <Text component="h2" fz="h5" fw={700} m={0} id={titleId}>
              {title}
            </Text>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={closeLabel}
              onClick={onClose}
              data-autofocus
            >
              <CloseIcon />
            </ActionIcon>
          </Group>
          <Box style={{ flex: 1, overflowY: 'auto' }}>{children}</Box>
        </Box>
      </FocusTrap>
    </Portal>
  );
}
