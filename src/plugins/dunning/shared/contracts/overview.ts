import type { ChannelTotals } from './batches';
import type { AgingRow } from './reports';

/** GET /dunning/overview: the home page's figures. */
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

/** GET /dunning/mapping: the content types that hold invoices and customers (config/plugins.ts). */
export type Mapping = { invoice: { uid: string }; customer: { uid: string } };
