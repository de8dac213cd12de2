import type { Core } from '@strapi/strapi';
import reminderSchema from '../content-types/reminder/schema.json';
import { addDays, zonedInstant } from '../rules/dates';
import { insertWithLinks, updateEachAtOnce, type Links } from '../utils/bulk';
import { countUpTo, inSchema, otherValues, toDate } from '../utils/db';
import { invalidInput, notFound } from '../utils/errors';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import { containsPattern } from '../utils/sql';
import { coverage, type ReminderInvoice } from '../rules/reminder-invoices';
import { personName, type Person } from './messages';

/**
 * The reminder history records: creation, status changes with their timeline, the
 * claim that makes a send happen once, the events other code hooks on (F7.3), and the
 * history queries the pages read.
 */

const UID = 'plugin::dunning.reminder';
const TABLE = 'dunning_reminders';

export type ReminderStatus =
  | 'planned' | 'queued' | 'sending' | 'sent' | 'delivered' | 'opened'
  | 'failed' | 'bounced' | 'not_sent' | 'skipped' | 'uncertain' | 'cancelled';

/** `status = 'queued'` beside a lookup by documentIds, for SQLite (utils/db otherValues). */
const NOT_QUEUED = otherValues(reminderSchema.attributes.status.enum, 'queued');

/** What a person may do with a reminder from the activities page. */
export const CANCELLABLE: ReminderStatus[] = ['planned', 'queued'];
export const RESENDABLE: ReminderStatus[] = ['failed', 'uncertain', 'not_sent'];

/** The outcomes that count as "reminded" in reports: the action took place. */
export const DONE: ReminderStatus[] = ['sent', 'delivered', 'opened'];

/** A customer reached, or about to be: what pacing counts. */
const CONTACTED: ReminderStatus[] = ['queued', 'sending', ...DONE];

/** How a send this instance claimed ended, to be written on the reminder. */
export type Outcome = { reminder: Entity; status: ReminderStatus; at: Date; data?: Entity; note?: string };

export type TimelineEntry = { status: ReminderStatus; at: string; note?: string };

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
  invoices: ReminderInvoice[];
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
  timeline: TimelineEntry[];
};

export const SORT_FIELDS = { createdAt: 'created_at', sentAt: 'sent_at', amount: 'amount', customerName: 'customer_name', status: 'status' } as const;

export type ReminderListQuery = {
  status?: ReminderStatus[];
  channel?: string;
  type?: string;
  trigger?: string;
  customer?: string;
  sender?: number;
  /** `YYYY-MM-DD` (a day in the business time zone) or an ISO instant; both bounds inclusive. */
  from?: string;
  to?: string;
  search?: string;
  sort: keyof typeof SORT_FIELDS;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
};

type Entity = Record<string, any>;

const iso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);

const includedInvoices = (reminder: Entity): ReminderInvoice[] =>
  ((reminder.invoices ?? []) as ReminderInvoice[]).filter((invoice) => !invoice.excluded);

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

const toReminderDetail = (reminder: Entity): ReminderDetail => ({
  ...toReminderSummary(reminder),
  invoices: reminder.invoices ?? [],
  senderEmail: reminder.senderEmail ?? null,
  cc: reminder.cc ?? [],
  bcc: reminder.bcc ?? [],
  body: reminder.body ?? null,
  attachments: reminder.attachments ?? [],
  templateName: reminder.template?.name ?? null,
  scenarioName: reminder.scenario?.name ?? null,
  stepIndex: reminder.stepIndex ?? null,
  note: reminder.note ?? null,
  attempts: reminder.attempts ?? 0,
  plannedFor: iso(reminder.plannedFor),
  queuedAt: iso(reminder.queuedAt),
  deliveredAt: iso(reminder.deliveredAt),
  openedAt: iso(reminder.openedAt),
  failedAt: iso(reminder.failedAt),
  timeline: reminder.timeline ?? [],
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID as any);
  const query = () => strapi.db.query(UID as any);
  const knex = () => strapi.db.connection;

  const emit = (event: string | undefined, reminder: Entity) => {
    if (event) void strapi.eventHub.emit(event, { reminder: toReminderSummary(reminder) });
  };

  /** Summaries of reminders by database id, in the order of `ids`. */
  const summariesOf = async (ids: number[]): Promise<ReminderSummary[]> => {
    if (ids.length === 0) return [];
    const found = (await documents().findMany({ filters: { id: { $in: ids } } as any, populate: ['document'] as any, limit: ids.length })) as Entity[];
    const byId = new Map(found.map((reminder) => [Number(reminder.id), reminder]));
    return ids.flatMap((id) => (byId.has(id) ? [toReminderSummary(byId.get(id)!)] : []));
  };

  const latestFirst = async (filters: Entity, limit: number): Promise<ReminderSummary[]> => {
    const reminders = await documents().findMany({
      filters: filters as any,
      sort: ['createdAt:desc', 'id:desc'] as any,
      populate: ['document'] as any,
      limit,
    });
    return (reminders as Entity[]).map(toReminderSummary);
  };

  /** A day of the business time zone, or an instant; `end` moves a day to the next midnight (the day is inclusive). */
  const instant = (value: string, end: boolean) => {
    if (value.length !== 10) return new Date(value);
    return zonedInstant(end ? addDays(value, 1) : value, 0, getPluginConfig(strapi).cron.timezone);
  };

  /**
   * Moves a reminder from one of `from` to `to` with one conditional update, its
   * timeline entry included: a concurrent change of status makes it a no-op, reported
   * as bad input.
   */
  const changeStatus = async (documentId: string, { from, to, verb, data, note, at }: { from: ReminderStatus[]; to: ReminderStatus; verb: string; data: Entity; note: string; at: Date }) => {
    const current = (await documents().findOne({ documentId, fields: ['status', 'timeline'] as any })) as Entity | null;
    if (!current) throw notFound('Reminder');
    const refuse = (status: string) =>
      invalidInput([{ path: 'status', message: `a ${status} reminder cannot be ${verb} (only ${from.join(', ')})` }]);
    if (!from.includes(current.status)) throw refuse(current.status);
    const entry: TimelineEntry = { status: to, at: at.toISOString(), note };
    const { count } = await strapi.db.query(UID as any).updateMany({
      where: { documentId, status: current.status },
      data: { ...data, status: to, timeline: [...(current.timeline ?? []), entry] },
    });
    if (count !== 1) throw refuse('changed');
    return toReminderDetail(await documents().findOne({ documentId, populate: ['document', 'template', 'scenario'] as any }));
  };

  return {
    async create(data: Entity, status: ReminderStatus, at: Date) {
      // Its invoice links are written by the reminder's document middleware (register.ts).
      const reminder = await documents().create({
        data: { ...data, status, timeline: [{ status, at: at.toISOString() }] } as any,
        populate: ['document'] as any,
      });
      emit(REMINDER_EVENTS.created, reminder);
      return reminder;
    },

    /**
     * Writes the reminders the engine planned, with their relations and invoice links, in
     * a few multi-row inserts inside the planner's transaction; `announceCreated` tells
     * the event hub once it committed. Returns them as written (their fields, id,
     * documentId and creation time), in order.
     */
    async insertPlanned(reminders: Array<{ data: Entity; links: Links }>, now: Date): Promise<Entity[]> {
      const inserted = await insertWithLinks(strapi, UID, reminders, now);
      await getPluginService(strapi, 'history').linkNewReminders(inserted.map(({ id }, index) => ({ id, invoices: reminders[index].data.invoices })));
      return inserted.map(({ id, documentId }, index) => ({ ...reminders[index].data, id, documentId, createdAt: now.toISOString() }));
    },

    /** Tells the event hub about reminders written by `insertPlanned`, from what was written (nothing is read back). */
    announceCreated(created: Entity[]) {
      for (const reminder of created) emit(REMINDER_EVENTS.created, reminder);
    },

    async findByIdempotencyKey(idempotencyKey: string) {
      const [found] = await documents().findMany({ filters: { idempotencyKey }, populate: ['document'] as any, limit: 1 });
      return found ?? null;
    },

    async findOne(documentId: string, populate: string[] = ['document']) {
      return documents().findOne({ documentId, populate: populate as any });
    },

    /** Everything the activities detail shows. */
    async detail(documentId: string): Promise<ReminderDetail> {
      const reminder = await documents().findOne({ documentId, populate: ['document', 'template', 'scenario'] as any });
      if (!reminder) throw notFound('Reminder');
      return toReminderDetail(reminder);
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

    /** A planned or queued reminder will not go out. */
    async cancel(documentId: string, by: Person, at = new Date()) {
      return changeStatus(documentId, {
        from: CANCELLABLE,
        to: 'cancelled',
        verb: 'cancelled',
        data: { nextAttemptAt: null, claimedBy: null, leaseUntil: null },
        note: `cancelled by ${personName(by)}`,
        at,
      });
    },

    /** A failed, uncertain or unsent reminder goes back to the queue, for the engine to deliver. */
    async resend(documentId: string, by: Person, at = new Date()) {
      return changeStatus(documentId, {
        from: RESENDABLE,
        to: 'queued',
        verb: 'resent',
        data: { attempts: 0, nextAttemptAt: null, claimedBy: null, leaseUntil: null, statusReason: null, queuedAt: at },
        note: `resend requested by ${personName(by)}`,
        at,
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
     * Claims queued reminders for sending with one conditional update: only the caller
     * whose statement moves a reminder from `queued` to `sending` gets it back (RETURNING
     * names exactly the rows this statement changed), so each reminder has one sender.
     * The claim clears the Message-ID: until `recordWave` writes it again, nothing of
     * this claim has been handed over (what `sweepLapsedClaims` goes by). Returns the
     * reminders it won, as they now are, ready to send.
     */
    async claimMany(documentIds: string[], owner: string, leaseMs: number, now: Date): Promise<Entity[]> {
      if (documentIds.length === 0) return [];
      const rows: Array<{ document_id: string }> = await inSchema(strapi, strapi.db.connection, TABLE)
        .whereIn('document_id', documentIds)
        .whereNotIn('status', NOT_QUEUED)
        .update({ status: 'sending', claimed_by: owner, lease_until: new Date(now.getTime() + leaseMs), message_id: null }, ['document_id']);
      const won = new Set(rows.map((row) => row.document_id));
      if (won.size === 0) return [];
      const found = (await query().findMany({ where: { documentId: { $in: [...won] } }, populate: ['template', 'sender', 'files'] })) as Entity[];
      const byDocumentId = new Map(found.map((reminder) => [reminder.documentId, reminder]));
      return documentIds.flatMap((documentId) => byDocumentId.get(documentId) ?? []);
    },

    /**
     * One wave of sending on the record (delivery): the outcomes of sends this instance
     * holds the claims of, each with its timeline entry (nobody else writes a reminder
     * while it is `sending`), and what is about to leave (`messages`: recipients,
     * subject, body, Message-ID…) for reminders `owner` still holds in `sending`; a
     * reminder whose claim lapsed and went to someone else is left alone. All or nothing,
     * in one statement on PostgreSQL (updateEachAtOnce); the outcomes' events follow.
     * Returns the reminders settled, as they now are, and the ids whose message is on
     * the record: only those may be handed over.
     */
    async recordWave(owner: string, outcomes: Outcome[], messages: Array<{ id: number; data: Entity }>): Promise<{ settled: Entity[]; recorded: Set<number> }> {
      const settled: Entity[] = outcomes.map(({ reminder, status, at, data = {}, note }) => ({
        ...reminder,
        ...data,
        status,
        timeline: [...(reminder.timeline ?? []), { status, at: at.toISOString(), ...(note ? { note } : {}) }],
      }));
      const [, recorded] = await updateEachAtOnce(strapi, [
        { uid: UID, rows: outcomes.map(({ data = {} }, index) => ({ id: settled[index].id, data: { ...data, status: settled[index].status, timeline: settled[index].timeline } })) },
        { uid: UID, rows: messages, where: { status: 'sending', claimedBy: owner } },
      ]);
      for (const reminder of settled) emit(EVENT_OF_STATUS[reminder.status as ReminderStatus], reminder);
      return { settled, recorded };
    },

    /** Queued reminders whose time has come, oldest first. */
    async dueForSending(now: Date, limit: number): Promise<string[]> {
      const rows = await query().findMany({
        where: { status: 'queued', channel: 'email', $or: [{ nextAttemptAt: null }, { nextAttemptAt: { $lte: now } }] },
        select: ['documentId'],
        orderBy: [{ id: 'asc' }],
        limit,
      });
      return rows.map((row: Entity) => row.documentId);
    },

    /**
     * Reminders left in `sending` after their lease, their sender gone. One with its
     * message on the record may have left (the sender crashed between the SMTP hand-off
     * and the status write): `uncertain`, listed for a person to review, never sent again
     * by the engine. One without had not been handed over: queued again, for the next
     * sender. How many went each way.
     */
    async sweepLapsedClaims(now: Date): Promise<{ uncertain: number; requeued: number }> {
      const lapsed = await query().findMany({
        where: { status: 'sending', leaseUntil: { $lt: now } },
        select: ['id', 'claimedBy', 'leaseUntil', 'messageId', 'timeline'],
      });
      const swept = { uncertain: 0, requeued: 0 };
      for (const reminder of lapsed) {
        const before = toDate(reminder.leaseUntil)!.toISOString();
        const handedOver = Boolean(reminder.messageId);
        const status: ReminderStatus = handedOver ? 'uncertain' : 'queued';
        const note = handedOver
          ? `claimed by ${reminder.claimedBy}; no outcome recorded before ${before}`
          : `claimed by ${reminder.claimedBy}; nothing handed over before ${before}, queued again`;
        const entry: TimelineEntry = { status, at: now.toISOString(), note };
        const { count } = await query().updateMany({
          where: { id: reminder.id, status: 'sending' },
          data: handedOver
            ? { status, statusReason: 'lease_expired', timeline: [...(reminder.timeline ?? []), entry] }
            : { status, claimedBy: null, leaseUntil: null, timeline: [...(reminder.timeline ?? []), entry] },
        });
        swept[handedOver ? 'uncertain' : 'requeued'] += count;
      }
      return swept;
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
            ...coverage(invoices),
            timeline: [...(reminder.timeline ?? []), entry],
            ...(empty ? { status: 'cancelled', statusReason: reason } : {}),
          },
        });
      }
    },


    /**
     * The activities list (SPEC F6.1): filtered, sorted and paginated in the database.
     * Each sort has an index ending in `id`, the tie-breaker, so a page is an index range
     * scan; the creation-date indexes also hold the status and the channel, so the rows
     * before a deep page filtered on them are skipped in the index alone. The total is
     * counted up to MAX_COUNTED rows (`capped` past it) so that a count never walks a
     * million rows.
     */
    async list(query: ReminderListQuery) {
      const meta = strapi.db.metadata.get(UID as any) as any;
      const senderLink = meta.attributes.sender.joinTable;
      const filtered = () => {
        const builder = knex()(`${TABLE} as r`);
        if (query.status?.length) builder.whereIn('r.status', query.status);
        if (query.channel) builder.where('r.channel', query.channel);
        if (query.type) builder.where('r.type', query.type);
        if (query.trigger) builder.where('r.trigger', query.trigger);
        if (query.customer) builder.where('r.customer_document_id', query.customer);
        if (query.sender) {
          builder.whereIn(
            'r.id',
            knex()(senderLink.name).select(senderLink.joinColumn.name).where(senderLink.inverseJoinColumn.name, query.sender)
          );
        }
        if (query.from) builder.where('r.created_at', '>=', instant(query.from, false));
        if (query.to) builder.where('r.created_at', query.to.length === 10 ? '<' : '<=', instant(query.to, true));
        const term = query.search?.trim();
        if (term) {
          const like = containsPattern(term);
          builder.where((q) => q.whereRaw(`lower(r.customer_name) like ? escape '\\'`, [like]).orWhereRaw(`lower(r.subject) like ? escape '\\'`, [like]));
        }
        return builder;
      };

      // No date or name means "oldest" in both directions' sense on both databases
      // (SQLite sorts NULL lowest; PostgreSQL is told to).
      const column = `r.${SORT_FIELDS[query.sort]}`;
      const nulls = strapi.db.dialect.client === 'postgres' && ['sentAt', 'customerName'].includes(query.sort)
        ? (query.order === 'asc' ? ' nulls first' : ' nulls last')
        : '';
      // The page and the count at once: on PostgreSQL they run on two connections.
      const [rows, counted]: [Array<{ id: number }>, { total: number; capped: boolean }] = await Promise.all([
        filtered()
          .select('r.id')
          .orderByRaw(`${column} ${query.order}${nulls}, r.id ${query.order}`)
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize),
        countUpTo(knex(), filtered().select('r.id')),
      ]);
      return { data: await summariesOf(rows.map((row) => Number(row.id))), ...counted };
    },

    async historyOfCustomer(customerDocumentId: string, limit = 200): Promise<ReminderSummary[]> {
      return latestFirst({ customerDocumentId }, limit);
    },

    /** An invoice's reminders, latest first, found through the invoice link table. */
    async historyOfInvoice(invoiceDocumentId: string, limit = 200): Promise<ReminderSummary[]> {
      const ids = await getPluginService(strapi, 'history').reminderIdsOfInvoice(invoiceDocumentId);
      return ids.length === 0 ? [] : latestFirst({ id: { $in: ids } }, limit);
    },

    /** When each customer was last reached (a reminder queued or gone out), for pacing (SPEC F4.8). */
    async lastContactDates(customerDocumentIds: string[]): Promise<Map<string, Date>> {
      if (customerDocumentIds.length === 0) return new Map();
      const rows: Array<{ customer: string; last: unknown }> = await knex()(TABLE)
        .select('customer_document_id as customer')
        .max({ last: knex().raw('coalesce(sent_at, queued_at, created_at)') })
        .whereIn('customer_document_id', customerDocumentIds)
        .whereIn('status', CONTACTED)
        .groupBy('customer_document_id');
      return new Map(rows.map((row) => [row.customer, toDate(row.last)!]));
    },

    /** The latest reminder date of each customer, in one grouped query. */
    async lastReminderDates(customerDocumentIds: string[]): Promise<Map<string, string>> {
      if (customerDocumentIds.length === 0) return new Map();
      const rows: Array<{ customer: string; last: unknown }> = await knex()(TABLE)
        .select('customer_document_id as customer')
        .max('created_at as last')
        .whereIn('customer_document_id', customerDocumentIds)
        .groupBy('customer_document_id');
      return new Map(rows.map((row) => [row.customer, new Date(row.last as string | number).toISOString()]));
    },
  };
};
