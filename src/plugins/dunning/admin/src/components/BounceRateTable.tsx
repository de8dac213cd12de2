import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';

import type { Report } from '../../../shared/contracts/reports';
import { useFormat } from '../hooks/useFormat';

/** Per period, the e-mails sent and the share that bounced (SPEC F7.5). */
export const BounceRateTable = ({ rows }: { rows: Report['bounces'] }) => {
  const { t } = useFormat();
  return (
    <Table colCount={4} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          {['period', 'sent', 'bounced', 'rate'].map((column) => (
            <Th key={column}>
              <Typography variant="sigma">{t(`reports.bounces.${column}`)}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={row.period} data-testid="bounce-row">
            <Td>
              <Typography>{row.period}</Typography>
            </Td>
            <Td>
              <Typography>{row.sent}</Typography>
            </Td>
            <Td>
              <Typography>{row.bounced}</Typography>
            </Td>
            <Td>
              <Typography fontWeight="bold">{`${Math.round(row.rate * 1000) / 10} %`}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
