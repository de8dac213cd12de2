import type { Core } from '@strapi/strapi';

/**
 * The reminder history records: creation, status changes with their timeline, the
 * claim that makes a send happen once, and the history queries the pages read.
 */

const UID = 'plugin::dunning.reminder';

export type ReminderStatus =
  | 'planned' | 'queued' | 'sending' | 'sent' | 'delivered' | 'opened'
  | 'failed' | 'bounced' | 'not_sent' | 'skipped' | 'uncertain' | 'cancelled';

export type TimelineEntry = { status: ReminderStatus; at: string; note?: string };

export type ReminderSummary = {
  documentId: string;
  createdAt: string;
  sentAt: string | null;
  channel: string;
  type: string;
  trigger: string;
  status: ReminderStatus;
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

type Entity = Record<string, any>;

/** The addresses of stored `{ name?, address }` mailboxes. */
export const addressesOf = (mailboxes: Array<{ address: string }> | null | undefined): string[] =>
  (mailboxes ?? []).map((mailbox) => mailbox.address);

export const toReminderSummary = (reminder: Entity): ReminderSummary => ({
  documentId: reminder.documentId,
  createdAt: reminder.createdAt,
  sentAt: reminder.sentAt ?? null,
  channel: reminder.channel,
  type: reminder.type,
  trigger: reminder.trigger,
  status: reminder.status,
  statusReason: reminder.statusReason ?? null,
  subject: reminder.subject ?? null,
  amount: Number(reminder.amount ?? 0),
  currency: reminder.currency,
  invoiceNumbers: (reminder.invoices ?? []).map((invoice: { number: string }) => invoice.number),
  recipients: addressesOf(reminder.recipients),
  senderName: reminder.senderName ?? null,
  callOutcome: reminder.callOutcome ?? null,
  documentUrl: reminder.document ? `/dunning/reminders/${reminder.documentId}/document` : null,
  messageId: reminder.messageId ?? null,
  serverResponse: reminder.serverResponse ?? null,
  error: reminder.error ?? null,
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID as any);

  return {
    async create(data: Entity, status: ReminderStatus, at: Date) {
      return documents().create({
        data: { ...data, status, timeline: [{ status, at: at.toISOString() }] } as any,
        populate: ['document'] as any,
      });
    },

    async findByIdempotencyKey(idempotencyKey: string) {
      const [found] = await documents().findMany({ filters: { idempotencyKey }, populate: ['document'] as any, limit: 1 });
      return found ?? null;
    },

    async findOne(documentId: string) {
      return documents().findOne({ documentId, populate: ['document'] as any });
    },

    /** Moves a reminder to `status`, adding the step to its timeline. */
    async transition(documentId: string, status: ReminderStatus, at: Date, data: Entity = {}, note?: string) {
      const current = (await documents().findOne({ documentId, fields: ['timeline'] as any })) as Entity | null;
      const entry: TimelineEntry = { status, at: at.toISOString(), ...(note ? { note } : {}) };
      return documents().update({
        documentId,
        data: { ...data, status, timeline: [...(current?.timeline ?? []), entry] } as any,
        populate: ['document'] as any,
      });
    },

    /**
     * Moves the reminder found by `where` to the status `next` picks for its current one
     * (null: leave it), adding the step to its timeline. One conditional update on the
     * status it was read in: of two concurrent changes one wins, the other reads again
     * and decides on the new status. Whether it moved; null when no reminder matches.
     */
    async advance(
      where: Entity,
      next: (current: ReminderStatus) => ReminderStatus | null,
      at: Date,
      data: Entity = {},
      note?: string
    ): Promise<boolean | null> {
      for (;;) {
        const current = (await strapi.db.query(UID as any).findOne({ where, select: ['id', 'status', 'timeline'] })) as Entity | null;
        if (!current) return null;
        const status = next(current.status);
        if (!status) return false;
        const entry: TimelineEntry = { status, at: at.toISOString(), ...(note ? { note } : {}) };
        const { count } = await strapi.db.query(UID as any).updateMany({
          where: { id: current.id, status: current.status },
          data: { ...data, status, timeline: [...(current.timeline ?? []), entry] },
        });
        if (count === 1) return true;
      }
    },

    /**
     * Claims a queued reminder for sending with one conditional update: only the caller
     * that moves it from `queued` to `sending` may send it.
     */
    async claim(documentId: string, owner: string, leaseMs: number, now: Date): Promise<boolean> {
      const { count } = await strapi.db.query(UID as any).updateMany({
        where: { documentId, status: 'queued' },
        data: { status: 'sending', claimedBy: owner, leaseUntil: new Date(now.getTime() + leaseMs) },
      });
      return count === 1;
    },

    async historyOfCustomer(customerDocumentId: string, limit = 200): Promise<ReminderSummary[]> {
      const reminders = await documents().findMany({
        filters: { customerDocumentId },
        sort: ['createdAt:desc', 'id:desc'] as any,
        populate: ['document'] as any,
        limit,
      });
      return (reminders as Entity[]).map(toReminderSummary);
    },

    /** The latest reminder date of each customer, in one grouped query. */
    async lastReminderDates(customerDocumentIds: string[]): Promise<Map<string, string>> {
      if (customerDocumentIds.length === 0) return new Map();
      const rows: Array<{ customer: string; last: unknown }> = await strapi.db
        .connection('dunning_reminders')
        .select('customer_document_id as customer')
        .max('created_at as last')
        .whereIn('customer_document_id', customerDocumentIds)
        .groupBy('customer_document_id');
      return new Map(rows.map((row) => [row.customer, new Date(row.last as string | number).toISOString()]));
    },
  };
};
