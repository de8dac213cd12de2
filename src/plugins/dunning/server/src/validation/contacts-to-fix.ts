import { z } from 'zod';
import { address } from './manual-reminder';

/** POST /dunning/contacts-to-fix/:customerDocumentId/release: the corrected addresses, or none to release as it is. */
export const releaseSchema = z
  .object({
    addresses: z.array(address).min(1, 'give at least one address').max(20).optional(),
  })
  .strict();

export type ReleaseInput = z.infer<typeof releaseSchema>;
