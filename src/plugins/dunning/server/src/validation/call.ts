import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** A call's outcome (the pop-up's call note, a call of the batch call list). */
export const callSchema = z
  .object({
    outcome: z.enum(['reached', 'promised', 'disputed', 'no_answer']),
    note: z.string().max(5000).optional(),
    promisedDate: isoDate.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.outcome === 'promised' && !value.promisedDate) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['promisedDate'], message: 'is required when a payment is promised' });
    }
  });

export type CallInput = z.infer<typeof callSchema>;
