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

export type PromiseInput = z.infer<typeof promiseSchema>;

/** F4.6: a customer's promise to pay an invoice. */
export type PaymentPromise = {
  documentId: string;
  invoiceDocumentId: string;
  invoiceNumber: string;
  date: string;
  amount: number | null;
  amountDueWhenPromised: number;
  currency: string;
  note: string | null;
  /** The admin's name, or the customer's for a promise made from the portal. */
  recordedByName: string | null;
  source: 'admin' | 'portal';
  status: 'pending' | 'kept' | 'broken' | 'cancelled';
  resolvedAt: string | null;
  createdAt: string;
};
