import {
  Badge,
  Box,
  Button,
  Checkbox,
  Flex,
  Link,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Calendar, Clock, Download, Mail, Play } from '@strapi/icons';
import { BackButton, Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';

import type { PaymentPromise } from '../../../shared/contracts/promises';
import type { ReminderSummary } from '../../../shared/contracts/reminders';
import { useCustomerActions } from '../api/customers';
import { statementPdfPath, useCustomerStatement } from '../api/statement';
import { CustomerOwnerSelect } from '../components/CustomerOwnerSelect';
import { CustomerScenarioSelect } from '../components/CustomerScenarioSelect';
import { LetterLink } from '../components/LetterLink';
import { PausedBadge } from '../components/PausedBadge';
import { PauseModal } from '../components/PauseModal';
import { PortalActionsTable } from '../components/PortalActionsTable';
import { PromiseModal } from '../components/PromiseModal';
import { ReminderModal } from '../components/ReminderModal';
import { StatusBadge } from '../components/StatusBadge';
import { useDownload } from '../hooks/useDownload';
import { useFormat } from '../hooks/useFormat';
import { useNotifiedAction } from '../hooks/useNotifiedAction';
import { PERMISSIONS } from '../permissions';
import { activityPath } from '../pluginId';

/** A reminder's history row, linked to its detail in the activities; letters link to their PDF. */
const HistoryTable = ({ reminders }: { reminders: ReminderSummary[] }) => {
  const { t, money, date } = useFormat();
  if (reminders.length === 0)
    return <Typography textColor="neutral600">{t('customer.noHistory')}</Typography>;
  return (
    <Table colCount={7} rowCount={reminders.length + 1} data-testid="history-table">
      <Thead>
        <Tr>
          {['date', 'channel', 'status', 'subject', 'amount', 'recipients', 'sender'].map(
            (column) => (
              <Th key={column}>
                <Typography variant="sigma">{t(`history.${column}`)}</Typography>
              </Th>
            )
          )}
        </Tr>
      </Thead>
      <Tbody>
        {reminders.map((reminder) => (
          <Tr key={reminder.documentId}>
            <Td>
              <Link tag={RouterLink} to={activityPath(reminder.documentId)}>
                {date(reminder.sentAt ?? reminder.createdAt)}
              </Link>
            </Td>
            <Td>
              <Typography>
                {t(`channel.${reminder.channel}`)} · {t(`type.${reminder.type}`)}
              </Typography>
            </Td>
            <Td>
              <StatusBadge status={reminder.status} />
            </Td>
            <Td>
              <Typography>
                {reminder.subject ??
                  (reminder.callOutcome ? t(`outcome.${reminder.callOutcome}`) : '—')}
              </Typography>
              <LetterLink reminder={reminder} />
            </Td>
            <Td>
              <Typography>{money(reminder.amount, reminder.currency)}</Typography>
            </Td>
            <Td>
              <Typography>{reminder.recipients.join(', ') || '—'}</Typography>
            </Td>
            <Td>
              <Typography>{reminder.senderName ?? '—'}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

const PROMISE_BADGE: Record<
  PaymentPromise['status'],
  { textColor: string; backgroundColor: string }
> = {
  pending: { textColor: 'primary600', backgroundColor: 'primary100' },
  kept: { textColor: 'success600', backgroundColor: 'success100' },
  broken: { textColor: 'danger600', backgroundColor: 'danger100' },
  cancelled: { textColor: 'neutral600', backgroundColor: 'neutral150' },
};

/** A customer's promises to pay, latest first; broken ones stand out (SPEC F4.6). */
const PromisesTable = ({ promises }: { promises: PaymentPromise[] }) => {
  const { t, money, date } = useFormat();
  if (promises.length === 0)
    return <Typography textColor="neutral600">{t('promise.none')}</Typography>;
  return (
    <Table colCount={6} rowCount={promises.length + 1} data-testid="promises-table">
      <Thead>
        <Tr>
          {['invoice', 'date', 'amount', 'status', 'note', 'recordedBy'].map((column) => (
            <Th key={column}>
              <Typography variant="sigma">{t(`promise.column.${column}`)}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {promises.map((promise) => (
          <Tr key={promise.documentId}>
            <Td>
              <Typography fontWeight="bold">{promise.invoiceNumber}</Typography>
            </Td>
            <Td>
              <Typography>{date(promise.date)}</Typography>
            </Td>
            <Td>
              <Typography>
                {promise.amount === null
                  ? t('promise.whole')
                  : money(promise.amount, promise.currency)}
              </Typography>
            </Td>
            <Td>
              <Badge {...PROMISE_BADGE[promise.status]}>
                {t(`promise.status.${promise.status}`)}
              </Badge>
            </Td>
            <Td>
              <Typography>{promise.note ?? '—'}</Typography>
            </Td>
            <Td>
              <Typography>
                {promise.source === 'portal'
                  ? t('promise.byCustomer', { name: promise.recordedByName ?? '' })
                  : (promise.recordedByName ?? '—')}
              </Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

/** One customer: open invoices to select and remind, and what was done so far. */
const CustomerPage = () => {
  const { t, money, date } = useFormat();
  const { customerDocumentId } = useParams<{ customerDocumentId: string }>();
  const { data, isLoading, error } = useCustomerStatement(customerDocumentId);
  const { allowedActions } = useRBAC({ send: PERMISSIONS.send });
  const [selected, setSelected] = useState<string[]>([]);
  const [reminding, setReminding] = useState(false);
  const [promising, setPromising] = useState(false);
  const [pausing, setPausing] = useState(false);
  const { resume } = useCustomerActions();
  const act = useNotifiedAction();
  const download = useDownload();

  if (isLoading && !data) return <Page.Loading />;
  if (error || !data) return <Page.Error />;

  const { customer, invoices, reminders, promises, lateFees } = data;
  const brokenPromises = new Set(
    promises
      .filter((promise) => promise.status === 'broken')
      .map((promise) => promise.invoiceDocumentId)
  );
  const chosen = invoices.filter((invoice) => selected.includes(invoice.documentId));
  const subtotal = chosen.reduce((sum, invoice) => sum + invoice.amountDue, 0);
  const toggle = (documentId: string) =>
    setSelected(
      selected.includes(documentId)
        ? selected.filter((id) => id !== documentId)
        : [...selected, documentId]
    );
  const allSelected = invoices.length > 0 && selected.length === invoices.length;

  return (
    <Page.Main>
      <Page.Title>{customer.name}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton disabled={false} fallback="../statement" />}
        title={customer.name}
        subtitle={[customer.reference, customer.segment].filter(Boolean).join(' · ')}
        primaryAction={
          <Flex gap={2}>
            <Button
              variant="tertiary"
              data-testid="statement-pdf-button"
              startIcon={<Download />}
              onClick={() =>
                download(
                  statementPdfPath(customerDocumentId!),
                  `statement-${customer.reference || customerDocumentId}.pdf`
                )
              }
            >
              {t('customer.statementPdf')}
            </Button>
            {allowedActions.canSend && (
              <>
                {customer.pausedUntil ? (
                  <Button
                    variant="secondary"
                    data-testid="resume-button"
                    startIcon={<Play />}
                    onClick={() => act(() => resume(customer.documentId), t('pause.resumed'))}
                  >
                    {t('pause.resume')}
                  </Button>
                ) : (
                  <Button
                    variant="secondary"
                    data-testid="pause-button"
                    startIcon={<Clock />}
                    onClick={() => setPausing(true)}
                  >
                    {t('pause.pause')}
                  </Button>
                )}
                <Button
                  variant="secondary"
                  data-testid="promise-button"
                  startIcon={<Calendar />}
                  disabled={chosen.length === 0}
                  onClick={() => setPromising(true)}
                >
                  {t('promise.record', { count: chosen.length })}
                </Button>
                <Button
                  data-testid="remind-button"
                  startIcon={<Mail />}
                  disabled={chosen.length === 0}
                  onClick={() => setReminding(true)}
                >
                  {t('customer.remind', { count: chosen.length })}
                </Button>
              </>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Flex gap={4} alignItems="flex-start">
            <Box flex="1" maxWidth="40rem">
              <CustomerScenarioSelect
                customerDocumentId={customer.documentId}
                scenarioDocumentId={customer.scenarioDocumentId}
              />
            </Box>
            <Box flex="1" maxWidth="40rem">
              <CustomerOwnerSelect
                customerDocumentId={customer.documentId}
                ownerId={customer.ownerId}
              />
            </Box>
          </Flex>
          {(customer.stopDunning || customer.pausedUntil || customer.disputed) && (
            <Flex gap={2}>
              {customer.stopDunning && (
                <Badge>
                  {t('flag.stopDunning')}
                  {customer.stopDunningReason ? ` — ${customer.stopDunningReason}` : ''}
                </Badge>
              )}
              <PausedBadge until={customer.pausedUntil} reason={customer.pauseReason} />
              {customer.disputed && (
                <Badge textColor="danger600" backgroundColor="danger100">
                  {t('flag.disputed')}
                </Badge>
              )}
            </Flex>
          )}
          <Box>
            <Flex justifyContent="space-between" paddingBottom={2}>
              <Typography variant="delta" tag="h2">
                {t('customer.openInvoices')}
              </Typography>
              <Typography data-testid="selection-subtotal">
                {t('customer.subtotal', {
                  amount: money(subtotal, chosen[0]?.currency ?? invoices[0]?.currency ?? 'EUR'),
                })}
              </Typography>
            </Flex>
            <Table colCount={8} rowCount={invoices.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Checkbox
                      aria-label={t('customer.selectAll')}
                      checked={allSelected ? true : selected.length ? 'indeterminate' : false}
                      onCheckedChange={() =>
                        setSelected(
                          allSelected ? [] : invoices.map((invoice) => invoice.documentId)
                        )
                      }
                    />
                  </Th>
                  {[
                    'number',
                    'issueDate',
                    'dueDate',
                    'amountDue',
                    'daysOverdue',
                    'lateFees',
                    'flags',
                  ].map((column) => (
                    <Th key={column}>
                      <Typography variant="sigma">{t(`invoice.${column}`)}</Typography>
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {invoices.map((invoice) => (
                  <Tr key={invoice.documentId}>
                    <Td>
                      <Checkbox
                        data-testid={`invoice-checkbox-${invoice.number}`}
                        aria-label={invoice.number}
                        checked={selected.includes(invoice.documentId)}
                        onCheckedChange={() => toggle(invoice.documentId)}
                      />
                    </Td>
                    <Td>
                      <Typography fontWeight="bold">{invoice.number}</Typography>
                    </Td>
                    <Td>
                      <Typography>{date(invoice.issueDate)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{date(invoice.dueDate)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{money(invoice.amountDue, invoice.currency)}</Typography>
                    </Td>
                    <Td>
                      <Typography textColor={invoice.daysOverdue > 0 ? 'danger600' : 'neutral800'}>
                        {invoice.daysOverdue}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography data-testid={`late-fees-${invoice.number}`}>
                        {invoice.lateFees.total > 0
                          ? money(invoice.lateFees.total, invoice.currency)
                          : '—'}
                      </Typography>
                    </Td>
                    <Td>
                      <Flex gap={1}>
                        {brokenPromises.has(invoice.documentId) && (
                          <Badge textColor="danger600" backgroundColor="danger100">
                            {t('promise.status.broken')}
                          </Badge>
                        )}
                        {invoice.disputed && (
                          <Badge textColor="danger600" backgroundColor="danger100">
                            {t('flag.disputed')}
                          </Badge>
                        )}
                        {invoice.promisedPaymentDate && (
                          <Badge>
                            {t('flag.promised', { date: date(invoice.promisedPaymentDate) })}
                          </Badge>
                        )}
                      </Flex>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Box>
          {lateFees.length > 0 && (
            <Typography variant="pi" textColor="neutral600" data-testid="late-fees-total">
              {t('customer.lateFees', {
                interest: lateFees.map((row) => money(row.interest, row.currency)).join(' + '),
                indemnity: lateFees.map((row) => money(row.indemnity, row.currency)).join(' + '),
                total: lateFees.map((row) => money(row.total, row.currency)).join(' + '),
              })}
            </Typography>
          )}
          <Box>
            <Box paddingBottom={2}>
              <Typography variant="delta" tag="h2">
                {t('customer.promises')}
              </Typography>
            </Box>
            <PromisesTable promises={promises} />
          </Box>
          <Box>
            <Box paddingBottom={2}>
              <Typography variant="delta" tag="h2">
                {t('customer.portalActions')}
              </Typography>
            </Box>
            <PortalActionsTable customerDocumentId={customer.documentId} />
          </Box>
          <Box>
            <Box paddingBottom={2}>
              <Typography variant="delta" tag="h2">
                {t('customer.history')}
              </Typography>
            </Box>
            <HistoryTable reminders={reminders} />
          </Box>
        </Flex>
      </Layouts.Content>
      {pausing && (
        <PauseModal customerDocumentId={customer.documentId} onClose={() => setPausing(false)} />
      )}
      {promising && (
        <PromiseModal
          invoices={chosen}
          onClose={() => setPromising(false)}
          onSaved={() => setSelected([])}
        />
      )}
      {reminding && (
        <ReminderModal
          customer={customer}
          invoices={chosen}
          onClose={() => setReminding(false)}
          onSent={() => setSelected([])}
        />
      )}
    </Page.Main>
  );
};

export { CustomerPage };
