import { z } from 'zod';

import type { CustomerRecord } from '../records';
import type { Pagination } from './common';
import type { PaymentPromise } from './promises';
import type { ReminderSummary } from './reminders';

/** The account statement's routes: /dunning/statement, /dunning/statement/send and /dunning/invoices/:documentId/context (the list's query is read by the controller). */

/** One customer with open invoices (GET /dunning/statement). */
export type StatementRow = {
  documentId: string;
  name: string;
  reference: string | null;
  segment: string | null;
  currency: string;
  openAmount: number;
  overdueAmount: number;
  openInvoices: number;
  overdueInvoices: number;
  oldestDueDate: string | null;
  lastReminderAt: string | null;
  stopDunning: boolean;
  pausedUntil: string | null;
  disputed: boolean;
};

export type StatementPage = { data: StatementRow[]; meta: { pagination: Pagination } };

/** F4.9: late-payment charges to date, per invoice or summed per currency. */
export type LateFees = { currency: string; indemnity: number; interest: number; total: number };

export type StatementInvoice = {
  documentId: string;
  number: string;
  issueDate: string | null;
  dueDate: string;
  total: number | null;
  amountDue: number;
  currency: string;
  daysOverdue: number;
  disputed: boolean;
  promisedPaymentDate: string | null;
  hasPdf: boolean;
  status: string;
  lateFees: LateFees & { daysOverdue: number };
};

/** GET /dunning/statement/:customerDocumentId */
export type CustomerStatement = {
  customer: Omit<CustomerRecord, 'timezone' | 'favouriteContact'>;
  invoices: StatementInvoice[];
  reminders: ReminderSummary[];
  promises: PaymentPromise[];
  lateFees: LateFees[];
};

/** GET /dunning/invoices/:documentId/context: which customer an invoice belongs to. */
export type InvoiceContext = { invoiceDocumentId: string; customerDocumentId: string };

/** POST /dunning/statement/send: the monthly statements of account of the customers ticked. */
export const statementSendSchema = z
  .object({
    customerDocumentIds: z.array(z.string().min(1)).min(1, 'select at least one customer').max(500),
  })
  .strict();

export type StatementSendInput = z.infer<typeof statementSendSchema>;

/**
 * What became of one customer's statement: its reminder (sent, not sent…), or why none
 * was made (`skipped`: stop-dunning, paused, nothing due, no address). Sent once a month:
 * a second request reports the month's statement, `statement_sent_this_month`.
 */
export type StatementSendResult = {
  customerDocumentId: string;
  customerName: string | null;
  reminderDocumentId: string | null;
  status: string;
  statusReason: string | null;
};
