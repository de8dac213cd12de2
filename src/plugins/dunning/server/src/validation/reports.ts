import { z } from 'zod';
import { periodCount, type Granularity } from '../rules/periods';

const MAX_PERIODS = 120;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date (YYYY-MM-DD)');

/** GET /dunning/reports */
export const reportSchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    granularity: z.enum(['week', 'month']).default('month'),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (!query.from || !query.to) return;
    if (query.from > query.to) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: 'must not be before from' });
    } else if (periodCount(query.from, query.to, query.granularity) > MAX_PERIODS) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: `at most ${MAX_PERIODS} ${query.granularity}s from from` });
    }
  });

export type ReportInput = { from?: string; to?: string; granularity: Granularity; format: 'json' | 'csv' };
