import { z } from 'zod';
import { calendarDay } from './common';

/** PUT /dunning/customers/:customerDocumentId/pause: until a day (checked against the customer's today in the service), with a reason. */
export const pauseSchema = z
  .object({
    until: calendarDay,
    reason: z.string().trim().min(1, 'give a reason').max(255),
  })
  .strict();

export type PauseInput = z.infer<typeof pauseSchema>;
