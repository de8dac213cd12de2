import type { CustomerRecord } from '../records';
import type { Pagination } from './common';
import type { CustomerAction } from './portal';
import type { PaymentPromise } from './promises';
import type { ReminderSummary } from './reminders';

/** The account statement's routes: /dunning/statement and /dunning/invoices/:documentId/context (responses; the query is read by the controller). */

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
  /** What the customer did from the portal, latest first. */
  portalActions: CustomerAction[];
  promises: PaymentPromise[];
  lateFees: LateFees[];
};

/** GET /dunning/invoices/:documentId/context: which customer an invoice belongs to. */
export type InvoiceContext = { invoiceDocumentId: string; customerDocumentId: string };
