import type { Mailbox } from './addresses';
import type { InvoiceStatus } from './receivables-mapping';
import type { ReminderInvoice } from './reminder-invoices';
import type { ReminderStatus, TimelineEntry } from './reminder-lifecycle';

/**
 * The plugin's own records of the team's invoices, customers and contacts, whatever the
 * mapped model calls its fields (SPEC F1.2): what the repositories return and the rules read.
 */

/** A file of Strapi's media library. */
export type MediaRecord = { id: number; name: string; url: string; mime: string };

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
  pdf: MediaRecord | null;
  creatorId: number | null;
  /** Where the customer pays this invoice online (a payment provider's page), when the model has one. */
  paymentUrl: string | null;
  customer: CustomerRecord | null;
  contact: ContactRecord | null;
};

/** A message template as saved (SPEC F2.1). */
export type TemplateRecord = {
  documentId: string;
  name?: string;
  type: string;
  updatedAt: string;
  isPredefined?: boolean;
  predefinedKey?: string | null;
  locale: string;
  channel: string;
  subject?: string | null;
  body: string;
};

/** A time column: as read (ISO text), or as just written (a Date). */
type Timestamp = string | Date;

/**
 * A reminder as its repository returns it (content-types/reminder): the columns, and
 * the relations where they are populated (template, sender, files, document).
 */
export type ReminderRecord = {
  id: number;
  documentId: string;
  createdAt: string;
  type: 'pre_due' | 'reminder' | 'thank_you';
  channel: 'email' | 'letter' | 'phone' | 'other';
  status: ReminderStatus;
  statusReason: string | null;
  trigger: 'manual' | 'batch' | 'automatic';
  customerDocumentId: string;
  customerName: string | null;
  customerSegment: string | null;
  invoices: ReminderInvoice[];
  amount: number | string;
  invoiceCount: number;
  currency: string;
  sender?: { id: number } | null;
  senderName: string | null;
  senderEmail: string | null;
  recipients: Mailbox[] | null;
  cc: Mailbox[] | null;
  bcc: Mailbox[] | null;
  subject: string | null;
  body: string | null;
  bodyText: string | null;
  attachments: Array<{ filename: string; size: number; contentType?: string }> | null;
  files?: MediaRecord[] | null;
  attachInvoicePdfs: boolean | null;
  document?: MediaRecord | null;
  template?: TemplateRecord | null;
  level: string | null;
  callOutcome: string | null;
  note: string | null;
  idempotencyKey: string;
  messageId: string | null;
  serverResponse: string | null;
  error: string | null;
  attempts: number | null;
  claimedBy: string | null;
  nextAttemptAt: Timestamp | null;
  queuedAt: Timestamp | null;
  sentAt: Timestamp | null;
  failedAt: Timestamp | null;
  timeline: TimelineEntry[] | null;
};
