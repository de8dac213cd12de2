/** Shapes of the plugin's admin API (see server/src/controllers). */

export type TemplateType = 'pre_due' | 'reminder' | 'thank_you';
export type TemplateChannel = 'email' | 'letter' | 'phone';
export type ReminderChannel = TemplateChannel | 'other';

/** The channels in the order a clerk reads them. */
export const CHANNELS: ReminderChannel[] = ['email', 'letter', 'phone', 'other'];

export type Amount = { currency: string; amount: number };

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

/** A preview; `editable`: the template's message as the pop-up edits it, blocks as their helpers. */
export type Rendered = { subject: string; html: string; text: string; editable?: { subject: string; body: string } };

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
  lateFees: LateFees & { daysOverdue: number };
};

/** F4.9: late-payment charges to date, per invoice or summed per currency. */
export type LateFees = { currency: string; indemnity: number; interest: number; total: number };

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
  recordedByName: string | null;
  status: 'pending' | 'kept' | 'broken' | 'cancelled';
  resolvedAt: string | null;
  createdAt: string;
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
  customerDocumentId: string;
  customerName: string | null;
  level: string | null;
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

export type Mailbox = { address: string; name?: string };

export type ReminderDetail = ReminderSummary & {
  invoices: Array<{ documentId: string; number: string; dueDate: string; amountDue: number; currency: string }>;
  senderEmail: string | null;
  cc: Mailbox[];
  bcc: Mailbox[];
  body: string | null;
  attachments: Array<{ filename: string; size: number; contentType: string }>;
  templateName: string | null;
  scenarioName: string | null;
  stepIndex: number | null;
  note: string | null;
  attempts: number;
  plannedFor: string | null;
  queuedAt: string | null;
  deliveredAt: string | null;
  openedAt: string | null;
  failedAt: string | null;
  timeline: Array<{ status: string; at: string; note?: string }>;
};

/** What a person may do with a reminder (the server checks again). */
export const CANCELLABLE = ['planned', 'queued'];
export const RESENDABLE = ['failed', 'uncertain', 'not_sent'];

export type ReminderPage = { data: ReminderSummary[]; meta: { pagination: Pagination & { capped: boolean } } };

export type Mapping = { invoice: { uid: string }; customer: { uid: string } };

export const AGING_BUCKETS = ['not_due', '1_30', '31_60', '61_90', 'over_90'] as const;

export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Open invoices of one age bucket and currency. */
export type AgingRow = { bucket: AgingBucket; currency: string; invoices: number; amount: number };

export type Report = {
  range: { from: string; to: string; granularity: 'week' | 'month'; timezone: string; today: string };
  periods: Array<{ key: string; from: string; to: string }>;
  reminded: Array<{ period: string; channel: ReminderChannel; level: string | null; currency: string; reminders: number; amount: number }>;
  paidWithin: { invoices: number; within: Array<{ days: number; invoices: number; share: number }> } | null;
  aging: AgingRow[];
  customerAging: CustomerAgingRow[];
  dso: DsoRow[] | null;
  /** Per period, the e-mails sent and the share that bounced. */
  bounces: Array<{ period: string; sent: number; bounced: number; rate: number }>;
};

/** One top debtor's open invoices in one currency, per aging bucket. */
export type CustomerAgingRow = {
  documentId: string;
  name: string;
  reference: string | null;
  currency: string;
  invoices: number;
  buckets: Record<AgingBucket, number>;
  total: number;
};

/** DSO of one period and currency: receivables at its end ÷ its sales × its days (null without sales). */
export type DsoRow = { period: string; currency: string; receivables: number; sales: number; days: number; dso: number | null };

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
    pausedUntil: string | null;
    pauseReason: string | null;
    ownerId: number | null;
    disputed: boolean;
    scenarioDocumentId: string | null;
  };
  invoices: StatementInvoice[];
  reminders: ReminderSummary[];
  promises: PaymentPromise[];
  lateFees: LateFees[];
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

export type ScenarioStep = { offsetDays: number; channel: TemplateChannel; templateDocumentId: string; level: string };
export type Scenario = {
  documentId: string;
  name: string;
  description?: string | null;
  isDefault: boolean;
  isPredefined: boolean;
  steps: ScenarioStep[];
  brokenPromiseTemplate: { documentId: string; name: string } | null;
};

/** What saving new steps would change (POST /dunning/scenarios/:documentId/forecast-change). */
export type ForecastChange = { invoiceNumber: string; customerName: string; level: string; channel: TemplateChannel; amountDue: number; currency: string; before: string | null; after: string | null };
export type ScenarioChange = {
  days: number;
  added: ForecastChange[];
  moved: ForecastChange[];
  dropped: ForecastChange[];
  totals: Record<'added' | 'moved' | 'dropped', { invoices: number; amounts: Array<{ currency: string; amount: number }> }>;
};

/** What the engine would do on one coming day (GET /dunning/engine/forecast). */
export type ForecastDay = {
  day: string;
  reminders: number;
  customers: number;
  invoices: number;
  amounts: Array<{ currency: string; amount: number }>;
  steps: Array<{ level: string; channel: TemplateChannel; reminders: number; invoices: number }>;
};

/** Planned reminders summed: one channel (GET /dunning/batches `channels`, the home's "to remind"). */
export type ChannelTotals = {
  channel: ReminderChannel;
  reminders: number;
  customers: number;
  invoices: number;
  /** Reminders whose every invoice is left out: they stay in the batch. */
  excluded: number;
  amounts: Amount[];
};

/** One batch: a channel, a customer profile and a level (null: none). */
export type BatchRow = ChannelTotals & { segment: string | null; level: string | null };

export type BatchSummary = { batches: BatchRow[]; channels: ChannelTotals[] };

/** An invoice of a planned reminder; `excluded` is why it is left out, if it is. */
export type BatchInvoice = {
  documentId: string;
  number: string;
  dueDate: string;
  amountDue: number;
  currency: string;
  excluded?: string;
  disputed?: boolean;
};

/** One planned reminder of a batch (GET /dunning/batches/items). */
export type BatchItem = ReminderSummary & {
  invoices: BatchInvoice[];
  customer: { name: string; reference: string | null; phone: string | null; stopDunning: boolean; pausedUntil: string | null; pauseReason: string | null; disputed: boolean } | null;
  contact: { name: string; phone: string | null; emails: string | null } | null;
  /** The call script rendered on the invoices (phone and other). */
  script: string | null;
};

/** The reminders ticked in a batch and, for each, its ticked invoices. */
export type BatchSelection = { reminderDocumentId: string; invoiceDocumentIds: string[] };

/** What became of one reminder sent or produced from the batch view. */
export type DispatchResult = { documentId: string; customerName: string | null; status: string; statusReason: string | null };

/** An invoice of a bulk reminder (POST /dunning/bulk-reminders/prepare). */
export type BulkInvoice = { documentId: string; number: string; customerName: string; dueDate: string; amountDue: number; currency: string };

export type BulkPrepared = {
  customers: Array<{ customerDocumentId: string; name: string; recipients: string[]; invoices: BulkInvoice[]; amount: number; currency: string }>;
  /** Invoices no address was found for (F1.3): not sent. */
  missingAddress: BulkInvoice[];
  /** Invoices not open any more (paid, cancelled, deleted…). */
  closed: Array<BulkInvoice & { reason: string }>;
};
