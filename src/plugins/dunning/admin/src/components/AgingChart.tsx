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
import { useTheme } from 'styled-components';

import { AGING_BUCKETS, type AgingRow } from '../../../shared/contracts/reports';
import { useFormat } from '../hooks/useFormat';

/** The series colours of the plugin's charts, from the admin theme. */
export const useChartColours = () => {
  const { colors } = useTheme();
  return [
    colors.primary600,
    colors.success500,
    colors.warning500,
    colors.danger500,
    colors.neutral500,
  ];
};

/** Open invoices by days overdue (not due, 1–30, 31–60, 61–90, over 90), a bar per currency (SPEC F5.1, F6.3). */
export const AgingChart = ({ aging, height = 300 }: { aging: AgingRow[]; height?: number }) => {
  const { t } = useFormat();
  const colours = useChartColours();
  const currencies = [...new Set(aging.map((row) => row.currency))];
  const data = AGING_BUCKETS.map((bucket) => ({
    bucket: t(`reports.aging.${bucket}`),
    ...Object.fromEntries(
      currencies.map((currency) => [
        currency,
        aging.find((row) => row.bucket === bucket && row.currency === currency)?.amount ?? 0,
      ])
    ),
  }));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="bucket" />
        <YAxis />
        <Tooltip />
        <Legend />
        {currencies.map((currency, index) => (
          <Bar
            key={currency}
            dataKey={currency}
            name={currency}
            fill={colours[index % colours.length]}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
};
