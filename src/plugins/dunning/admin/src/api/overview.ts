import { useAdminApi } from './useAdminApi';

export type Overview = {
  today: string;
  overdue: {
    invoices: number;
    customers: number;
    byCurrency: Array<{ currency: string; amount: number; invoices: number }>;
  };
};

export const useOverview = () => useAdminApi<Overview>('/dunning/overview');
