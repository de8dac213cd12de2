import { Badge, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, SearchInput, useQueryParams } from '@strapi/strapi/admin';
import { useNavigate } from 'react-router-dom';

import { useStatementPage } from '../api/statement';
import { MyAccountsToggle, useMine } from '../components/MyAccountsToggle';
import { TableFooter } from '../components/TableFooter';
import { PausedBadge } from '../components/PausedBadge';
import { useFormat } from '../hooks/useFormat';

type Query = { page?: string; pageSize?: string; _q?: string };

/** The account statement: customers with open invoices, most overdue first (SPEC F3.1). */
const StatementPage = () => {
  const { t, money, date } = useFormat();
  const navigate = useNavigate();
  const [{ query }] = useQueryParams<Query>();
  const params = new URLSearchParams({ page: query.page ?? '1', pageSize: query.pageSize ?? '20' });
  if (query._q) params.set('search', query._q);
  if (useMine()) params.set('mine', 'true');
  const { data, isLoading, error } = useStatementPage(params);

  if (error) return <Page.Error />;
  const rows = data?.data ?? [];
  const pagination = data?.meta.pagination;

  return (
    <Page.Main>
      <Page.Title>{t('statement.title')}</Page.Title>
      <Layouts.Header title={t('statement.title')} subtitle={t('statement.subtitle', { total: pagination?.total ?? 0 })} />
      <Layouts.Action startActions={<><SearchInput label={t('statement.search')} placeholder={t('statement.search')} /><MyAccountsToggle /></>} />
      <Layouts.Content>
        {isLoading ? (
          <Page.Loading />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Table colCount={7} rowCount={rows.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">{t('statement.customer')}</Typography></Th>
                  <Th><Typography variant="sigma">{t('statement.segment')}</Typography></Th>
                  <Th><Typography variant="sigma">{t('statement.openAmount')}</Typography></Th>
                  <Th><Typography variant="sigma">{t('statement.overdueAmount')}</Typography></Th>
                  <Th><Typography variant="sigma">{t('statement.invoices')}</Typography></Th>
                  <Th><Typography variant="sigma">{t('statement.oldestDueDate')}</Typography></Th>
                  <Th><Typography variant="sigma">{t('statement.lastReminder')}</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((row) => (
                  <Tr key={row.documentId} onClick={() => navigate(row.documentId)} style={{ cursor: 'pointer' }}>
                    <Td>
                      <Flex gap={2}>
                        <Typography fontWeight="bold">{row.name}</Typography>
                        <Typography textColor="neutral600">{row.reference}</Typography>
                        {row.stopDunning && <Badge>{t('flag.stopDunning')}</Badge>}
                        <PausedBadge until={row.pausedUntil} />
                        {row.disputed && <Badge textColor="danger600" backgroundColor="danger100">{t('flag.disputed')}</Badge>}
                      </Flex>
                    </Td>
                    <Td><Typography>{row.segment ?? '—'}</Typography></Td>
                    <Td><Typography>{money(row.openAmount, row.currency)}</Typography></Td>
                    <Td><Typography textColor={row.overdueAmount > 0 ? 'danger600' : 'neutral800'}>{money(row.overdueAmount, row.currency)}</Typography></Td>
                    <Td><Typography>{t('statement.invoiceCounts', { open: row.openInvoices, overdue: row.overdueInvoices })}</Typography></Td>
                    <Td><Typography>{date(row.oldestDueDate)}</Typography></Td>
                    <Td><Typography>{date(row.lastReminderAt)}</Typography></Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <TableFooter empty={rows.length === 0} emptyText={t('statement.empty')} pagination={pagination} />
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export { StatementPage };
