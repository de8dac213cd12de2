import { Box, Flex, Grid, LinkButton, Typography } from '@strapi/design-system';
import { ChartPie, File, Layout, List, Mail, PaperPlane, Pencil } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';

import { CHANNELS } from '../../../shared/vocabulary';
import { useContactsToFixCount } from '../api/contacts-to-fix';
import { useOverview } from '../api/overview';
import { AgingChart } from '../components/AgingChart';
import { Card } from '../components/Card';
import { ForecastPanel } from '../components/ForecastPanel';
import { useFormat } from '../hooks/useFormat';
import { sumAmounts } from '../utils/amounts';

type FigureProps = {
  label: string;
  values: Array<{ key: string; text: string }>;
  testId: string;
  /** Under the values. */
  children?: React.ReactNode;
  /** On the right of the card. */
  action?: React.ReactNode;
};

/** A labelled figure card; several values (one per currency) stack in it. */
const Figure = ({ label, values, testId, children, action }: FigureProps) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={6} width="100%" height="100%">
    <Flex justifyContent="space-between" alignItems="center" gap={6} wrap="wrap">
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Typography variant="sigma" textColor="neutral600">
          {label}
        </Typography>
        {values.map(({ key, text }) => (
          <Typography key={key} variant="alpha" tag="p" data-testid={`${testId}-${key}`}>
            {text}
          </Typography>
        ))}
        {children}
      </Flex>
      {action}
    </Flex>
  </Box>
);

/** The plugin's home (SPEC F5.1): what waits to be reminded, what is overdue and how old, what comes next. */
const HomePage = () => {
  const { t, money, amounts, date } = useFormat();
  const { formatNumber } = useIntl();
  const { data, isLoading, error } = useOverview();
  const toFix = useContactsToFixCount();

  if (isLoading) return <Page.Loading />;
  if (error || !data) return <Page.Error />;

  const { overdue, toRemind } = data;
  const inCurrencies = (rows: Array<{ currency: string; amount: number }>) =>
    (rows.length ? rows : [{ currency: 'EUR', amount: 0 }]).map((row) => ({
      key: row.currency,
      text: money(row.amount, row.currency),
    }));
  const count = (value: number) => [{ key: 'count', text: formatNumber(value) }];
  const channels = CHANNELS.map((channel) =>
    toRemind.find((totals) => totals.channel === channel)
  ).filter((totals) => totals !== undefined);

  return (
    <Page.Main>
      <Page.Title>{t('plugin.name')}</Page.Title>
      <Layouts.Header
        title={t('plugin.name')}
        subtitle={t('home.subtitle', { date: date(data.today) })}
        primaryAction={
          <LinkButton tag={RouterLink} to="statement" startIcon={<File />}>
            {t('home.statement')}
          </LinkButton>
        }
        secondaryAction={
          <Flex gap={2}>
            <LinkButton tag={RouterLink} to="activities" variant="tertiary" startIcon={<List />}>
              {t('home.activities')}
            </LinkButton>
            <LinkButton tag={RouterLink} to="reports" variant="tertiary" startIcon={<ChartPie />}>
              {t('home.reports')}
            </LinkButton>
            <LinkButton tag={RouterLink} to="scenarios" variant="tertiary" startIcon={<Layout />}>
              {t('home.scenarios')}
            </LinkButton>
            <LinkButton tag={RouterLink} to="templates" variant="tertiary" startIcon={<Pencil />}>
              {t('home.templates')}
            </LinkButton>
          </Flex>
        }
      />
      <Layouts.Content>
        <Grid.Root gap={4}>
          <Grid.Item col={12} alignItems="stretch">
            <Figure
              label={t('home.toRemind')}
              values={inCurrencies(sumAmounts(toRemind.flatMap((totals) => totals.amounts)))}
              testId="to-remind"
              action={
                <LinkButton
                  tag={RouterLink}
                  to="batches"
                  size="L"
                  startIcon={<PaperPlane />}
                  data-testid="remind-now"
                >
                  {t('home.remindNow')}
                </LinkButton>
              }
            >
              {channels.length === 0 && (
                <Typography textColor="neutral600">{t('home.toRemind.none')}</Typography>
              )}
              {channels.map((totals) => (
                <Typography
                  key={totals.channel}
                  textColor="neutral600"
                  data-testid={`to-remind-${totals.channel}`}
                >
                  {t('home.toRemind.channel', {
                    channel: t(`channel.${totals.channel}`),
                    reminders: totals.reminders,
                    customers: totals.customers,
                    amount: amounts(totals.amounts),
                  })}
                </Typography>
              ))}
            </Figure>
          </Grid.Item>
          <Grid.Item col={4} s={12} alignItems="stretch">
            <Figure
              label={t('home.overdueAmount')}
              values={inCurrencies(overdue.byCurrency)}
              testId="overdue-amount"
            />
          </Grid.Item>
          <Grid.Item col={4} s={12} alignItems="stretch">
            <Figure
              label={t('home.overdueInvoices')}
              values={count(overdue.invoices)}
              testId="overdue-invoices"
            />
          </Grid.Item>
          <Grid.Item col={4} s={12} alignItems="stretch">
            <Figure
              label={t('home.overdueCustomers')}
              values={count(overdue.customers)}
              testId="overdue-customers"
            />
          </Grid.Item>
          {(toFix.data?.customers ?? 0) > 0 && (
            <Grid.Item col={12} alignItems="stretch">
              <Figure
                label={t('home.contactsToFix')}
                values={count(toFix.data!.customers)}
                testId="contacts-to-fix"
                action={
                  <LinkButton
                    tag={RouterLink}
                    to="contacts-to-fix"
                    variant="secondary"
                    startIcon={<Mail />}
                    data-testid="fix-contacts"
                  >
                    {t('home.contactsToFix.open')}
                  </LinkButton>
                }
              >
                <Typography textColor="neutral600">{t('home.contactsToFix.hint')}</Typography>
              </Figure>
            </Grid.Item>
          )}
          {overdue.invoices === 0 && (
            <Grid.Item col={12}>
              <Typography textColor="neutral600">{t('home.nothingOverdue')}</Typography>
            </Grid.Item>
          )}
          <Grid.Item col={6} s={12} alignItems="stretch">
            <Card title={t('reports.aging', { date: date(data.today) })} testId="home-aging">
              <AgingChart aging={data.aging} height={260} />
            </Card>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <ForecastPanel />
          </Grid.Item>
        </Grid.Root>
      </Layouts.Content>
    </Page.Main>
  );
};

export { HomePage };
