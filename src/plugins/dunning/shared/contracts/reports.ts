import { z } from 'zod';

import { addDays, periodCount } from '../calendar';
import type { ReminderChannel } from '../vocabulary';
import { calendarDay } from './common';

const MAX_PERIODS = 120;

/** How many top debtors per currency the per-customer aging lists. */
export const MAX_TOP_DEBTORS = 100;

/** GET /dunning/reports */
export const reportSchema = z
  .object({
    from: calendarDay.optional(),
    to: calendarDay.optional(),
    granularity: z.enum(['week', 'month']).default('month'),
    format: z.enum(['json', 'csv']).default('json'),
    top: z.coerce.number().int().min(1).max(MAX_TOP_DEBTORS).default(10),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (!query.from) return;
    // Without `to` the report ends today (in any time zone: tomorrow in UTC at the latest).
    const to = query.to ?? addDays(new Date().toISOString().slice(0, 10), 1);
    const path = [query.to ? 'to' : 'from'];
    if (query.from > to) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path,
        message: query.to ? 'must not be before from' : 'must not be after today',
      });
    } else if (periodCount(query.from, to, query.granularity) > MAX_PERIODS) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path,
        message: `at most ${MAX_PERIODS} ${query.granularity}s from from to ${query.to ? 'to' : 'today'}`,
      });
    }
  });

export type ReportInput = z.infer<typeof reportSchema>;

export const AGING_BUCKETS = ['not_due', '1_30', '31_60', '61_90', 'over_90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Open invoices of one age bucket and currency. */
export type AgingRow = { bucket: AgingBucket; currency: string; invoices: number; amount: number };

/** One top debtor's open invoices in one currency, per aging bucket. */
export type CustomerAgingRow = {
  documentId: string;
  name: string;
  reference: string | null;
  currency: string;
  invoices: number;
  buckets: Record<AgingBucket, number>;
  total: number;
};

/** DSO of one period and currency: receivables at its end ÷ its sales × its days (null without sales). */
export type DsoRow = {
  period: string;
  currency: string;
  receivables: number;
  sales: number;
  days: number;
  dso: number | null;
};

/** GET /dunning/reports (format json) */
export type Report = {
  range: {
    from: string;
    to: string;
    granularity: 'week' | 'month';
    timezone: string;
    today: string;
  };
  periods: Array<{ key: string; from: string; to: string }>;
  reminded: Array<{
    period: string;
    channel: ReminderChannel;
    level: string | null;
    currency: string;
    reminders: number;
    amount: number;
  }>;
  paidWithin: {
    invoices: number;
    within: Array<{ days: number; invoices: number; share: number }>;
  } | null;
  aging: AgingRow[];
  customerAging: CustomerAgingRow[];
  dso: DsoRow[] | null;
  /** Per period, the e-mails sent and the share that bounced. */
  bounces: Array<{ period: string; sent: number; bounced: number; rate: number }>;
};
