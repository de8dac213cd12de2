import type { ReminderSummary } from '../../../shared/contracts/reminders';
import type { ReminderRecord } from './records';
import type { ReminderInvoice } from './reminder-invoices';
import type { ReminderStatus } from './reminder-lifecycle';

/**
 * A reminder as the pages, the Content API and the events show it, and the events a
 * reminder announces (SPEC F7.3). Pure.
 */

/**
 * What a summary reads of a reminder: a reminder as read, or as just written (the
 * planner's rows, whose optional columns may be missing).
 */
type SummarySource = Pick<
  ReminderRecord,
  | 'documentId'
  | 'createdAt'
  | 'channel'
  | 'type'
  | 'trigger'
  | 'status'
  | 'customerDocumentId'
  | 'currency'
> &
  Partial<
    Pick<
      ReminderRecord,
      | 'sentAt'
      | 'statusReason'
      | 'customerName'
      | 'level'
      | 'subject'
      | 'amount'
      | 'invoices'
      | 'recipients'
      | 'senderName'
      | 'callOutcome'
      | 'document'
      | 'messageId'
      | 'serverResponse'
      | 'error'
    >
  >;

/** Events on Strapi's event hub, also offered to webhooks (SPEC F7.3). */
export const REMINDER_EVENTS = {
  created: 'dunning.reminder.created',
  sent: 'dunning.reminder.sent',
  failed: 'dunning.reminder.failed',
} as const;

/** The event a reminder arriving in a status announces, if any. */
export const EVENT_OF_STATUS: Partial<Record<ReminderStatus, string>> = {
  sent: REMINDER_EVENTS.sent,
  failed: REMINDER_EVENTS.failed,
};

export type { ReminderSummary };

const includedInvoices = (reminder: SummarySource): ReminderInvoice[] =>
  (reminder.invoices ?? []).filter((invoice) => !invoice.excluded);

/** The addresses of stored `{ name?, address }` mailboxes. */
export const addressesOf = (mailboxes: Array<{ address: string }> | null | undefined): string[] =>
  (mailboxes ?? []).map((mailbox) => mailbox.address);

export const toReminderSummary = (reminder: SummarySource): ReminderSummary => ({
  documentId: reminder.documentId,
  createdAt: reminder.createdAt,
  // A summary carries the time as the record holds it (text once JSON, as events and pages give it).
  sentAt: (reminder.sentAt ?? null) as string | null,
  channel: reminder.channel,
  type: reminder.type,
  trigger: reminder.trigger,
  status: reminder.status,
  statusReason: reminder.statusReason ?? null,
  customerDocumentId: reminder.customerDocumentId,
  customerName: reminder.customerName ?? null,
  level: reminder.level ?? null,
  subject: reminder.subject ?? null,
  amount: Number(reminder.amount ?? 0),
  currency: reminder.currency,
  invoiceNumbers: includedInvoices(reminder).map((invoice) => invoice.number),
  recipients: addressesOf(reminder.recipients),
  senderName: reminder.senderName ?? null,
  callOutcome: reminder.callOutcome ?? null,
  documentUrl: reminder.document ? `/dunning/reminders/${reminder.documentId}/document` : null,
  messageId: reminder.messageId ?? null,
  serverResponse: reminder.serverResponse ?? null,
  error: reminder.error ?? null,
});
