import { Flex, Typography } from '@strapi/design-system';

import { useFormat } from '../hooks/useFormat';
import { StatusBadge } from './StatusBadge';

type Result = {
  documentId: string;
  customerName: string | null;
  status: string;
  statusReason: string | null;
};

/** What became of reminders acted on together, one line each: the customer, the status and its reason. */
export const ResultList = ({ results, testId }: { results: Result[]; testId?: string }) => {
  const { reason } = useFormat();
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid={testId}>
      {results.map((result) => (
        <Flex key={result.documentId} gap={2} wrap="wrap" data-testid="result-line">
          <StatusBadge status={result.status} />
          <Typography fontWeight="bold">{result.customerName ?? '—'}</Typography>
          {result.statusReason && (
            <Typography textColor="neutral600">{reason(result.statusReason)}</Typography>
          )}
        </Flex>
      ))}
    </Flex>
  );
};
