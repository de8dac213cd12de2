import { z } from 'zod';
import { calendarDay } from './common';

/** POST /dunning/promises (SPEC F4.6) */
export const promiseSchema = z
  .object({
    invoiceDocumentIds: z.array(z.string().min(1)).min(1, 'select at least one invoice').max(200),
    date: calendarDay,
    amount: z.number().positive('must be more than 0').max(1e9).nullable().optional(),
    note: z.string().max(5000).nullable().optional(),
  })
  .strict();
