import type { AgingRow, ChannelTotals } from './types';
import { useAdminApi } from './useAdminApi';

export type Overview = {
  today: string;
  overdue: {
    invoices: number;
    customers: number;
    byCurrency: Array<{ currency: string; amount: number; invoices: number }>;
  };
  /** The planned reminders waiting in the batch view, per channel. */
  toRemind: ChannelTotals[];
  aging: AgingRow[];
};

export const useOverview = () => useAdminApi<Overview>('/dunning/overview');
