import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useNavigate } from 'react-router-dom';

import { AGING_BUCKETS, type CustomerAgingRow } from '../../../shared/contracts/reports';
import { useFormat } from '../hooks/useFormat';

/** The top debtors per currency with their open amounts per aging bucket; a row opens the customer's statement. */
export const TopDebtorsTable = ({ rows }: { rows: CustomerAgingRow[] }) => {
  const { t, money } = useFormat();
  const navigate = useNavigate();
  if (rows.length === 0)
    return <Typography textColor="neutral600">{t('reports.topDebtors.none')}</Typography>;
  return (
    <Table colCount={AGING_BUCKETS.length + 3} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          <Th>
            <Typography variant="sigma">{t('statement.customer')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('reports.currency')}</Typography>
          </Th>
          {AGING_BUCKETS.map((bucket) => (
            <Th key={bucket}>
              <Typography variant="sigma">{t(`reports.aging.${bucket}`)}</Typography>
            </Th>
          ))}
          <Th>
            <Typography variant="sigma">{t('reports.total')}</Typography>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr
            key={`${row.documentId}|${row.currency}`}
            onClick={() => navigate(`../statement/${row.documentId}`)}
            style={{ cursor: 'pointer' }}
          >
            <Td>
              <Typography fontWeight="bold">{row.name}</Typography>
            </Td>
            <Td>
              <Typography>{row.currency}</Typography>
            </Td>
            {AGING_BUCKETS.map((bucket) => (
              <Td key={bucket}>
                <Typography>{money(row.buckets[bucket], row.currency)}</Typography>
              </Td>
            ))}
            <Td>
              <Typography fontWeight="bold">{money(row.total, row.currency)}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
