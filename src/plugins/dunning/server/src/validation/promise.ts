import { z } from 'zod';

/** POST /dunning/promises (SPEC F4.6) */
export const promiseSchema = z
  .object({
    invoiceDocumentIds: z.array(z.string().min(1)).min(1, 'select at least one invoice').max(200),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    amount: z.number().positive('must be more than 0').max(1e9).nullable().optional(),
    note: z.string().max(5000).nullable().optional(),
  })
  .strict();
