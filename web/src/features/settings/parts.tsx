/**
 * Small pieces the settings tabs share: a secret shown once with a copy button, a confirmation
 * dialog, a role badge, an error alert and an empty state.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  EmptyState,
  Group,
  Modal,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Role } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';

// Light badges whose text passes WCAG AA (4.5:1) on their own background (teal and green do not).
const ROLE_COLOR: Record<Role, string> = { owner: 'grape', admin: 'indigo', agent: 'blue', viewer: 'gray' };

/** Badge styles that keep its whole text (a table column must not squeeze it to "O…"). */
export const NO_TRUNCATE = { root: { flexShrink: 0 }, label: { overflow: 'visible' } } as const;

/** The role as a coloured badge (owner, admin, agent, viewer). */
export function RoleBadge({ role }: { role: Role }) {
  const t = useT();
  return (
    <Badge variant="light" color={ROLE_COLOR[role]} radius="sm" styles={NO_TRUNCATE}>
      {t(`settings.role.${role}`)}
    </Badge>
  );
}

/**
 * A secret the server answers only once (an API key, an invitation link): the value in a code
 * block with a copy button, the warning that it will not be shown again, and a "Done" button that
 * calls `onDone` (which should forget the value).
 */
export function OnceSecret({
  title,
  value,
  warning,
  onDone,
  testId,
}: {
  title: string;
  value: string;
  warning: string;
  onDone: () => void;
  testId: string;
}) {
  const t = useT();
  return (
    <Alert
      color="green"
      variant="light"
      title={title}
      icon={<IconCheck size={18} />}
      role="status"
      // The light green title is under 4.5:1 on its background: the title takes the text colour.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap" align="center">
          <Code
            data-testid={testId}
            block
            style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
          >
            {value}
          </Code>
          <CopyButton value={value} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('settings.copied') : t('settings.copy')} withArrow>
                <ActionIcon
                  variant={copied ? 'filled' : 'default'}
                  color={copied ? 'teal' : undefined}
                  size="lg"
                  onClick={copy}
                  aria-label={t('settings.copy')}
                >
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconAlertTriangle size={16} style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
          <Text size="sm" fw={500}>
            {warning}
          </Text>
        </Group>
        <Group justify="flex-end">
          <Button size="xs" variant="default" onClick={onDone}>
            {t('settings.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/**
 * A confirmation dialog for something that cannot be undone (revoke a key, remove a member):
 * `body` says exactly what will happen; `onConfirm` runs on the red button, `error` is shown inside.
 */
export function ConfirmDialog({
  opened,
  title,
  body,
  confirmLabel,
  loading,
  error,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  loading: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        <Text size="sm">{body}</Text>
        {error && <ErrorAlert message={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('settings.cancel')}
          </Button>
          <Button color="red" loading={loading} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The API's error text in a red alert (with a close button when `onClose` is given). */
export function ErrorAlert({ message, onClose }: { message: string; onClose?: () => void }) {
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      icon={<IconX size={18} />}
      withCloseButton={!!onClose}
      onClose={onClose}
    >
      {message}
    </Alert>
  );
}

/** A list's empty state: an icon, a title and one sentence. */
export function Empty({ icon, title, body }: { icon: ReactNode; title: string; body: string }) {
  return <EmptyState icon={icon} title={title} description={body} variant="light" size="sm" py="xl" />;
}
