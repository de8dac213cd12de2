import type { Amount } from '../../../shared/contracts/common';

/** Amounts summed per currency, to the cent. */
export const sumAmounts = (rows: Amount[]): Amount[] => {
  const sums = new Map<string, number>();
  for (const row of rows)
    sums.set(row.currency, Math.round(((sums.get(row.currency) ?? 0) + row.amount) * 100) / 100);
  return [...sums].map(([currency, amount]) => ({ currency, amount }));
};
