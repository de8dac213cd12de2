import {
  Box,
  Flex,
  IconButton,
  Link,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tag,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { CaretDown, CaretUp, Cross } from '@strapi/icons';
import { Layouts, Page, SearchInput, useQueryParams, useRBAC } from '@strapi/strapi/admin';

import { CHANNELS, REMINDER_STATUSES, REMINDER_TYPES, TRIGGERS } from '../../../shared/vocabulary';
import { useReminderPage } from '../api/reminders';
import { useSenders } from '../api/senders';
import { DateRangeFields } from '../components/DateRangeFields';
import { MyAccountsToggle } from '../components/MyAccountsToggle';
import { ReminderDetailModal } from '../components/ReminderDetailModal';
import { StatusBadge } from '../components/StatusBadge';
import { TableFooter } from '../components/TableFooter';
import { useFormat } from '../hooks/useFormat';
import { PERMISSIONS } from '../permissions';

const SELECTS = { channel: CHANNELS, type: REMINDER_TYPES, trigger: TRIGGERS } as const;

type Query = {
  page?: string;
  pageSize?: string;
  _q?: string;
  status?: string;
  channel?: string;
  type?: string;
  trigger?: string;
  customer?: string;
  sender?: string;
  mine?: string;
  from?: string;
  to?: string;
  sort?: string;
  order?: string;
  reminder?: string;
};

/** Every reminder, filtered, sorted and paginated by the server (SPEC F6.1); `?reminder=` opens one. */
const ActivitiesPage = () => {
  const { t, money, date, reason } = useFormat();
  const [{ query }, setQuery] = useQueryParams<Query>();
  const { allowedActions } = useRBAC({ send: PERMISSIONS.send });
  const senders = useSenders(allowedActions.canSend);

  const sort = query.sort ?? 'createdAt';
  const order = query.order ?? 'desc';
  const params = new URLSearchParams({
    page: query.page ?? '1',
    pageSize: query.pageSize ?? '20',
    sort,
    order,
  });
  for (const key of [
    'status',
    'channel',
    'type',
    'trigger',
    'customer',
    'sender',
    'mine',
    'from',
    'to',
  ] as const) {
    if (query[key]) params.set(key, query[key]!);
  }
  if (query._q) params.set('search', query._q);
  const { data, isLoading, error } = useReminderPage(params);

  /** A filter change starts again at page 1; an empty value removes the filter. */
  const filter = (changes: Partial<Query>) => setQuery({ ...changes, page: '1' } as Query);

  const sortable = (field: string, label: string) => (
    <Th
      action={
        <IconButton
          label={t('activities.sortBy', { column: label })}
          variant="ghost"
          data-testid={`sort-${field}`}
          onClick={() =>
            setQuery({ sort: field, order: sort === field && order === 'desc' ? 'asc' : 'desc' })
          }
        >
          {sort === field && order === 'asc' ? <CaretUp /> : <CaretDown />}
        </IconButton>
      }
    >
      <Typography variant="sigma" textColor={sort === field ? 'primary600' : undefined}>
        {label}
      </Typography>
    </Th>
  );
  const plain = (label: string) => (
    <Th>
      <Typography variant="sigma">{label}</Typography>
    </Th>
  );

  if (error) return <Page.Error />;
  const rows = data?.data ?? [];
  const pagination = data?.meta.pagination;

  return (
    <Page.Main>
      <Page.Title>{t('activities.title')}</Page.Title>
      <Layouts.Header
        title={t('activities.title')}
        subtitle={
          pagination
            ? t(pagination.capped ? 'activities.subtitle.capped' : 'activities.subtitle', {
                total: pagination.total,
              })
            : ''
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={2} wrap="wrap" alignItems="flex-end" data-testid="activities-filters">
            <SearchInput label={t('activities.search')} placeholder={t('activities.search')} />
            <Box minWidth="220px">
              <MultiSelect
                aria-label={t('activities.status')}
                placeholder={t('activities.status')}
                size="S"
                withTags
                data-testid="status-filter"
                value={query.status ? query.status.split(',') : []}
                onClear={() => filter({ status: undefined })}
                onChange={(values: string[]) =>
                  filter({ status: values.length ? values.join(',') : undefined })
                }
              >
                {REMINDER_STATUSES.map((status) => (
                  <MultiSelectOption key={status} value={status}>
                    {t(`status.${status}`)}
                  </MultiSelectOption>
                ))}
              </MultiSelect>
            </Box>
            {(Object.keys(SELECTS) as Array<keyof typeof SELECTS>).map((key) => (
              <SingleSelect
                key={key}
                aria-label={t(`activities.${key}`)}
                placeholder={t(`activities.${key}`)}
                size="S"
                value={query[key]}
                onClear={() => filter({ [key]: undefined })}
                onChange={(value: string | number) => filter({ [key]: String(value) })}
              >
                {SELECTS[key].map((value) => (
                  <SingleSelectOption key={value} value={value}>
                    {t(`${key}.${value}`)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            ))}
            {senders.data && (
              <SingleSelect
                aria-label={t('history.sender')}
                placeholder={t('history.sender')}
                size="S"
                value={query.sender}
                onClear={() => filter({ sender: undefined })}
                onChange={(value: string | number) => filter({ sender: String(value) })}
              >
                {senders.data.map((sender) => (
                  <SingleSelectOption key={sender.id} value={String(sender.id)}>
                    {sender.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            )}
            <DateRangeFields value={query} onChange={filter} />
            <MyAccountsToggle />
            {query.customer && (
              <Tag icon={<Cross aria-hidden />} onClick={() => filter({ customer: undefined })}>
                {t('activities.customerFilter', {
                  customer: rows[0]?.customerName ?? query.customer,
                })}
              </Tag>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        {isLoading && !data ? (
          <Page.Loading />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Table colCount={9} rowCount={rows.length + 1} data-testid="activities-table">
              <Thead>
                <Tr>
                  {sortable('createdAt', t('activities.createdAt'))}
                  {plain(t('history.channel'))}
                  {sortable('customerName', t('activities.customer'))}
                  {plain(t('activities.invoices'))}
                  {sortable('amount', t('history.amount'))}
                  {plain(t('history.sender'))}
                  {plain(t('history.recipients'))}
                  {sortable('status', t('history.status'))}
                  {sortable('sentAt', t('activities.sentAt'))}
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((row) => (
                  <Tr key={row.documentId} data-testid={`activity-${row.documentId}`}>
                    <Td>
                      <Link
                        href="#"
                        onClick={(event: React.MouseEvent) => {
                          event.preventDefault();
                          setQuery({ reminder: row.documentId });
                        }}
                      >
                        {date(row.createdAt)}
                      </Link>
                    </Td>
                    <Td>
                      <Typography>
                        {t(`channel.${row.channel}`)} · {t(`type.${row.type}`)}
                      </Typography>
                      <Typography variant="pi" textColor="neutral600" tag="p">
                        {t(`trigger.${row.trigger}`)}
                        {row.level ? ` · ${row.level}` : ''}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{row.customerName ?? '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>{row.invoiceNumbers.join(', ') || '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>{money(row.amount, row.currency)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{row.senderName ?? '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>{row.recipients.join(', ') || '—'}</Typography>
                    </Td>
                    <Td>
                      <StatusBadge status={row.status} />
                      {row.statusReason && (
                        <Typography variant="pi" textColor="neutral600" tag="p">
                          {reason(row.statusReason)}
                        </Typography>
                      )}
                    </Td>
                    <Td>
                      <Typography>{date(row.sentAt)}</Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <TableFooter
              empty={rows.length === 0}
              emptyText={t('activities.empty')}
              pagination={pagination}
            />
          </Flex>
        )}
      </Layouts.Content>
      {query.reminder && (
        <ReminderDetailModal
          documentId={query.reminder}
          onClose={() => setQuery({ reminder: undefined })}
        />
      )}
    </Page.Main>
  );
};

export { ActivitiesPage };
