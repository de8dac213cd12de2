import { Box, Flex, Grid, LinkButton, Typography } from '@strapi/design-system';
import { ChartPie, File, Layout, List, Pencil } from '@strapi/icons';
import { Link as RouterLink } from 'react-router-dom';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { useOverview } from '../api/overview';
import { getTranslation } from '../utils/getTranslation';

type FigureProps = { label: string; values: Array<{ key: string; text: string }>; testId: string };

/** A labelled figure card; several values (one per currency) stack in it. */
const Figure = ({ label, values, testId }: FigureProps) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={6} width="100%" height="100%">
    <Flex direction="column" alignItems="flex-start" gap={2}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      {values.map(({ key, text }) => (
        <Typography key={key} variant="alpha" tag="p" data-testid={`${testId}-${key}`}>
          {text}
        </Typography>
      ))}
    </Flex>
  </Box>
);

const HomePage = () => {
  const { formatMessage, formatNumber, formatDate } = useIntl();
  const t = (id: string, values?: Record<string, React.ReactNode>) =>
    formatMessage({ id: getTranslation(id) }, values) as string;
  const { data, isLoading, error } = useOverview();

  if (isLoading) return <Page.Loading />;
  if (error || !data) return <Page.Error />;

  const { overdue } = data;
  const amounts = (overdue.byCurrency.length ? overdue.byCurrency : [{ currency: 'EUR', amount: 0 }]).map(
    (row) => ({ key: row.currency, text: formatNumber(row.amount, { style: 'currency', currency: row.currency }) })
  );
  const count = (value: number) => [{ key: 'count', text: formatNumber(value) }];

  return (
    <Page.Main>
      <Page.Title>{t('plugin.name')}</Page.Title>
      <Layouts.Header
        title={t('plugin.name')}
        subtitle={t('home.subtitle', { date: formatDate(data.today, { dateStyle: 'long' }) })}
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
          <Grid.Item col={4} s={12} alignItems="stretch">
            <Figure label={t('home.overdueAmount')} values={amounts} testId="overdue-amount" />
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
        </Grid.Root>
        {overdue.invoices === 0 && (
          <Box paddingTop={6}>
            <Typography textColor="neutral600">{t('home.nothingOverdue')}</Typography>
          </Box>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export { HomePage };
