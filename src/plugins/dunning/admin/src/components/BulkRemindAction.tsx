import type { BulkActionComponent } from '@strapi/content-manager/strapi-admin';
import {
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
import { Mail } from '@strapi/icons';
import { useRBAC } from '@strapi/strapi/admin';
import { useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';

import type { ReminderSummary } from '../../../shared/contracts/reminders';
import { useBatchActions, useBulkPrepared } from '../api/batches';
import { errorMessage } from '../api/client';
import { useMapping } from '../api/mapping';
import { queryClient, withQueryClient } from '../api/queryClient';
import { useFormat } from '../hooks/useFormat';
import { PERMISSIONS } from '../permissions';
import { ResultList } from './ResultList';

type DialogProps = { invoiceDocumentIds: string[]; invoiceUid: string; onClose: () => void };

/**
 * The confirmation of a bulk reminder (SPEC F3.4): one e-mail per customer with
 * the default template, "attach the PDFs?", the invoices without an address listed with a
 * link to fix them; then Cancel, or send the others and see what became of each.
 */
const BulkRemindDialog = ({ invoiceDocumentIds, invoiceUid, onClose }: DialogProps) => {
  const { t, money, reason } = useFormat();
  const { sendBulk } = useBatchActions();
  // One per opening: posting it twice (a double click) sends once.
  const requestId = useMemo(() => crypto.randomUUID(), []);
  const draft = useBulkPrepared(invoiceDocumentIds);
  const prepared = draft.data;
  const [attachInvoicePdfs, setAttachInvoicePdfs] = useState(false);
  const [sending, setSending] = useState(false);
  const [results, setResults] = useState<ReminderSummary[] | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const error = sendError ?? (draft.error ? errorMessage(draft.error, t('error.generic')) : null);

  const send = async () => {
    setSending(true);
    setSendError(null);
    try {
      const { results: sent } = await sendBulk({
        requestId,
        invoiceDocumentIds,
        attachInvoicePdfs,
      });
      setResults(sent);
    } catch (failure) {
      setSendError(errorMessage(failure, t('error.generic')));
    } finally {
      setSending(false);
    }
  };

  const customers = prepared?.customers ?? [];
  const leftOut = (prepared?.missingAddress.length ?? 0) + (prepared?.closed.length ?? 0);

  return (
    <>
      <Modal.Body>
        <Flex direction="column" alignItems="stretch" gap={4} data-testid="bulk-remind">
          {error && <Typography textColor="danger600">{error}</Typography>}
          {!prepared && !error && (
            <Typography textColor="neutral600">{t('bulk.preparing')}</Typography>
          )}
          {results ? (
            <>
              <Typography fontWeight="bold">
                {t('bulk.done', {
                  count: results.filter((result) => result.status === 'sent').length,
                })}
              </Typography>
              <ResultList results={results} testId="bulk-results" />
            </>
          ) : (
            prepared && (
              <>
                <Typography>
                  {customers.length
                    ? t('bulk.intro', { count: customers.length })
                    : t('bulk.nobody')}
                </Typography>
                {customers.length > 0 && (
                  <Table colCount={4} rowCount={customers.length + 1}>
                    <Thead>
                      <Tr>
                        {['customer', 'recipients', 'invoices', 'amount'].map((column) => (
                          <Th key={column}>
                            <Typography variant="sigma">{t(`batch.${column}`)}</Typography>
                          </Th>
                        ))}
                      </Tr>
                    </Thead>
                    <Tbody>
                      {customers.map((customer) => (
                        <Tr
                          key={customer.customerDocumentId}
                          data-testid={`bulk-customer-${customer.name}`}
                        >
                          <Td>
                            <Typography fontWeight="bold">{customer.name}</Typography>
                          </Td>
                          <Td>
                            <Typography>{customer.recipients.join(', ')}</Typography>
                          </Td>
                          <Td>
                            <Typography>
                              {customer.invoices.map((invoice) => invoice.number).join(', ')}
                            </Typography>
                          </Td>
                          <Td>
                            <Typography>{money(customer.amount, customer.currency)}</Typography>
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                )}
                {customers.length > 0 && (
                  <Checkbox
                    checked={attachInvoicePdfs}
                    onCheckedChange={(checked: boolean) => setAttachInvoicePdfs(Boolean(checked))}
                  >
                    {t('bulk.attachPdfs')}
                  </Checkbox>
                )}
                {prepared.missingAddress.length > 0 && (
                  <Flex
                    direction="column"
                    alignItems="stretch"
                    gap={2}
                    data-testid="bulk-missing-address"
                  >
                    <Typography fontWeight="bold" textColor="warning600">
                      {t('bulk.missingAddress', { count: prepared.missingAddress.length })}
                    </Typography>
                    {prepared.missingAddress.map((invoice) => (
                      <Flex key={invoice.documentId} gap={2}>
                        <Link
                          tag={RouterLink}
                          to={`/content-manager/collection-types/${invoiceUid}/${invoice.documentId}`}
                        >
                          {invoice.number}
                        </Link>
                        <Typography textColor="neutral600">{invoice.customerName}</Typography>
                      </Flex>
                    ))}
                  </Flex>
                )}
                {prepared.closed.length > 0 && (
                  <Flex direction="column" alignItems="stretch" gap={2}>
                    <Typography fontWeight="bold" textColor="neutral600">
                      {t('bulk.closed', { count: prepared.closed.length })}
                    </Typography>
                    {prepared.closed.map((invoice) => (
                      <Typography
                        key={invoice.documentId}
                        textColor="neutral600"
                      >{`${invoice.number} · ${reason(invoice.reason)}`}</Typography>
                    ))}
                  </Flex>
                )}
              </>
            )
          )}
        </Flex>
      </Modal.Body>
      <Modal.Footer>
        {results ? (
          <Button variant="tertiary" onClick={onClose}>
            {t('close')}
          </Button>
        ) : (
          <>
            <Button variant="tertiary" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button
              startIcon={<Mail />}
              loading={sending}
              disabled={customers.length === 0}
              onClick={send}
              data-testid="bulk-send"
            >
              {t(leftOut ? 'bulk.sendOthers' : 'bulk.send', { count: customers.length })}
            </Button>
          </>
        )}
      </Modal.Footer>
    </>
  );
};

/** The dialog inside the plugin's query cache: the Content Manager renders it in its own modal. */
const BulkRemindContent = withQueryClient(BulkRemindDialog);

/** "Remind" on the selected invoices of the Content Manager list of the mapped invoice type, for admins who may send. */
export const BulkRemindAction: BulkActionComponent = ({ model, documents }) => {
  const { t } = useFormat();
  const { allowedActions } = useRBAC({ send: PERMISSIONS.send });
  // Strapi calls a bulk action as a hook of its own component, outside any provider of the plugin.
  const { data: mapping } = useMapping(queryClient);
  const selected = documents.map((document) => document.documentId).join(',');
  // The modal's content keeps its identity while the selection is the same, so its state survives re-renders.
  const Content = useMemo(() => {
    const invoiceDocumentIds = selected.split(',');
    return ({ onClose }: { onClose: () => void }) => (
      <BulkRemindContent
        invoiceDocumentIds={invoiceDocumentIds}
        invoiceUid={model}
        onClose={onClose}
      />
    );
  }, [selected, model]);

  if (!mapping || model !== mapping.invoice.uid || !allowedActions.canSend) return null;
  return {
    label: t('bulk.remind'),
    icon: <Mail />,
    variant: 'secondary',
    dialog: {
      type: 'modal',
      title: t('bulk.title', { count: documents.length }),
      content: Content,
    },
  };
};
