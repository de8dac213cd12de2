import { z } from 'zod';

import { calendarDay } from './common';

/** A customer's dunning from the statement: /dunning/customers/:customerDocumentId/pause and /owner. */

/** PUT /dunning/customers/:customerDocumentId/pause: until a day (checked against the customer's today in the service), with a reason. */
export const pauseSchema = z
  .object({
    until: calendarDay,
    reason: z.string().trim().min(1, 'give a reason').max(255),
  })
  .strict();

export type PauseInput = z.infer<typeof pauseSchema>;

/** PUT /dunning/customers/:customerDocumentId/owner: an admin's id, or null for none. */
export const ownerSchema = z.object({ ownerId: z.number().int().positive().nullable() }).strict();

export type OwnerInput = z.infer<typeof ownerSchema>;
