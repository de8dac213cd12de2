import {
  Badge,
  Button,
  Checkbox,
  Flex,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import { Layouts, Page, SearchInput, useQueryParams, useRBAC } from '@strapi/strapi/admin';
import { type MouseEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';

import { useStatementPage } from '../api/statement';
import { MyAccountsToggle, useMine } from '../components/MyAccountsToggle';
import { PausedBadge } from '../components/PausedBadge';
import { SendStatementsModal } from '../components/SendStatementsModal';
import { TableFooter } from '../components/TableFooter';
import { useFormat } from '../hooks/useFormat';
import { PERMISSIONS } from '../permissions';

type Query = { page?: string; pageSize?: string; _q?: string };

/**
 * The account statement: customers with open invoices, most overdue first (SPEC F3.1);
 * those ticked get their statement of account by e-mail (monthly statements, SPEC F3.5).
 */
const StatementPage = () => {
  const { t, money, date } = useFormat();
  const navigate = useNavigate();
  const [{ query }] = useQueryParams<Query>();
  const params = new URLSearchParams({ page: query.page ?? '1', pageSize: query.pageSize ?? '20' });
  if (query._q) params.set('search', query._q);
  if (useMine()) params.set('mine', 'true');
  const { data, isLoading, error } = useStatementPage(params);
  const { allowedActions } = useRBAC({ send: PERMISSIONS.send });
  const [ticked, setTicked] = useState<Map<string, string>>(new Map());
  const [confirming, setConfirming] = useState(false);

  if (error) return <Page.Error />;
  const rows = data?.data ?? [];
  const pagination = data?.meta.pagination;
  const toggle = (documentId: string, name: string) =>
    setTicked((current) => {
      const next = new Map(current);
      if (next.has(documentId)) next.delete(documentId);
      else next.set(documentId, name);
      return next;
    });
  const allTicked = rows.length > 0 && rows.every((row) => ticked.has(row.documentId));
  const tickPage = () =>
    setTicked(allTicked ? new Map() : new Map(rows.map((row) => [row.documentId, row.name])));

  return (
    <Page.Main>
      <Page.Title>{t('statement.title')}</Page.Title>
      <Layouts.Header
        title={t('statement.title')}
        subtitle={t('statement.subtitle', { total: pagination?.total ?? 0 })}
        primaryAction={
          allowedActions.canSend ? (
            <Button
              startIcon={<Mail />}
              disabled={ticked.size === 0}
              onClick={() => setConfirming(true)}
              data-testid="send-statements-open"
            >
              {t('statements.send.open', { count: ticked.size })}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Action
        startActions={
          <>
            <SearchInput label={t('statement.search')} placeholder={t('statement.search')} />
            <MyAccountsToggle />
          </>
        }
      />
      <Layouts.Content>
        {isLoading ? (
          <Page.Loading />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Table colCount={allowedActions.canSend ? 8 : 7} rowCount={rows.length + 1}>
              <Thead>
                <Tr>
                  {allowedActions.canSend && (
                    <Th>
                      <Checkbox
                        aria-label={t('statements.tickPage')}
                        checked={
                          allTicked
                            ? true
                            : rows.some((row) => ticked.has(row.documentId))
                              ? 'indeterminate'
                              : false
                        }
                        onCheckedChange={tickPage}
                      />
                    </Th>
                  )}
                  <Th>
                    <Typography variant="sigma">{t('statement.customer')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('statement.segment')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('statement.openAmount')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('statement.overdueAmount')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('statement.invoices')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('statement.oldestDueDate')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('statement.lastReminder')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((row) => (
                  <Tr
                    key={row.documentId}
                    onClick={() => navigate(row.documentId)}
                    style={{ cursor: 'pointer' }}
                  >
                    {allowedActions.canSend && (
                      <Td onClick={(event: MouseEvent) => event.stopPropagation()}>
                        <Checkbox
                          aria-label={t('statements.tick', { customer: row.name })}
                          checked={ticked.has(row.documentId)}
                          onCheckedChange={() => toggle(row.documentId, row.name)}
                        />
                      </Td>
                    )}
                    <Td>
                      <Flex gap={2}>
                        <Typography fontWeight="bold">{row.name}</Typography>
                        <Typography textColor="neutral600">{row.reference}</Typography>
                        {row.stopDunning && <Badge>{t('flag.stopDunning')}</Badge>}
                        <PausedBadge until={row.pausedUntil} />
                        {row.disputed && (
                          <Badge textColor="danger600" backgroundColor="danger100">
                            {t('flag.disputed')}
                          </Badge>
                        )}
                      </Flex>
                    </Td>
                    <Td>
                      <Typography>{row.segment ?? '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>{money(row.openAmount, row.currency)}</Typography>
                    </Td>
                    <Td>
                      <Typography textColor={row.overdueAmount > 0 ? 'danger600' : 'neutral800'}>
                        {money(row.overdueAmount, row.currency)}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>
                        {t('statement.invoiceCounts', {
                          open: row.openInvoices,
                          overdue: row.overdueInvoices,
                        })}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{date(row.oldestDueDate)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{date(row.lastReminderAt)}</Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <TableFooter
              empty={rows.length === 0}
              emptyText={t('statement.empty')}
              pagination={pagination}
            />
          </Flex>
        )}
      </Layouts.Content>
      {confirming && (
        <SendStatementsModal
          customers={[...ticked].map(([documentId, name]) => ({ documentId, name }))}
          onClose={(sent) => {
            setConfirming(false);
            if (sent) setTicked(new Map());
          }}
        />
      )}
    </Page.Main>
  );
};

export { StatementPage };
