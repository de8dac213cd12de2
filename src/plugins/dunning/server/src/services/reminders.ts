import type { Core } from '@strapi/strapi';
import { toDate } from '../utils/db';

/**
 * The reminder history records: creation, status changes with their timeline, the
 * claim that makes a send happen once, the events other code hooks on (F7.3), and the
 * history queries the pages read.
 */

const UID = 'plugin::dunning.reminder';

export type ReminderStatus =
  | 'planned' | 'queued' | 'sending' | 'sent' | 'delivered' | 'opened'
  | 'failed' | 'bounced' | 'not_sent' | 'skipped' | 'uncertain' | 'cancelled';

export type TimelineEntry = { status: ReminderStatus; at: string; note?: string };

/** One invoice a reminder covers; `excluded` marks one left out, with its reason. */
export type ReminderInvoice = {
  documentId: string;
  number: string;
  dueDate: string;
  amountDue: number;
  currency: string;
  excluded?: string;
  disputed?: boolean;
};

/** Events on Strapi's event hub, also offered to webhooks (SPEC F7.3). */
export const REMINDER_EVENTS = {
  created: 'dunning.reminder.created',
  sent: 'dunning.reminder.sent',
  failed: 'dunning.reminder.failed',
} as const;

const EVENT_OF_STATUS: Partial<Record<ReminderStatus, string>> = { sent: REMINDER_EVENTS.sent, failed: REMINDER_EVENTS.failed };

export type ReminderSummary = {
  documentId: string;
  createdAt: string;
  sentAt: string | null;
  channel: string;
  type: string;
  trigger: string;
  status: ReminderStatus;
  statusReason: string | null;
  customerDocumentId: string;
  customerName: string | null;
  subject: string | null;
  amount: number;
  currency: string;
  invoiceNumbers: string[];
  recipients: string[];
  senderName: string | null;
  level: string | null;
  callOutcome: string | null;
  documentUrl: string | null;
  messageId: string | null;
  serverResponse: string | null;
  error: string | null;
};

type Entity = Record<string, any>;

const includedInvoices = (reminder: Entity): ReminderInvoice[] =>
  ((reminder.invoices ?? []) as ReminderInvoice[]).filter((invoice) => !invoice.excluded);

export const toReminderSummary = (reminder: Entity): ReminderSummary => ({
  documentId: reminder.documentId,
  createdAt: reminder.createdAt,
  sentAt: reminder.sentAt ?? null,
  channel: reminder.channel,
  type: reminder.type,
  trigger: reminder.trigger,
  status: reminder.status,
  statusReason: reminder.statusReason ?? null,
  customerDocumentId: reminder.customerDocumentId,
  customerName: reminder.customerName ?? null,
  subject: reminder.subject ?? null,
  amount: Number(reminder.amount ?? 0),
  currency: reminder.currency,
  invoiceNumbers: includedInvoices(reminder).map((invoice) => invoice.number),
  recipients: (reminder.recipients ?? []).map((mailbox: { address: string }) => mailbox.address),
  senderName: reminder.senderName ?? null,
  level: reminder.level ?? null,
  callOutcome: reminder.callOutcome ?? null,
  documentUrl: reminder.document ? `/dunning/reminders/${reminder.documentId}/document` : null,
  messageId: reminder.messageId ?? null,
  serverResponse: reminder.serverResponse ?? null,
  error: reminder.error ?? null,
});

/** The amount of the invoices a reminder still covers. */
export const amountOf = (invoices: ReminderInvoice[]) =>
  Math.round(invoices.filter((invoice) => !invoice.excluded).reduce((sum, invoice) => sum + invoice.amountDue, 0) * 100) / 100;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID as any);
  const query = () => strapi.db.query(UID as any);

  const emit = (event: string | undefined, reminder: Entity) => {
    if (event) void strapi.eventHub.emit(event, { reminder: toReminderSummary(reminder) });
  };

  return {
    async create(data: Entity, status: ReminderStatus, at: Date) {
      const reminder = await documents().create({
        data: { ...data, status, timeline: [{ status, at: at.toISOString() }] } as any,
        populate: ['document'] as any,
      });
      emit(REMINDER_EVENTS.created, reminder);
      return reminder;
    },

    /**
     * Announces reminders written in bulk by the planner, once their transaction has
     * committed.
     */
    async announceCreated(ids: number[]) {
      if (ids.length === 0) return;
      const created = await query().findMany({ where: { id: { $in: ids } } });
      for (const reminder of created) emit(REMINDER_EVENTS.created, reminder);
    },

    async findByIdempotencyKey(idempotencyKey: string) {
      const [found] = await documents().findMany({ filters: { idempotencyKey }, populate: ['document'] as any, limit: 1 });
      return found ?? null;
    },

    async findOne(documentId: string, populate: string[] = ['document']) {
      return documents().findOne({ documentId, populate: populate as any });
    },

    /** Moves a reminder to `status`, adding the step to its timeline. */
    async transition(documentId: string, status: ReminderStatus, at: Date, data: Entity = {}, note?: string) {
      const current = (await documents().findOne({ documentId, fields: ['timeline'] as any })) as Entity | null;
      const entry: TimelineEntry = { status, at: at.toISOString(), ...(note ? { note } : {}) };
      const reminder = await documents().update({
        documentId,
        data: { ...data, status, timeline: [...(current?.timeline ?? []), entry] } as any,
        populate: ['document'] as any,
      });
      emit(EVENT_OF_STATUS[status], reminder);
      return reminder;
    },

    /**
     * Claims a queued reminder for sending with one conditional update: only the caller
     * that moves it from `queued` to `sending` may send it.
     */
    async claim(documentId: string, owner: string, leaseMs: number, now: Date): Promise<boolean> {
      const { count } = await query().updateMany({
        where: { documentId, status: 'queued' },
        data: { status: 'sending', claimedBy: owner, leaseUntil: new Date(now.getTime() + leaseMs) },
      });
      return count === 1;
    },

    /** Queued reminders whose time has come, oldest first. */
    async dueForSending(now: Date, limit: number): Promise<string[]> {
      const rows = await query().findMany({
        where: { status: 'queued', $or: [{ nextAttemptAt: null }, { nextAttemptAt: { $lte: now } }] },
        select: ['documentId'],
        orderBy: [{ id: 'asc' }],
        limit,
      });
      return rows.map((row: Entity) => row.documentId);
    },

    /**
     * Reminders left in `sending` after their lease (the sender crashed between the SMTP
     * hand-off and the status write) become `uncertain`: listed for a person to review,
     * never sent again by the engine.
     */
    async flagLapsedClaims(now: Date): Promise<number> {
      const lapsed = await query().findMany({
        where: { status: 'sending', leaseUntil: { $lt: now } },
        select: ['id', 'claimedBy', 'leaseUntil', 'timeline'],
      });
      let flagged = 0;
      for (const reminder of lapsed) {
        const entry: TimelineEntry = {
          status: 'uncertain',
          at: now.toISOString(),
          note: `claimed by ${reminder.claimedBy}; no outcome recorded before ${toDate(reminder.leaseUntil)!.toISOString()}`,
        };
        const { count } = await query().updateMany({
          where: { id: reminder.id, status: 'sending' },
          data: { status: 'uncertain', statusReason: 'lease_expired', timeline: [...(reminder.timeline ?? []), entry] },
        });
        flagged += count;
      }
      return flagged;
    },

    /**
     * Takes cases out of the reminders still waiting in the batch view: their invoices
     * are marked excluded with `reason` (a later step superseded them, or the invoice
     * was paid); a reminder left with no invoice is cancelled.
     */
    async withdrawFromPlanned(caseIds: number[], reason: string, now: Date) {
      if (caseIds.length === 0) return;
      const waiting = await query().findMany({
        where: { status: 'planned', cases: { id: { $in: caseIds } } },
        select: ['id', 'invoices', 'timeline'],
        populate: { cases: { select: ['id', 'invoiceDocumentId'] } },
      });
      const withdrawn = new Set(caseIds);
      for (const reminder of waiting) {
        const leaving = new Set((reminder.cases as Entity[]).filter((c) => withdrawn.has(c.id)).map((c) => c.invoiceDocumentId));
        const invoices = (reminder.invoices as ReminderInvoice[]).map((invoice) =>
          leaving.has(invoice.documentId) && !invoice.excluded ? { ...invoice, excluded: reason } : invoice
        );
        const empty = invoices.every((invoice) => invoice.excluded);
        const entry: TimelineEntry = { status: empty ? 'cancelled' : 'planned', at: now.toISOString(), note: `${[...leaving].length} invoice(s) withdrawn: ${reason}` };
        await query().update({
          where: { id: reminder.id },
          data: {
            invoices,
            amount: amountOf(invoices),
            timeline: [...(reminder.timeline ?? []), entry],
            ...(empty ? { status: 'cancelled', statusReason: reason } : {}),
          },
        });
      }
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
      return new Map(rows.map((row) => [row.customer, toDate(row.last)!.toISOString()]));
    },
  };
};
