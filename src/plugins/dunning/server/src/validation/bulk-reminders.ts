import { z } from 'zod';

const invoiceDocumentIds = z.array(z.string().min(1)).min(1, 'select at least one invoice').max(1000);

/** POST /dunning/bulk-reminders/prepare */
export const bulkPrepareSchema = z.object({ invoiceDocumentIds }).strict();

/** POST /dunning/bulk-reminders */
export const bulkSendSchema = z
  .object({
    requestId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be an id of 8 to 64 letters, digits or dashes'),
    invoiceDocumentIds,
    attachInvoicePdfs: z.boolean().default(false),
  })
  .strict();
