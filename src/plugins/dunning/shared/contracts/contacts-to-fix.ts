import { z } from 'zod';

import { address } from './reminders';

/** The "Contacts to fix" routes: /dunning/contacts-to-fix (F7.5). */

/** POST /dunning/contacts-to-fix/:customerDocumentId/release: the corrected addresses, or none to release as it is. */
export const releaseSchema = z
  .object({
    addresses: z.array(address).min(1, 'give at least one address').max(20).optional(),
  })
  .strict();

export type ReleaseInput = z.infer<typeof releaseSchema>;

/** What a release did: the held reminders back in the queue, the addresses off the suppression list. */
export type ReleaseResult = { released: number; unsuppressed: number };

/** A customer with a bounced or missing address, and the e-mail reminders held back for it (GET /dunning/contacts-to-fix). */
export type ContactToFix = {
  customerDocumentId: string;
  customerName: string;
  contact: { documentId: string; name: string | null; addresses: string } | null;
  bounced: Array<{ address: string; reason: string | null; bouncedAt: string }>;
  held: Array<{
    documentId: string;
    level: string | null;
    amount: number;
    currency: string;
    statusReason: string;
    invoices: Array<{ documentId: string; number: string }>;
    createdAt: string;
  }>;
};
