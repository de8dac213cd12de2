import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import type { DsoRow } from '../../../shared/contracts/reports';
import { useChartColours } from './AgingChart';

/** DSO per period, a line per currency (SPEC F6.3); a period without sales leaves a gap. */
export const DsoChart = ({ dso, periods }: { dso: DsoRow[]; periods: string[] }) => {
  const colours = useChartColours();
  const currencies = [...new Set(dso.map((row) => row.currency))];
  const data = periods.map((period) => ({
    period,
    ...Object.fromEntries(
      currencies.map((currency) => [
        currency,
        dso.find((row) => row.period === period && row.currency === currency)?.dso ?? null,
      ])
    ),
  }));
  return (
    <ResponsiveContainer width="100%" height={300}>
      <LineChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="period" />
        <YAxis />
        <Tooltip />
        <Legend />
        {currencies.map((currency, index) => (
          <Line
            key={currency}
            type="monotone"
            dataKey={currency}
            name={currency}
            stroke={colours[index % colours.length]}
            connectNulls={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
};
