import {
  Badge,
  Button,
  Checkbox,
  Flex,
  Link,
  Modal,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Eye, FilePdf, PaperPlane, Phone } from '@strapi/icons';
import { BackButton, Layouts, Page, useQueryParams, useRBAC } from '@strapi/strapi/admin';
import { useState } from 'react';

import type { BatchInvoice, BatchItem, BatchSelection } from '../../../shared/contracts/batches';
import { CHANNELS, type ReminderChannel } from '../../../shared/vocabulary';
import { useBatchActions, useBatchItems, useProduceLetters } from '../api/batches';
import { CallOutcomeFields, callPayload, NO_CALL_YET } from '../components/CallOutcomeFields';
import { DispatchModal, type DispatchRound } from '../components/DispatchModal';
import { useMine } from '../components/MyAccountsToggle';
import { PausedBadge } from '../components/PausedBadge';
import { TableFooter } from '../components/TableFooter';
import { TextPreview } from '../components/TextPreview';
import { useFormat } from '../hooks/useFormat';
import { useNotifiedAction } from '../hooks/useNotifiedAction';
import { PERMISSIONS } from '../permissions';
import { sumAmounts } from '../utils/amounts';

/** Reminders per request of "Send the selection", so that the bar moves. */
const SEND_ROUND = 5;

type Query = {
  channel?: string;
  segment?: string;
  level?: string;
  page?: string;
  pageSize?: string;
};

/** The invoices a reminder goes with unless a person changes it: all but those left out. */
const plannedTicks = (item: BatchItem) =>
  item.invoices.filter((invoice) => !invoice.excluded).map((invoice) => invoice.documentId);

const phoneOf = (item: BatchItem) => item.contact?.phone || item.customer?.phone || null;

/** The customer of a reminder, with its flags. */
const CustomerCell = ({ item }: { item: BatchItem }) => {
  const { t } = useFormat();
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography fontWeight="bold">{item.customer?.name ?? item.customerName ?? '—'}</Typography>
      <Typography variant="pi" textColor="neutral600">
        {[item.customer?.reference, item.level].filter(Boolean).join(' · ')}
      </Typography>
      <Flex gap={1} wrap="wrap">
        {item.customer?.stopDunning && <Badge>{t('flag.stopDunning')}</Badge>}
        <PausedBadge
          until={item.customer?.pausedUntil ?? null}
          reason={item.customer?.pauseReason}
        />
        {item.customer?.disputed && (
          <Badge textColor="danger600" backgroundColor="danger100">
            {t('flag.disputed')}
          </Badge>
        )}
      </Flex>
    </Flex>
  );
};

/** One invoice of a reminder: why it is left out, if it is, and a danger mark when disputed (SPEC F5.2). */
const InvoiceLine = ({
  invoice,
  ticked,
  onToggle,
}: {
  invoice: BatchInvoice;
  ticked?: boolean;
  onToggle?: () => void;
}) => {
  const { t, money, date, reason } = useFormat();
  const label = `${invoice.number} · ${date(invoice.dueDate)} · ${money(invoice.amountDue, invoice.currency)}`;
  return (
    <Flex gap={2} wrap="wrap" data-testid={`invoice-${invoice.number}`}>
      {onToggle ? (
        <Checkbox
          checked={ticked}
          onCheckedChange={onToggle}
          aria-label={t('batch.tickInvoice', { number: invoice.number })}
        >
          {label}
        </Checkbox>
      ) : (
        <Typography>{label}</Typography>
      )}
      {invoice.disputed && (
        <Badge textColor="danger600" backgroundColor="danger100">
          {t('flag.disputed')}
        </Badge>
      )}
      {invoice.excluded && !(invoice.disputed && invoice.excluded === 'disputed_invoice') && (
        <Badge>{reason(invoice.excluded)}</Badge>
      )}
    </Flex>
  );
};

/** A call to make: the number, the script, and (with `send`) how it went (SPEC F5.3). */
const CallModal = ({
  item,
  logging,
  onClose,
}: {
  item: BatchItem;
  logging: boolean;
  onClose: () => void;
}) => {
  const { t } = useFormat();
  const { logCall } = useBatchActions();
  const [call, setCall] = useState(NO_CALL_YET);
  const run = useNotifiedAction();
  const phone = phoneOf(item);
  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content data-testid="call-modal">
        <Modal.Header>
          <Modal.Title>
            {t('batch.call.title', { customer: item.customer?.name ?? item.customerName ?? '' })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography>
              {item.contact?.name ?? ''}{' '}
              {phone ? <Link href={`tel:${phone}`}>{phone}</Link> : t('batch.noPhone')}
            </Typography>
            <Typography variant="sigma" textColor="neutral600">
              {t('batch.script')}
            </Typography>
            <TextPreview text={item.script ?? t('batch.noScript')} testId="call-script" />
            {logging && <CallOutcomeFields value={call} onChange={setCall} />}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{logging ? t('cancel') : t('close')}</Button>
          </Modal.Close>
          {logging && (
            <Button
              data-testid="log-call-confirm"
              onClick={() =>
                run(async () => {
                  await logCall(item.documentId, callPayload(call));
                  onClose();
                }, t('batch.call.logged'))
              }
            >
              {t('modal.send.phone')}
            </Button>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/**
 * One batch of the batch view (SPEC F5.2, F5.3): its customers, one row per planned
 * reminder. E-mails and letters: tick customers and invoices, then send or download; calls:
 * the list to call, each call logged with its outcome.
 */
const BatchPage = () => {
  const { t, money, amounts } = useFormat();
  const { sendEmails } = useBatchActions();
  const produceLetters = useProduceLetters();
  const { allowedActions } = useRBAC({ send: PERMISSIONS.send });
  const [{ query }] = useQueryParams<Query>();
  const channel: ReminderChannel =
    CHANNELS.find((candidate) => candidate === query.channel) ?? 'email';
  const params = new URLSearchParams({
    channel,
    page: query.page ?? '1',
    pageSize: query.pageSize ?? '20',
  });
  if (query.segment !== undefined) params.set('segment', query.segment);
  if (query.level !== undefined) params.set('level', query.level);
  if (useMine()) params.set('mine', 'true');
  const { data, isLoading, error } = useBatchItems(params);
  // The invoices ticked, per reminder a person changed; the others go as planned.
  const [ticks, setTicks] = useState<Record<string, string[]>>({});
  const [dispatching, setDispatching] = useState<BatchSelection[] | null>(null);
  const [calling, setCalling] = useState<{ item: BatchItem; logging: boolean } | null>(null);

  if (error) return <Page.Error />;
  const rows = data?.data ?? [];
  const isCallList = channel === 'phone' || channel === 'other';
  const channelName = t(`channel.${channel}`);
  const title =
    query.segment !== undefined || query.level !== undefined
      ? t('batch.title', {
          channel: channelName,
          segment: query.segment || t('batches.noProfile'),
          level: query.level || t('batches.noLevel'),
        })
      : t(isCallList ? 'batch.callList' : 'batch.all', { channel: channelName });

  const tickedOf = (item: BatchItem) => ticks[item.documentId] ?? plannedTicks(item);
  const setTicked = (item: BatchItem, invoiceDocumentIds: string[]) =>
    setTicks((previous) => ({ ...previous, [item.documentId]: invoiceDocumentIds }));
  const toggleInvoice = (item: BatchItem, documentId: string) => {
    const ticked = tickedOf(item);
    setTicked(
      item,
      ticked.includes(documentId)
        ? ticked.filter((id) => id !== documentId)
        : [...ticked, documentId]
    );
  };
  // Ticking a customer back ticks what was planned, or every invoice when all were left out.
  const toggleCustomer = (item: BatchItem) =>
    setTicked(
      item,
      tickedOf(item).length
        ? []
        : plannedTicks(item).length
          ? plannedTicks(item)
          : item.invoices.map((invoice) => invoice.documentId)
    );
  const tickedInvoices = (item: BatchItem) =>
    item.invoices.filter((invoice) => tickedOf(item).includes(invoice.documentId));
  const selections: BatchSelection[] = rows
    .map((item) => ({ reminderDocumentId: item.documentId, invoiceDocumentIds: tickedOf(item) }))
    .filter((selection) => selection.invoiceDocumentIds.length > 0);
  const selectedInvoices = rows.flatMap(tickedInvoices);
  const allTicked = rows.length > 0 && selections.length === rows.length;

  const run = async (done: number): Promise<DispatchRound> => {
    if (channel === 'letter')
      return { results: await produceLetters({ selections: dispatching! }), remaining: 0 };
    const round = dispatching!.slice(done, done + SEND_ROUND);
    const { results } = await sendEmails({ selections: round });
    return { results, remaining: dispatching!.length - done - round.length };
  };

  const primaryAction =
    allowedActions.canSend && !isCallList ? (
      <Button
        startIcon={channel === 'email' ? <PaperPlane /> : <FilePdf />}
        disabled={selections.length === 0}
        onClick={() => setDispatching(selections)}
        data-testid="dispatch-selection"
      >
        {t(channel === 'email' ? 'batch.sendSelection' : 'batch.downloadSelection', {
          count: selections.length,
        })}
      </Button>
    ) : undefined;

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton disabled={false} fallback="../batches" />}
        title={title}
        subtitle={data ? t('batch.subtitle', { total: data.meta.pagination.total }) : ''}
        primaryAction={primaryAction}
      />
      <Layouts.Content>
        {isLoading && !data ? (
          <Page.Loading />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            {!isCallList && (
              <Typography data-testid="selection-summary">
                {t('batch.selected', {
                  customers: selections.length,
                  invoices: selectedInvoices.length,
                  amount: amounts(
                    sumAmounts(
                      selectedInvoices.map((invoice) => ({
                        currency: invoice.currency,
                        amount: invoice.amountDue,
                      }))
                    )
                  ),
                })}
              </Typography>
            )}
            <Table
              colCount={isCallList ? 6 : 5}
              rowCount={rows.length + 1}
              data-testid="batch-table"
            >
              <Thead>
                <Tr>
                  {!isCallList && (
                    <Th>
                      <Checkbox
                        aria-label={t('batch.tickAll')}
                        checked={allTicked ? true : selections.length ? 'indeterminate' : false}
                        onCheckedChange={() =>
                          setTicks(
                            selections.length
                              ? Object.fromEntries(rows.map((item) => [item.documentId, []]))
                              : {}
                          )
                        }
                      />
                    </Th>
                  )}
                  {[
                    'customer',
                    isCallList ? 'contact' : channel === 'email' ? 'recipients' : 'contact',
                    ...(isCallList ? ['phone'] : []),
                    'invoices',
                    'amount',
                  ].map((column) => (
                    <Th key={column}>
                      <Typography variant="sigma">{t(`batch.${column}`)}</Typography>
                    </Th>
                  ))}
                  {isCallList && (
                    <Th>
                      <Typography variant="sigma">{t('templates.actions')}</Typography>
                    </Th>
                  )}
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((item) => {
                  const customerName = item.customer?.name ?? item.customerName ?? '';
                  const phone = phoneOf(item);
                  return (
                    <Tr key={item.documentId} data-testid={`batch-item-${customerName}`}>
                      {!isCallList && (
                        <Td>
                          <Checkbox
                            aria-label={t('batch.tickCustomer', { customer: customerName })}
                            checked={tickedOf(item).length > 0}
                            onCheckedChange={() => toggleCustomer(item)}
                          />
                        </Td>
                      )}
                      <Td>
                        <CustomerCell item={item} />
                      </Td>
                      <Td>
                        {channel === 'email' ? (
                          <Typography textColor={item.recipients.length ? undefined : 'warning600'}>
                            {item.recipients.join(', ') || t('reason.no_address')}
                          </Typography>
                        ) : (
                          <Typography>{item.contact?.name ?? '—'}</Typography>
                        )}
                      </Td>
                      {isCallList && (
                        <Td>
                          {phone ? (
                            <Link href={`tel:${phone}`}>{phone}</Link>
                          ) : (
                            <Typography textColor="warning600">{t('batch.noPhone')}</Typography>
                          )}
                        </Td>
                      )}
                      <Td>
                        <Flex direction="column" alignItems="flex-start" gap={1}>
                          {item.invoices.map((invoice) =>
                            isCallList ? (
                              <InvoiceLine key={invoice.documentId} invoice={invoice} />
                            ) : (
                              <InvoiceLine
                                key={invoice.documentId}
                                invoice={invoice}
                                ticked={tickedOf(item).includes(invoice.documentId)}
                                onToggle={() => toggleInvoice(item, invoice.documentId)}
                              />
                            )
                          )}
                        </Flex>
                      </Td>
                      <Td>
                        <Typography fontWeight="bold">
                          {money(
                            isCallList
                              ? item.amount
                              : tickedInvoices(item).reduce(
                                  (sum, invoice) => sum + invoice.amountDue,
                                  0
                                ),
                            item.currency
                          )}
                        </Typography>
                      </Td>
                      {isCallList && (
                        <Td>
                          <Flex gap={2}>
                            <Button
                              variant="tertiary"
                              size="S"
                              startIcon={<Eye />}
                              onClick={() => setCalling({ item, logging: false })}
                            >
                              {t('batch.script')}
                            </Button>
                            {allowedActions.canSend && (
                              <Button
                                variant="secondary"
                                size="S"
                                startIcon={<Phone />}
                                onClick={() => setCalling({ item, logging: true })}
                                data-testid="log-call"
                              >
                                {t('modal.send.phone')}
                              </Button>
                            )}
                          </Flex>
                        </Td>
                      )}
                    </Tr>
                  );
                })}
              </Tbody>
            </Table>
            <TableFooter
              empty={rows.length === 0}
              emptyText={t('batch.empty')}
              pagination={data?.meta.pagination}
            />
          </Flex>
        )}
      </Layouts.Content>
      {dispatching && (
        <DispatchModal
          channel={channel === 'email' ? 'email' : 'letter'}
          total={dispatching.length}
          run={run}
          onClose={() => setDispatching(null)}
        />
      )}
      {calling && (
        <CallModal item={calling.item} logging={calling.logging} onClose={() => setCalling(null)} />
      )}
    </Page.Main>
  );
};

export { BatchPage };
