import { Box, Flex, Link, Typography } from '@strapi/design-system';
import {
  unstable_useContentManagerContext as useContentManagerContext,
  useRBAC,
} from '@strapi/strapi/admin';
import { Link as RouterLink } from 'react-router-dom';

import { useMapping } from '../api/mapping';
import { useRecordHistory } from '../api/reminders';
import { useFormat } from '../hooks/useFormat';
import { PERMISSIONS } from '../permissions';
import { activityPath } from '../pluginId';
import { StatusBadge } from './StatusBadge';

/** The reminders of one invoice or customer, latest first, each linked to its detail. */
const HistoryList = ({ record }: { record: Parameters<typeof useRecordHistory>[0] }) => {
  const { t, date } = useFormat();
  const { data } = useRecordHistory(record);
  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={4}
      width="100%"
      data-testid="record-history"
    >
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography variant="sigma" textColor="neutral600">
          {t('customer.history')}
        </Typography>
        {data && data.length === 0 && (
          <Typography textColor="neutral600">{t('customer.noHistory')}</Typography>
        )}
        {data?.map((reminder) => (
          <Flex key={reminder.documentId} direction="column" alignItems="flex-start" gap={1}>
            <Flex gap={2} wrap="wrap">
              <Link tag={RouterLink} to={activityPath(reminder.documentId)}>
                {date(reminder.sentAt ?? reminder.createdAt)}
              </Link>
              <StatusBadge status={reminder.status} />
            </Flex>
            <Typography variant="pi" textColor="neutral600">
              {t(`channel.${reminder.channel}`)} · {reminder.level ?? t(`type.${reminder.type}`)}
            </Typography>
          </Flex>
        ))}
      </Flex>
    </Box>
  );
};

/** History on records (SPEC F6.2), in the Content Manager edit view of the mapped invoice and customer types. */
export const RecordHistoryPanel = () => {
  const { model, id } = useContentManagerContext();
  const { allowedActions } = useRBAC({ read: PERMISSIONS.read });
  const { data: mapping } = useMapping();
  if (!mapping || !id || id === 'create' || !allowedActions.canRead) return null;
  if (model === mapping.invoice.uid) return <HistoryList record={{ invoice: id }} />;
  if (model === mapping.customer.uid) return <HistoryList record={{ customer: id }} />;
  return null;
};
