import { z } from 'zod';
import { calendarDay } from './common';

/** A call's outcome (the pop-up's call note, a call of the batch call list). */
export const callSchema = z
  .object({
    outcome: z.enum(['reached', 'promised', 'disputed', 'no_answer']),
    note: z.string().max(5000).optional(),
    promisedDate: calendarDay.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.outcome === 'promised' && !value.promisedDate) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['promisedDate'], message: 'is required when a payment is promised' });
    }
  });

export type CallInput = z.infer<typeof callSchema>;
