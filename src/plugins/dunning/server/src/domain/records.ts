import type { InvoiceStatus } from './receivables-mapping';

/**
 * The plugin's own records of the team's invoices, customers and contacts, whatever the
 * mapped model calls its fields (SPEC F1.2): what the repositories return and the rules read.
 */

export type ContactRecord = {
  documentId: string;
  name: string | null;
  emails: string | null;
  reminderEmails: string | null;
  phone: string | null;
};

export type CustomerRecord = {
  documentId: string;
  name: string;
  reference: string | null;
  segment: string | null;
  locale: string | null;
  timezone: string | null;
  address: string | null;
  phone: string | null;
  stopDunning: boolean;
  stopDunningReason: string | null;
  /** The plugin's pause of this customer (services/customer-settings), not a mapped field. */
  pausedUntil: string | null;
  pauseReason: string | null;
  /** The account owner's admin id (services/customer-settings). */
  ownerId: number | null;
  disputed: boolean;
  scenarioDocumentId: string | null;
  favouriteContact: ContactRecord | null;
};

export type InvoiceRecord = {
  documentId: string;
  number: string;
  issueDate: string | null;
  dueDate: string;
  total: number | null;
  amountDue: number;
  currency: string;
  status: InvoiceStatus | 'unknown';
  paidAt: string | null;
  disputed: boolean;
  promisedPaymentDate: string | null;
  reminderEmails: string | null;
  automaticReminders: boolean;
  pdf: { id: number; name: string; url: string; mime: string } | null;
  creatorId: number | null;
  /** Where the customer pays this invoice online (a payment provider's page), when the model has one. */
  paymentUrl: string | null;
  customer: CustomerRecord | null;
  contact: ContactRecord | null;
};
