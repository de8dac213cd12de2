import {
  Box,
  Flex,
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
import { useState } from 'react';

import { useForecast } from '../api/engine';
import { useFormat } from '../hooks/useFormat';

const PERIODS = [7, 14, 30];

/** What the engine will send on the coming days (the tick's rules with a future clock). */
export const ForecastPanel = ({ initialDays = 7 }: { initialDays?: number }) => {
  const { t, amounts, date } = useFormat();
  const [days, setDays] = useState(initialDays);
  const forecast = useForecast(days);
  const rows = (forecast.data ?? []).filter((day) => day.reminders > 0);

  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={6}
      data-testid="forecast-panel"
    >
      <Flex justifyContent="space-between" alignItems="flex-end" paddingBottom={4} gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2">
            {t('forecast.title')}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {t('forecast.hint')}
          </Typography>
        </Flex>
        <Box minWidth="12rem">
          <SingleSelect
            aria-label={t('forecast.period')}
            value={String(days)}
            onChange={(value: string | number) => setDays(Number(value))}
          >
            {PERIODS.map((period) => (
              <SingleSelectOption key={period} value={String(period)}>
                {t('forecast.days', { count: period })}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Box>
      </Flex>
      {forecast.isLoading && !forecast.data ? (
        <Typography textColor="neutral600">{t('forecast.loading')}</Typography>
      ) : rows.length === 0 ? (
        <Typography textColor="neutral600">{t('forecast.empty')}</Typography>
      ) : (
        <Table colCount={5} rowCount={rows.length + 1}>
          <Thead>
            <Tr>
              {['day', 'reminders', 'customers', 'amount', 'steps'].map((column) => (
                <Th key={column}>
                  <Typography variant="sigma">{t(`forecast.${column}`)}</Typography>
                </Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((day) => (
              <Tr key={day.day} data-testid={`forecast-${day.day}`}>
                <Td>
                  <Typography fontWeight="bold">{date(day.day)}</Typography>
                </Td>
                <Td>
                  <Typography>
                    {t('forecast.remindersOf', {
                      reminders: day.reminders,
                      invoices: day.invoices,
                    })}
                  </Typography>
                </Td>
                <Td>
                  <Typography>{day.customers}</Typography>
                </Td>
                <Td>
                  <Typography>{amounts(day.amounts)}</Typography>
                </Td>
                <Td>
                  <Flex direction="column" alignItems="flex-start">
                    {day.steps.map((step) => (
                      <Typography key={`${step.level}-${step.channel}`} variant="pi">
                        {step.level} · {t(`channel.${step.channel}`)} · {step.reminders}
                      </Typography>
                    ))}
                  </Flex>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Box>
  );
};
