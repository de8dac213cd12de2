import { z } from 'zod';
import { addDays } from '../domain/dates';
import { periodCount, type Granularity } from '../domain/periods';
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
      ctx.addIssue({ code: z.ZodIssueCode.custom, path, message: query.to ? 'must not be before from' : 'must not be after today' });
    } else if (periodCount(query.from, to, query.granularity) > MAX_PERIODS) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path, message: `at most ${MAX_PERIODS} ${query.granularity}s from from to ${query.to ? 'to' : 'today'}` });
    }
  });

export type ReportInput = { from?: string; to?: string; granularity: Granularity; format: 'json' | 'csv'; top: number };
