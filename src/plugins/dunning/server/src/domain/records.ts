import type { ContactRecord, CustomerRecord, MediaRecord } from '../../../shared/records';
import type {
  CallOutcome,
  ReminderChannel,
  ReminderTrigger,
  ReminderType,
  TemplateChannel,
} from '../../../shared/vocabulary';
import type { Mailbox } from './addresses';
import type { Letter } from './message-layout';
import type { InvoiceStatus, ReceivablesMapping } from './receivables-mapping';
import type { ReminderInvoice } from './reminder-invoices';
import type { ReminderStatus, TimelineEntry } from './reminder-lifecycle';
import type { ScenarioStep } from './schedule';

/**
 * The plugin's own records of the team's invoices, customers and contacts, whatever the
 * mapped model calls its fields (SPEC F1.2): what the repositories return and the rules read.
 */

export type { ContactRecord, CustomerRecord, MediaRecord };

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
  type: ReminderType;
  updatedAt: string;
  isPredefined?: boolean;
  predefinedKey?: string | null;
  locale: string;
  channel: TemplateChannel;
  subject?: string | null;
  body: string;
};

/** A time column: as the query engine reads it (ISO text), or as just written (a Date). */
export type Timestamp = string | Date;

/** A row's identity, which every content type has. */
type Row = { id: number; documentId: string };

/** A scenario as saved (content-types/scenario), with its broken-promise template when populated. */
export type ScenarioRecord = Row & {
  name: string;
  description: string | null;
  isDefault: boolean;
  isPredefined: boolean;
  steps: ScenarioStep[];
  brokenPromiseTemplate?: Pick<TemplateRecord, 'documentId' | 'name' | 'channel' | 'type'> | null;
  createdAt: string;
  updatedAt: string;
};

/**
 * A reminder as its repository returns it (content-types/reminder): the columns, and
 * the relations where they are populated (template, sender, files, document, cases).
 */
export type ReminderRecord = Row & {
  createdAt: string;
  type: ReminderType;
  channel: ReminderChannel;
  status: ReminderStatus;
  statusReason: string | null;
  trigger: ReminderTrigger;
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
  /** The customer's statement of account goes with the e-mail, rendered when it leaves. */
  attachStatement: boolean | null;
  document?: MediaRecord | null;
  /** A produced letter as laid out in its PDF (`document`): what a reader's copy is drawn from (domain/signed-links.ts). */
  letter?: Letter | null;
  template?: TemplateRecord | null;
  scenario?: (Pick<ScenarioRecord, 'id'> & Partial<Pick<ScenarioRecord, 'name'>>) | null;
  cases?: Array<Pick<CaseRecord, 'id' | 'invoiceDocumentId'>>;
  stepIndex?: number | null;
  level: string | null;
  skippedSteps?: number[] | null;
  countsInScenario?: boolean | null;
  overrideNextStep?: number | null;
  callOutcome: CallOutcome | null;
  note: string | null;
  idempotencyKey: string;
  messageId: string | null;
  serverResponse: string | null;
  error: string | null;
  attempts: number | null;
  claimedBy: string | null;
  leaseUntil?: Timestamp | null;
  nextAttemptAt: Timestamp | null;
  plannedFor?: Timestamp | null;
  queuedAt: Timestamp | null;
  sentAt: Timestamp | null;
  deliveredAt?: Timestamp | null;
  openedAt?: Timestamp | null;
  failedAt: Timestamp | null;
  noticeSentAt?: Timestamp | null;
  timeline: TimelineEntry[] | null;
};

/** A reminder's columns as written, by attribute name (its identity and relations aside). */
export type ReminderData = Partial<
  Omit<
    ReminderRecord,
    keyof Row | 'createdAt' | 'sender' | 'files' | 'document' | 'template' | 'scenario' | 'cases'
  >
>;

/** A new reminder's columns: those its schema requires, and any others. */
export type NewReminderColumns = ReminderData &
  Pick<
    ReminderRecord,
    | 'type'
    | 'channel'
    | 'status'
    | 'trigger'
    | 'customerDocumentId'
    | 'invoices'
    | 'amount'
    | 'invoiceCount'
    | 'currency'
    | 'idempotencyKey'
  >;

/** A dunning case (content-types/case): an invoice's progress through its scenario. */
export type CaseRecord = Row & {
  invoiceDocumentId: string;
  customerDocumentId: string;
  state: 'active' | 'paused' | 'closed';
  stateReason: string | null;
  dueDate: string | null;
  nextStepIndex: number;
  overrideStepIndex: number | null;
  nextActionAt: Timestamp | null;
  lastStepIndex: number | null;
  lastStepDate: string | null;
  lastReminderAt: Timestamp | null;
  /** Its scenario, with the fields the read populates. */
  scenario?:
    (Pick<ScenarioRecord, 'id'> & Partial<Pick<ScenarioRecord, 'documentId' | 'steps'>>) | null;
};

/** A case's columns as written, by attribute name (its identity and scenario aside). */
export type CaseData = Partial<Omit<CaseRecord, keyof Row | 'scenario'>>;

/** A promise to pay (content-types/promise), recorded pending, resolved once. */
export type PromiseRecord = Row & {
  invoiceDocumentId: string;
  invoiceNumber: string | null;
  customerDocumentId: string;
  /** The day promised, `YYYY-MM-DD`. */
  date: string;
  /** The amount promised (a string on PostgreSQL's numeric); null for the whole balance. */
  amount: number | string | null;
  amountDueWhenPromised: number | string;
  currency: string | null;
  note: string | null;
  recordedBy?: { id: number } | null;
  recordedByName: string | null;
  source: 'admin' | 'portal';
  status: 'pending' | 'kept' | 'broken' | 'cancelled';
  resolvedAt: Timestamp | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  publishedAt: Timestamp | null;
};

/**
 * An entity of a mapped type (the team's invoices, customers, contacts, media, admin
 * users), keyed by attribute name, relations as nested entities: the mapping says which
 * attribute holds what, and the startup check (domain/mapping.ts) its kind.
 */
export type MappedEntity = { id: number; documentId: string; [attribute: string]: unknown };

/** What a customer's settings add to its record (the plugin's table, not the mapped model). */
export type CustomerSettingsFields = Pick<
  CustomerRecord,
  'pausedUntil' | 'pauseReason' | 'ownerId'
>;

export const NO_SETTINGS: CustomerSettingsFields = {
  pausedUntil: null,
  pauseReason: null,
  ownerId: null,
};

/** An amount from either database (a string on PostgreSQL's numeric), to the cent. */
export const money = (value: unknown): number => Math.round(Number(value ?? 0) * 100) / 100;

/** A date or datetime from SQLite and PostgreSQL alike as `YYYY-MM-DD` (a datetime is epoch milliseconds on SQLite, a Date on PostgreSQL). */
export const dateOnly = (value: unknown): string | null => {
  if (!value) return null;
  if (value instanceof Date || typeof value === 'number')
    return new Date(value).toISOString().slice(0, 10);
  return String(value).slice(0, 10);
};

const numberOrNull = (value: unknown): number | null =>
  value === null || value === undefined || value === '' ? null : Number(value);

/** A datetime from SQLite (epoch milliseconds) and PostgreSQL (Date) alike as an ISO string. */
const instant = (value: unknown): string | null =>
  value === null || value === undefined
    ? null
    : new Date(value as string | number | Date).toISOString();

const read = (entity: MappedEntity | null | undefined, field: string | null): unknown =>
  entity && field ? (entity[field] ?? null) : null;

// The startup check (domain/mapping.ts) made sure each mapped attribute is of the kind
// its rule says (FIELD_RULES): a text field holds text, a relation an entity, a media a file.
const text = (entity: MappedEntity | null | undefined, field: string | null) =>
  read(entity, field) as string | null;
const related = (entity: MappedEntity | null | undefined, field: string | null) =>
  read(entity, field) as MappedEntity | null;
const media = (entity: MappedEntity | null | undefined, field: string | null) =>
  read(entity, field) as MediaRecord | null;

/**
 * The records of entities of the mapped types (keyed by attribute name, relations as
 * nested entities), for one mapping: built once per read, not once per entity. A
 * customer's settings come beside the entity (`settingsOf`), none when not given.
 */
export const recordsOf = (
  mapping: ReceivablesMapping,
  settingsOf: (customer: MappedEntity) => CustomerSettingsFields = () => NO_SETTINGS
) => {
  const statusOf = (raw: unknown): InvoiceStatus | 'unknown' => {
    const statuses = mapping.invoice.statuses;
    return (
      (Object.keys(statuses) as InvoiceStatus[]).find((status) =>
        statuses[status].includes(String(raw))
      ) ?? 'unknown'
    );
  };

  const toContact = (entity: MappedEntity | null): ContactRecord | null => {
    if (!entity) return null;
    const fields = mapping.contact.fields;
    return {
      documentId: entity.documentId,
      name: text(entity, fields.name),
      emails: text(entity, fields.emails),
      reminderEmails: text(entity, fields.reminderEmails),
      phone: text(entity, fields.phone),
    };
  };

  const toCustomer = (entity: MappedEntity | null): CustomerRecord | null => {
    if (!entity) return null;
    const fields = mapping.customer.fields;
    return {
      documentId: entity.documentId,
      name: text(entity, fields.name) ?? '',
      reference: text(entity, fields.reference),
      segment: text(entity, fields.segment),
      locale: text(entity, fields.locale),
      timezone: text(entity, fields.timezone),
      address: text(entity, fields.address),
      phone: text(entity, fields.phone),
      stopDunning: Boolean(read(entity, fields.stopDunning)),
      stopDunningReason: text(entity, fields.stopDunningReason),
      ...settingsOf(entity),
      disputed: Boolean(read(entity, fields.disputed)),
      scenarioDocumentId: related(entity, fields.scenario)?.documentId ?? null,
      favouriteContact: toContact(related(entity, fields.favouriteContact)),
    };
  };

  const toInvoice = (entity: MappedEntity): InvoiceRecord => {
    const fields = mapping.invoice.fields;
    const pdf = media(entity, fields.pdf);
    const automatic = read(entity, fields.automaticReminders);
    return {
      documentId: entity.documentId,
      number: String(read(entity, fields.number) ?? ''),
      issueDate: dateOnly(read(entity, fields.issueDate)),
      dueDate: dateOnly(read(entity, fields.dueDate))!,
      total: numberOrNull(read(entity, fields.total)),
      amountDue: numberOrNull(read(entity, fields.amountDue)) ?? 0,
      currency: text(entity, fields.currency) ?? 'EUR',
      status: statusOf(read(entity, fields.status)),
      paidAt: instant(read(entity, fields.paidAt)),
      disputed: Boolean(read(entity, fields.disputed)),
      promisedPaymentDate: dateOnly(read(entity, fields.promisedPaymentDate)),
      reminderEmails: text(entity, fields.reminderEmails),
      automaticReminders: automatic === null ? true : Boolean(automatic),
      pdf: pdf ? { id: pdf.id, name: pdf.name, url: pdf.url, mime: pdf.mime } : null,
      creatorId: related(entity, fields.creator)?.id ?? null,
      paymentUrl: text(entity, fields.paymentUrl),
      customer: toCustomer(related(entity, fields.customer)),
      contact: toContact(related(entity, fields.contact)),
    };
  };
  return { toContact, toCustomer, toInvoice };
};
