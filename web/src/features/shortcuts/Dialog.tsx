import {
  ModalBase,
  ModalBaseBody,
  ModalBaseCloseButton,
  ModalBaseContent,
  ModalBaseHeader,
  ModalBaseOverlay,
  ModalBaseTitle,
} from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './palette.module.css';

/**
 * The shortcuts' modal dialog (the help and the palette), on Mantine's `ModalBase`: the same look,
 * focus trap, Escape, scroll lock and focus return as Mantine's `Modal`, without pulling `Modal`'s
 * ScrollArea into chunks the inbox route shares. With a `title` it has a header and close button;
 * without one, `label` names it for assistive technology.
 */
export function ShortcutDialog({
  opened,
  onClose,
  title,
  label,
  closeLabel,
  width = 620,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title?: string;
  label?: string;
  /** The close button's accessible name (with a `title`). */
  closeLabel?: string;
  /** Its width in px on wide screens (the screen's width less a margin on narrow ones). */
  width?: number;
  children: ReactNode;
}) {
  return (
    <ModalBase
      opened={opened}
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
        className={classes.dialog}
        innerProps={{ className: classes.dialogInner }}
        radius="md"
        aria-label={title ? undefined : label}
        style={{ flexBasis: `calc(${width / 16}rem * var(--mantine-scale))` }}
      >
        {title && (
          <ModalBaseHeader>
            <ModalBaseTitle fw={600}>{title}</ModalBaseTitle>
            <ModalBaseCloseButton aria-label={closeLabel} />
          </ModalBaseHeader>
        )}
        {title ? <ModalBaseBody>{children}</ModalBaseBody> : children}
      </ModalBaseContent>
    </ModalBase>
  );
}
