/** Shapes of the plugin's admin API (see server/src/controllers). */

export type TemplateType = 'pre_due' | 'reminder' | 'thank_you';
export type TemplateChannel = 'email' | 'letter' | 'phone';
export type ReminderChannel = TemplateChannel | 'other';

export type Template = {
  documentId: string;
  name: string;
  type: TemplateType;
  channel: TemplateChannel;
  locale: string;
  subject: string | null;
  body: string;
  predefinedKey: string | null;
  isPredefined: boolean;
  updatedAt: string;
};

export type Placeholder = { name: string; description: string; example: string };

export type Rendered = { subject: string; html: string; text: string };

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
  disputed: boolean;
};

export type Pagination = { page: number; pageSize: number; pageCount: number; total: number };

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
};

export type ReminderSummary = {
  documentId: string;
  createdAt: string;
  sentAt: string | null;
  channel: ReminderChannel;
  type: TemplateType;
  trigger: string;
  status: string;
  statusReason: string | null;
  subject: string | null;
  amount: number;
  currency: string;
  invoiceNumbers: string[];
  recipients: string[];
  senderName: string | null;
  callOutcome: string | null;
  documentUrl: string | null;
  messageId: string | null;
  serverResponse: string | null;
  error: string | null;
};

export type CustomerStatement = {
  customer: {
    documentId: string;
    name: string;
    reference: string | null;
    segment: string | null;
    locale: string | null;
    address: string | null;
    phone: string | null;
    stopDunning: boolean;
    stopDunningReason: string | null;
    disputed: boolean;
  };
  invoices: StatementInvoice[];
  reminders: ReminderSummary[];
};

export type Sender = { id: number; name: string; email: string };

export type Prepared = {
  recipients: string[];
  recipientSource: string | null;
  invalidAddresses: Array<{ source: string; address: string }>;
  bccCopy: string | null;
  amount: number;
  currency: string;
};

/** The message a 400 carries: `field: reason (line, column)`. */
export const errorMessage = (error: unknown, fallback: string): string =>
  (error as { response?: { data?: { error?: { message?: string } } } })?.response?.data?.error?.message ?? fallback;
