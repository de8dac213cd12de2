import {
  Button,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, useQueryParams } from '@strapi/strapi/admin';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { CHANNELS } from '../../../shared/vocabulary';
import { reportCsvPath, useReport } from '../api/reports';
import { AgingChart, useChartColours } from '../components/AgingChart';
import { BounceRateTable } from '../components/BounceRateTable';
import { Card } from '../components/Card';
import { DateRangeFields } from '../components/DateRangeFields';
import { DsoChart } from '../components/DsoChart';
import { TopDebtorsTable } from '../components/TopDebtorsTable';
import { useDownload } from '../hooks/useDownload';
import { useFormat } from '../hooks/useFormat';

type Query = { from?: string; to?: string; granularity?: string };

/** Reports (SPEC F6.3): reminders per period and channel, amounts per level, paid-within shares, aging, DSO, top debtors. */
const ReportsPage = () => {
  const { t, money } = useFormat();
  const colours = useChartColours();
  const download = useDownload();
  const [{ query }, setQuery] = useQueryParams<Query>();
  const params = new URLSearchParams({ granularity: query.granularity ?? 'month' });
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  const { data, isLoading, error } = useReport(params);

  if (error) return <Page.Error />;

  // One bar per period, stacked by channel; amounts per level and currency as a table.
  const perPeriod = (data?.periods ?? []).map((period) => ({
    period: period.key,
    ...Object.fromEntries(
      CHANNELS.map((channel) => [
        channel,
        data!.reminded
          .filter((row) => row.period === period.key && row.channel === channel)
          .reduce((sum, row) => sum + row.reminders, 0),
      ])
    ),
  }));
  const byLevel = new Map<
    string,
    { level: string | null; currency: string; reminders: number; amount: number }
  >();
  for (const row of data?.reminded ?? []) {
    const key = `${row.level ?? ''}|${row.currency}`;
    const entry = byLevel.get(key) ?? {
      level: row.level,
      currency: row.currency,
      reminders: 0,
      amount: 0,
    };
    byLevel.set(key, {
      ...entry,
      reminders: entry.reminders + row.reminders,
      amount: Math.round((entry.amount + row.amount) * 100) / 100,
    });
  }

  return (
    <Page.Main>
      <Page.Title>{t('reports.title')}</Page.Title>
      <Layouts.Header
        title={t('reports.title')}
        subtitle={
          data
            ? t('reports.subtitle', {
                from: data.range.from,
                to: data.range.to,
                timezone: data.range.timezone,
              })
            : ''
        }
        primaryAction={
          <Button
            startIcon={<Download />}
            variant="secondary"
            data-testid="export-csv"
            disabled={!data}
            onClick={() =>
              download(
                reportCsvPath(params),
                `dunning-report-${data!.range.from}-${data!.range.to}.csv`
              )
            }
          >
            {t('reports.export')}
          </Button>
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={2} alignItems="flex-end">
            <Field.Root name="granularity">
              <Field.Label>{t('reports.granularity')}</Field.Label>
              <SingleSelect
                size="S"
                value={query.granularity ?? 'month'}
                onChange={(value: string | number) => setQuery({ granularity: String(value) })}
              >
                <SingleSelectOption value="month">{t('reports.month')}</SingleSelectOption>
                <SingleSelectOption value="week">{t('reports.week')}</SingleSelectOption>
              </SingleSelect>
            </Field.Root>
            <DateRangeFields value={query} onChange={(change) => setQuery(change)} />
          </Flex>
        }
      />
      <Layouts.Content>
        {isLoading || !data ? (
          <Page.Loading />
        ) : (
          <Grid.Root gap={4}>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Card title={t('reports.reminded')} testId="chart-reminded">
                <ResponsiveContainer width="100%" height={300}>
                  <BarChart data={perPeriod}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="period" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Legend />
                    {CHANNELS.map((channel, index) => (
                      <Bar
                        key={channel}
                        dataKey={channel}
                        name={t(`channel.${channel}`)}
                        stackId="channels"
                        fill={colours[index]}
                      />
                    ))}
                  </BarChart>
                </ResponsiveContainer>
              </Card>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Card title={t('reports.byLevel')}>
                <Table colCount={3} rowCount={byLevel.size + 1}>
                  <Thead>
                    <Tr>
                      <Th>
                        <Typography variant="sigma">{t('scenarios.level')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('reports.reminders')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('history.amount')}</Typography>
                      </Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {[...byLevel.values()].map((row) => (
                      <Tr key={`${row.level}|${row.currency}`}>
                        <Td>
                          <Typography>{row.level ?? t('reports.noLevel')}</Typography>
                        </Td>
                        <Td>
                          <Typography>{row.reminders}</Typography>
                        </Td>
                        <Td>
                          <Typography>{money(row.amount, row.currency)}</Typography>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </Card>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Card title={t('reports.paidWithin')} testId="paid-within">
                {data.paidWithin ? (
                  <Flex direction="column" alignItems="stretch" gap={2}>
                    <Typography textColor="neutral600">
                      {t('reports.paidWithin.of', { invoices: data.paidWithin.invoices })}
                    </Typography>
                    {data.paidWithin.within.map((row) => (
                      <Flex key={row.days} justifyContent="space-between">
                        <Typography>{t('reports.paidWithin.days', { days: row.days })}</Typography>
                        <Typography fontWeight="bold">{`${Math.round(row.share * 1000) / 10} % (${row.invoices})`}</Typography>
                      </Flex>
                    ))}
                  </Flex>
                ) : (
                  <Typography textColor="neutral600">
                    {t('reports.paidWithin.unavailable')}
                  </Typography>
                )}
              </Card>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Card title={t('reports.bounces')} testId="bounce-rate">
                <BounceRateTable rows={data.bounces} />
              </Card>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Card title={t('reports.aging', { date: data.range.today })} testId="chart-aging">
                <AgingChart aging={data.aging} />
              </Card>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Card title={t('reports.dso')} testId="chart-dso">
                {data.dso ? (
                  <>
                    <Typography textColor="neutral600">{t('reports.dso.hint')}</Typography>
                    <DsoChart dso={data.dso} periods={data.periods.map((period) => period.key)} />
                  </>
                ) : (
                  <Typography textColor="neutral600">{t('reports.dso.unavailable')}</Typography>
                )}
              </Card>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Card
                title={t('reports.topDebtors', { date: data.range.today })}
                testId="top-debtors"
              >
                <TopDebtorsTable rows={data.customerAging} />
              </Card>
            </Grid.Item>
          </Grid.Root>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export { ReportsPage };
