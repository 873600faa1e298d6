/**
 * What the LTV model says about the contact (from its last run, via `GET /contacts/{id}`): the chance
 * they are still an active customer (P(alive), as a percent, "At risk" below 50 %), the purchases
 * expected in the next 90 days and the lifetime value in the run's currency; "No prediction yet"
 * before a run has scored them.
 */
import { Badge, Box, Group, Text } from '@mantine/core';
import { useIntl } from 'react-intl';
import { useMoney } from '../../i18n/money.ts';
import { useT } from '../../i18n/useT.ts';
import type { Contact } from './queries.ts';

/** Below this P(alive) a customer counts as at risk of churning (as on the Customers page). */
const AT_RISK = 0.5;

export function LtvSection({ contact }: { contact: Contact }) {
  const t = useT();
  const intl = useIntl();
  // A lifetime value is an estimate: whole units of its currency (its own minor units).
  const money = useMoney({ whole: true });
  const { ltv } = contact;
  if (!ltv)
    return (
      <Box data-testid="contact-ltv">
        <Text size="sm" c="dimmed">
          {t('contact.ltv.none')}
        </Text>
      </Box>
    );
  const atRisk = ltv.pAlive < AT_RISK;
  return (
    <Box data-testid="contact-ltv">
      <Box
        style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 'var(--mantine-spacing-xs)' }}
      >
        <Figure
          label={t('contact.ltv.pAlive')}
          value={intl.formatNumber(ltv.pAlive, { style: 'percent', maximumFractionDigits: 0 })}
          alert={atRisk}
        />
        <Figure
          label={t('contact.ltv.expected90')}
          value={intl.formatNumber(ltv.expectedPurchases90, { maximumFractionDigits: 1 })}
        />
        <Figure label={t('contact.ltv.clv')} value={money(ltv.clvMinor, ltv.currency)} />
      </Box>
      {atRisk && (
        <Group mt={6}>
          <Badge color="red" variant="light" size="sm">
            {t('contact.ltv.atRisk')}
          </Badge>
        </Group>
      )}
    </Box>
  );
}

function Figure({ label, value, alert }: { label: string; value: string; alert?: boolean }) {
  return (
    <Box>
      <Text size="lg" fw={700} c={alert ? 'red' : undefined} lh={1.2}>
        {value}
      </Text>
      <Text size="xs" c="dimmed" lh={1.3}>
        {label}
      </Text>
    </Box>
  );
}
