import { Badge, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useQueryParams } from '@strapi/strapi/admin';

import type { CustomerAction } from '../../../shared/contracts/portal';
import { usePortalActions } from '../api/customers';
import { useFormat } from '../hooks/useFormat';
import { TableFooter } from './TableFooter';

const KIND_BADGE: Record<CustomerAction['kind'], { textColor: string; backgroundColor: string }> = {
  promise: { textColor: 'primary600', backgroundColor: 'primary100' },
  dispute: { textColor: 'danger600', backgroundColor: 'danger100' },
  payment: { textColor: 'success600', backgroundColor: 'success100' },
};

/**
 * What the customer did from the portal (F7.4): promises, disputes with their reason,
 * payments started, latest first, a page at a time (the page's `page` and `pageSize`).
 */
export const PortalActionsTable = ({ customerDocumentId }: { customerDocumentId: string }) => {
  const { t, money, date } = useFormat();
  const [{ query }] = useQueryParams<{ page?: string; pageSize?: string }>();
  const { data } = usePortalActions(
    customerDocumentId,
    new URLSearchParams({ page: query.page ?? '1', pageSize: query.pageSize ?? '20' })
  );
  if (!data) return null;
  const { data: actions, meta } = data;
  if (meta.pagination.total === 0)
    return <Typography textColor="neutral600">{t('portalActions.none')}</Typography>;

  const details = (action: CustomerAction) => {
    if (action.kind === 'promise') {
      const day = date(action.promisedDate ?? '');
      return action.amount != null && action.currency
        ? t('portalActions.promised', { date: day, amount: money(action.amount, action.currency) })
        : t('portalActions.promisedWhole', { date: day });
    }
    if (action.kind === 'dispute')
      return [action.reason, action.comment].filter(Boolean).join(' — ');
    return action.amount != null && action.currency ? money(action.amount, action.currency) : '—';
  };

  return (
    <>
      <Table colCount={4} rowCount={actions.length + 1} data-testid="portal-actions-table">
        <Thead>
          <Tr>
            {['date', 'kind', 'invoice', 'details'].map((column) => (
              <Th key={column}>
                <Typography variant="sigma">{t(`portalActions.column.${column}`)}</Typography>
              </Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {actions.map((action) => (
            <Tr key={action.documentId}>
              <Td>
                <Typography>{date(action.createdAt)}</Typography>
              </Td>
              <Td>
                <Badge {...KIND_BADGE[action.kind]}>{t(`portalActions.kind.${action.kind}`)}</Badge>
              </Td>
              <Td>
                <Typography fontWeight="bold">{action.invoiceNumber}</Typography>
              </Td>
              <Td>
                <Typography>{details(action)}</Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <TableFooter
        empty={actions.length === 0}
        emptyText={t('portalActions.none')}
        pagination={meta.pagination}
      />
    </>
  );
};
