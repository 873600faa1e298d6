/**
 * `/contacts` (nav "Customers"): contacts with their lifetime value (CLV), P(alive) and expected
 * purchases, from `GET /intelligence/ltv/contacts` (keyset pages of 50, "Load more"). Sorting is
 * the API's: by CLV (highest first) or by churn risk (lowest P(alive) first); "At risk only" keeps
 * P(alive) < 0.5. Both live in the URL.
 */
import {
  Box,
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  SegmentedControl,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { atLeast, meQuery } from '../../api/session.ts';
import { useMoney } from '../../i18n/money.ts';
import { useT } from '../../i18n/useT.ts';
import { Empty, ErrorAlert } from '../settings/parts.tsx';
import { type CustomerSort, customersQuery } from './queries.ts';
import { SegmentAction } from './SegmentAction.tsx';

export function CustomersPage() {
  const t = useT();
  const intl = useIntl();
  const search = useSearch({ from: '/app/contacts' });
  const navigate = useNavigate({ from: '/contacts' });
  const sort: CustomerSort = search.sort ?? 'clv';
  const list = useInfiniteQuery(customersQuery(sort, !!search.atRisk));
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const { data: me } = useSuspenseQuery(meQuery);
  const admin = atLeast(me, 'admin');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.contactId));
  // Lifetime values are estimates: whole units, in each row's currency (its own minor units).
  const money = useMoney({ whole: true });
  const num = (v: number) => intl.formatNumber(v, { maximumFractionDigits: 1 });

  return (
    <div style={{ padding: 'var(--mantine-spacing-md)', maxWidth: 1200 }}>
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
        <Title order={2}>{t('customers.title')}</Title>
        <Group gap="md" wrap="wrap">
          <SegmentedControl
            aria-label={t('customers.sort')}
            value={sort}
            onChange={(v) =>
              navigate({ search: (s) => ({ ...s, sort: v === 'churn_risk' ? 'churn_risk' : undefined }) })
            }
            data={[
              { value: 'clv', label: t('customers.sort.clv') },
              { value: 'churn_risk', label: t('customers.sort.churn_risk') },
            ]}
          />
          <Switch
            label={t('customers.atRisk')}
            checked={!!search.atRisk}
            onChange={(e) =>
              navigate({ search: (s) => ({ ...s, atRisk: e.currentTarget.checked ? true : undefined }) })
            }
          />
        </Group>
      </Group>
      {admin && rows.length > 0 && (
        <Box mb="sm">
          <SegmentAction contactIds={[...selected]} onDone={() => setSelected(new Set())} />
        </Box>
      )}
      {list.error && <ErrorAlert message={list.error.message} />}
      {list.isPending && <Loader role="status" aria-label={t('customers.loading')} />}
      {list.data && rows.length === 0 && (
        <Empty icon={<IconUsers />} title={t('customers.empty.title')} body={t('customers.empty.body')} />
      )}
      {rows.length > 0 && (
        <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('customers.title')}>
          <Table miw={640} striped highlightOnHover data-testid="customers-table">
            <Table.Thead>
              <Table.Tr>
                {admin && (
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('customers.selectAll')}
                      checked={allSelected}
                      indeterminate={!allSelected && selected.size > 0}
                      onChange={() =>
                        setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.contactId)))
                      }
                    />
                  </Table.Th>
                )}
                <Table.Th>{t('customers.col.name')}</Table.Th>
                <Table.Th ta="right" aria-sort={sort === 'clv' ? 'descending' : undefined}>
                  {t('customers.col.clv')}
                </Table.Th>
                <Table.Th ta="right" aria-sort={sort === 'churn_risk' ? 'ascending' : undefined}>
                  {t('customers.col.pAlive')}
                </Table.Th>
                <Table.Th ta="right">{t('customers.col.expected90')}</Table.Th>
                <Table.Th ta="right">{t('customers.col.expected365')}</Table.Th>
                <Table.Th ta="right">{t('customers.col.orders')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.contactId} data-testid="customer-row">
                  {admin && (
                    <Table.Td>
                      <Checkbox
                        aria-label={t('customers.select', { name: c.name ?? c.customerId ?? c.contactId })}
                        checked={selected.has(c.contactId)}
                        onChange={() => toggle(c.contactId)}
                      />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {c.name ?? c.customerId ?? c.contactId}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{money(c.clvMinor, c.currency)}</Table.Td>
                  <Table.Td ta="right" c={c.pAlive < 0.5 ? 'red' : undefined}>
                    {intl.formatNumber(c.pAlive, { style: 'percent', maximumFractionDigits: 0 })}
                  </Table.Td>
                  <Table.Td ta="right">{num(c.expectedPurchases90)}</Table.Td>
                  <Table.Td ta="right">{num(c.expectedPurchases365)}</Table.Td>
                  <Table.Td ta="right">{c.frequency + 1}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
      {list.hasNextPage && (
        <Center mt="md">
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
            {t('customers.more')}
          </Button>
        </Center>
      )}
    </div>
  );
}
