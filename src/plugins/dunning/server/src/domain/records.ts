import type { ContactRecord, CustomerRecord, MediaRecord } from '../../../shared/records';
import type { ReminderChannel, ReminderTrigger, ReminderType } from '../../../shared/vocabulary';
import type { Mailbox } from './addresses';
import type { Letter } from './message-layout';
import type { InvoiceStatus, ReceivablesMapping } from './receivables-mapping';
import type { ReminderInvoice } from './reminder-invoices';
import type { ReminderStatus, TimelineEntry } from './reminder-lifecycle';

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

type Entity = Record<string, any>;

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

const read = (entity: Entity | null | undefined, field: string | null) =>
  entity && field ? (entity[field] ?? null) : null;

/**
 * The records of entities of the mapped types (keyed by attribute name, relations as
 * nested entities), for one mapping: built once per read, not once per entity. A
 * customer's settings come beside the entity (`settingsOf`), none when not given.
 */
export const recordsOf = (
  mapping: ReceivablesMapping,
  settingsOf: (customer: Entity) => CustomerSettingsFields = () => NO_SETTINGS
) => {
  const statusOf = (raw: unknown): InvoiceStatus | 'unknown' => {
    const statuses = mapping.invoice.statuses;
    return (
      (Object.keys(statuses) as InvoiceStatus[]).find((status) =>
        statuses[status].includes(String(raw))
      ) ?? 'unknown'
    );
  };

  const toContact = (entity: Entity | null): ContactRecord | null => {
    if (!entity) return null;
    const fields = mapping.contact.fields;
    return {
      documentId: entity.documentId,
      name: read(entity, fields.name),
      emails: read(entity, fields.emails),
      reminderEmails: read(entity, fields.reminderEmails),
      phone: read(entity, fields.phone),
    };
  };

  const toCustomer = (entity: Entity | null): CustomerRecord | null => {
    if (!entity) return null;
    const fields = mapping.customer.fields;
    return {
      documentId: entity.documentId,
      name: read(entity, fields.name) ?? '',
      reference: read(entity, fields.reference),
      segment: read(entity, fields.segment),
      locale: read(entity, fields.locale),
      timezone: read(entity, fields.timezone),
      address: read(entity, fields.address),
      phone: read(entity, fields.phone),
      stopDunning: Boolean(read(entity, fields.stopDunning)),
      stopDunningReason: read(entity, fields.stopDunningReason),
      ...settingsOf(entity),
      disputed: Boolean(read(entity, fields.disputed)),
      scenarioDocumentId: read(entity, fields.scenario)?.documentId ?? null,
      favouriteContact: toContact(read(entity, fields.favouriteContact)),
    };
  };

  const toInvoice = (entity: Entity): InvoiceRecord => {
    const fields = mapping.invoice.fields;
    const pdf = read(entity, fields.pdf);
    const automatic = read(entity, fields.automaticReminders);
    return {
      documentId: entity.documentId,
      number: String(read(entity, fields.number) ?? ''),
      issueDate: dateOnly(read(entity, fields.issueDate)),
      dueDate: dateOnly(read(entity, fields.dueDate))!,
      total: numberOrNull(read(entity, fields.total)),
      amountDue: numberOrNull(read(entity, fields.amountDue)) ?? 0,
      currency: read(entity, fields.currency) ?? 'EUR',
      status: statusOf(read(entity, fields.status)),
      paidAt: instant(read(entity, fields.paidAt)),
      disputed: Boolean(read(entity, fields.disputed)),
      promisedPaymentDate: dateOnly(read(entity, fields.promisedPaymentDate)),
      reminderEmails: read(entity, fields.reminderEmails),
      automaticReminders: automatic === null ? true : Boolean(automatic),
      pdf: pdf ? { id: pdf.id, name: pdf.name, url: pdf.url, mime: pdf.mime } : null,
      creatorId: read(entity, fields.creator)?.id ?? null,
      paymentUrl: read(entity, fields.paymentUrl),
      customer: toCustomer(read(entity, fields.customer)),
      contact: toContact(read(entity, fields.contact)),
    };
  };
  return { toContact, toCustomer, toInvoice };
};
