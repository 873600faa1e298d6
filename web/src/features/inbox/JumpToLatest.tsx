import { ActionIcon, Badge, Button, Indicator } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowDown } from '@tabler/icons-react';
import { useT } from '../../i18n/useT.ts';

/**
 * The floating "Jump to latest" button of a timeline scrolled up, with the count of messages that
 * arrived meanwhile. On a phone it is a round icon with the count on its corner, as chat apps show
 * it: the labelled button covered the end of the message under it on a 390 px screen.
 */
export function JumpToLatest({ newCount, onClick }: { newCount: number; onClick: () => void }) {
  const t = useT();
  const phone = useMediaQuery('(max-width: 48em)');
  const count = newCount > 99 ? '99+' : String(newCount);
  const countLabel = t('timeline.newMessages', { count: newCount });
  const place = { position: 'absolute', right: 16, bottom: 12 } as const;
  if (phone)
    return (
      <Indicator label={count} size={18} disabled={newCount === 0} style={place}>
        <ActionIcon
          size="xl"
          radius="xl"
          variant="default"
          aria-label={
            newCount > 0 ? `${t('timeline.jumpToLatest')}, ${countLabel}` : t('timeline.jumpToLatest')
          }
          onClick={onClick}
          style={{ boxShadow: 'var(--mantine-shadow-md)' }}
          data-testid="jump-to-latest"
        >
          <IconArrowDown size={20} />
        </ActionIcon>
      </Indicator>
    );
  return (
    <Button
      size="xs"
      radius="xl"
      variant="default"
      leftSection={<IconArrowDown size={14} />}
      rightSection={
        newCount > 0 ? (
          <Badge size="sm" circle aria-label={countLabel}>
            {count}
          </Badge>
        ) : undefined
      }
      onClick={onClick}
      style={{ ...place, boxShadow: 'var(--mantine-shadow-md)' }}
      data-testid="jump-to-latest"
    >
      {t('timeline.jumpToLatest')}
    </Button>
  );
}
