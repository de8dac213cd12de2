import type { Core } from '@strapi/strapi';

import type { ReminderQuery } from '../../../shared/contracts/history';
import { invoiceLinkRepository } from '../repositories/invoice-links';
import { type PublicReminderRow, reminderReads } from '../repositories/reminder-reads';
import { notFound } from '../utils/errors';
import { addressesOf, type TimelineEntry } from './reminders';

/**
 * The reminder history other apps read through the Content API (SPEC F7.1): filtered,
 * sorted and paginated in the database, in a public shape without the internal fields
 * (claims, leases, bodies, server answers).
 *
 * The invoices of a reminder are found through the invoice link table
 * (repositories/invoice-links.ts).
 */

type PublicInvoice = {
  documentId: string;
  number: string;
  dueDate: string;
  amountDue: number;
  currency: string;
};

export type PublicReminder = {
  documentId: string;
  type: string;
  channel: string;
  trigger: string;
  status: string;
  statusReason: string | null;
  customerDocumentId: string;
  customerName: string | null;
  invoices: PublicInvoice[];
  amount: number;
  currency: string;
  senderName: string | null;
  recipients: string[];
  cc: string[];
  subject: string | null;
  messageId: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  openedAt: string | null;
  failedAt: string | null;
  createdAt: string;
  timeline: TimelineEntry[];
};

const toPublicReminder = (reminder: PublicReminderRow): PublicReminder => ({
  documentId: reminder.documentId,
  type: reminder.type,
  channel: reminder.channel,
  trigger: reminder.trigger,
  status: reminder.status,
  statusReason: reminder.statusReason ?? null,
  customerDocumentId: reminder.customerDocumentId,
  customerName: reminder.customerName ?? null,
  invoices: (reminder.invoices ?? []).map(
    ({ documentId, number, dueDate, amountDue, currency }: PublicInvoice) => ({
      documentId,
      number,
      dueDate,
      amountDue: Number(amountDue),
      currency,
    })
  ),
  amount: Number(reminder.amount ?? 0),
  currency: reminder.currency,
  senderName: reminder.senderName ?? null,
  recipients: addressesOf(reminder.recipients),
  cc: addressesOf(reminder.cc),
  subject: reminder.subject ?? null,
  messageId: reminder.messageId ?? null,
  sentAt: reminder.sentAt ?? null,
  deliveredAt: reminder.deliveredAt ?? null,
  openedAt: reminder.openedAt ?? null,
  failedAt: reminder.failedAt ?? null,
  createdAt: reminder.createdAt,
  timeline: reminder.timeline ?? [],
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const links = () => invoiceLinkRepository(strapi);

  return {
    /**
     * One page of reminders, and Strapi's pagination block: without a count when asked
     * (`pagination[withCount]=false`, as Strapi's REST API), otherwise counted up to
     * MAX_COUNTED matching reminders (`capped` past it).
     */
    async search(query: ReminderQuery) {
      const page = query.pagination.page ?? 1;
      const pageSize =
        query.pagination.pageSize ?? (strapi.config.get('api.rest.defaultLimit', 25) as number);
      const { rows, counted } = await reminderReads(strapi).publicPage(
        query,
        page,
        pageSize,
        query.pagination.withCount !== false
      );
      return {
        results: rows.map(toPublicReminder),
        pagination: counted
          ? { page, pageSize, pageCount: Math.ceil(counted.total / pageSize), ...counted }
          : { page, pageSize },
      };
    },

    async findOne(documentId: string): Promise<PublicReminder> {
      const reminder = await reminderReads(strapi).findPublic(documentId);
      if (!reminder) throw notFound('Reminder');
      return toPublicReminder(reminder);
    },

    /** Creates the invoice link table and the history's indexes (repositories/invoice-links.ts). */
    ensureSchema: () => links().ensureSchema(),

    /** The database ids of the reminders that name an invoice (an index lookup). */
    reminderIdsOfInvoice: (invoiceDocumentId: string) =>
      links().reminderIdsOfInvoice(invoiceDocumentId),

    /** The invoice link table and its columns, for reports that join it in SQL. */
    invoiceLinks: () => links().describe(),
  };
};
