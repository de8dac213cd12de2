import type { Core } from '@strapi/strapi';
import { addDays, zonedInstant } from '../domain/dates';
import { MOVES, type ReminderStatus, type TimelineEntry } from '../domain/reminder-lifecycle';
import { toReminderSummary, type ReminderSummary } from '../domain/reminder-summary';
import { reminderRepository } from '../repositories/reminders';
import { countUpTo, toDate } from '../repositories/sql/db';
import { invalidInput, notFound } from '../utils/errors';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import { containsPattern } from '../repositories/sql/like';
import type { ReminderInvoice } from '../domain/reminder-invoices';
import { personName, type Person } from './messages';

export type { ReminderStatus, TimelineEntry } from '../domain/reminder-lifecycle';
export { addressesOf, REMINDER_EVENTS, toReminderSummary, type ReminderSummary } from '../domain/reminder-summary';

/**
 * The reminder history the pages read, and what a person does with a reminder from the
 * activities page (cancel, resend). Every status change is made by the reminders
 * repository (repositories/reminders.ts), the one writer of the lifecycle.
 */

const UID = 'plugin::dunning.reminder';
const TABLE = 'dunning_reminders';

/** What a person may do with a reminder from the activities page. */
export const CANCELLABLE: readonly ReminderStatus[] = MOVES.cancel.from;
export const RESENDABLE: readonly ReminderStatus[] = MOVES.resend.from;

/** The outcomes that count as "reminded" in reports: the action took place. */
export const DONE: ReminderStatus[] = ['sent', 'delivered', 'opened'];

/** A customer reached, or about to be: what pacing counts. */
const CONTACTED: ReminderStatus[] = ['queued', 'sending', ...DONE];

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
  /** "My accounts": the customers this admin owns. */
  mine?: boolean;
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

  /** A person's move from the activities page; a reminder not in a status the move leaves is bad input. */
  const byPerson = async (documentId: string, move: 'cancel' | 'resend', to: ReminderStatus, at: Date, options: { data: Entity; note: string }) => {
    const result = await reminderRepository(strapi).move({ documentId }, move, to, at, { ...options, populate: ['document', 'template', 'scenario'] });
    if (!result) throw notFound('Reminder');
    if ('status' in result) {
      throw invalidInput([{ path: 'status', message: `a ${result.status} reminder cannot be ${move === 'cancel' ? 'cancelled' : 'resent'} (only ${MOVES[move].from.join(', ')})` }]);
    }
    return toReminderDetail(result.reminder);
  };

  /** A day of the business time zone, or an instant; `end` moves a day to the next midnight (the day is inclusive). */
  const instant = (value: string, end: boolean) => {
    if (value.length !== 10) return new Date(value);
    return zonedInstant(end ? addDays(value, 1) : value, 0, getPluginConfig(strapi).cron.timezone);
  };

  return {
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

    /** A planned or queued reminder will not go out. */
    async cancel(documentId: string, by: Person, at = new Date()) {
      return byPerson(documentId, 'cancel', 'cancelled', at, {
        data: { nextAttemptAt: null },
        note: `cancelled by ${personName(by)}`,
      });
    },

    /** A failed, uncertain or unsent reminder goes back to the queue, for the engine to deliver. */
    async resend(documentId: string, by: Person, at = new Date()) {
      return byPerson(documentId, 'resend', 'queued', at, {
        data: { attempts: 0, nextAttemptAt: null, statusReason: null, queuedAt: at },
        note: `resend requested by ${personName(by)}`,
      });
    },

    /**
     * The activities list (SPEC F6.1): filtered, sorted and paginated in the database.
     * Each sort has an index ending in `id`, the tie-breaker, so a page is an index range
     * scan; the creation-date indexes also hold the status and the channel, so the rows
     * before a deep page filtered on them are skipped in the index alone. The total is
     * counted up to MAX_COUNTED rows (`capped` past it) so that a count never walks a
     * million rows.
     */
    async list(query: ReminderListQuery, viewerId: number) {
      const meta = strapi.db.metadata.get(UID as any) as any;
      const senderLink = meta.attributes.sender.joinTable;
      const filtered = () => {
        const builder = knex()(`${TABLE} as r`);
        if (query.status?.length) builder.whereIn('r.status', query.status);
        if (query.channel) builder.where('r.channel', query.channel);
        if (query.type) builder.where('r.type', query.type);
        if (query.trigger) builder.where('r.trigger', query.trigger);
        if (query.customer) builder.where('r.customer_document_id', query.customer);
        if (query.mine) builder.whereIn('r.customer_document_id', getPluginService(strapi, 'customer-settings').ownedBy(viewerId));
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
