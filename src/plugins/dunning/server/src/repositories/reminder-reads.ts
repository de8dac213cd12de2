import type { Core } from '@strapi/strapi';

import type { ReminderSortKey } from '../../../shared/contracts/reminders';
import { REMINDER_TABLE as TABLE, REMINDER_UID } from '../content-types/uids';
import type { ReminderRecord } from '../domain/records';
import type { ReminderStatus } from '../domain/reminder-lifecycle';
import { invoiceLinkRepository } from './invoice-links';
import { countUpTo, toDate } from './sql/db';
import { containsPattern } from './sql/like';
import { documentsOf, linkTableOf, queryOf, type SqlQuery } from './sql/typed-strapi';

/**
 * What the pages, the Content API, the batch view, the notices and the engine read of
 * the reminders. Writes are made by the reminders repository (repositories/reminders.ts).
 */

/** A subquery of customer documentIds ("my accounts"), from the customer settings. */
type CustomerIds = SqlQuery;

export const SORT_FIELDS = {
  createdAt: 'created_at',
  sentAt: 'sent_at',
  amount: 'amount',
  customerName: 'customer_name',
  status: 'status',
} as const satisfies Record<ReminderSortKey, string>;

/** The Content API's sort columns. */
const PUBLIC_SORT_COLUMNS = {
  createdAt: 'created_at',
  sentAt: 'sent_at',
  amount: 'amount',
} as const;

/** The time columns among the public fields. */
type PublicTime = 'sentAt' | 'deliveredAt' | 'openedAt' | 'failedAt';

/** A reminder in its public fields (the Content API's), its times as the query engine reads them (ISO text). */
export type PublicReminderRow = Omit<
  Pick<ReminderRecord, (typeof PUBLIC_FIELDS)[number]>,
  PublicTime
> &
  Partial<Record<PublicTime, string | null>>;

/** A group of the planned reminders (channel, customer profile, level) with its counts, as SQL returns them. */
export type PlannedCountRow = {
  channel: string;
  segment?: string | null;
  level?: string | null;
  reminders: number | string;
  customers: number | string;
  invoices: number | string | null;
  excluded: number | string | null;
};

/** A group of the planned reminders with its amount in one currency, as SQL returns it. */
export type PlannedSumRow = {
  channel: string;
  segment?: string | null;
  level?: string | null;
  currency: string;
  amount: number | string | null;
};

/** An automatic reminder not announced to its sender yet, with its sender. */
export type UnannouncedReminder = Pick<
  ReminderRecord,
  'id' | 'customerName' | 'invoices' | 'amount' | 'currency' | 'recipients' | 'level'
> & {
  sender: {
    id: number;
    email: string;
    firstname: string | null;
    lastname: string | null;
    preferedLanguage: string | null;
    isActive: boolean;
  };
};

const PUBLIC_FIELDS = [
  'documentId',
  'type',
  'channel',
  'trigger',
  'status',
  'statusReason',
  'customerDocumentId',
  'customerName',
  'invoices',
  'amount',
  'currency',
  'senderName',
  'recipients',
  'cc',
  'subject',
  'messageId',
  'sentAt',
  'deliveredAt',
  'openedAt',
  'failedAt',
  'createdAt',
  'timeline',
] as const;

/** The activities list's filters, in database terms (instants already resolved). */
export type ReminderListFilter = {
  status?: ReminderStatus[];
  channel?: string;
  type?: string;
  trigger?: string;
  customer?: string;
  sender?: number;
  ownedBy?: CustomerIds;
  from?: Date;
  /** The end bound, and whether it is exclusive (a day's next midnight). */
  to?: { at: Date; exclusive: boolean };
  search?: string;
  sort: ReminderSortKey;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
};

/** The Content API's query, as its schema (shared/contracts/history) reads it. */
export type PublicReminderFilter = {
  filters: {
    customerDocumentId?: string[];
    status?: string[];
    channel?: string[];
    invoiceDocumentId?: string[];
    createdAt?: { $gte?: Date; $lte?: Date };
  };
  sort: Array<{ field: keyof typeof PUBLIC_SORT_COLUMNS; order: 'asc' | 'desc' }>;
};

/** One batch of the batch view: a channel, and optionally a customer profile and a level (null: none). */
export type PlannedBatch = { channel: string; segment?: string | null; level?: string | null };

export const reminderReads = (strapi: Core.Strapi) => {
  const documents = () => documentsOf<ReminderRecord>(strapi, REMINDER_UID);
  const query = () => queryOf<ReminderRecord>(strapi, REMINDER_UID);
  const knex = () => strapi.db.connection;
  const isPostgres = () => strapi.db.dialect.client === 'postgres';

  /** Reminders by database id, with their document, in the order of `ids`. */
  const byIds = async (ids: number[]): Promise<ReminderRecord[]> => {
    if (ids.length === 0) return [];
    const found = await documents().findMany({
      filters: { id: { $in: ids } },
      populate: ['document'],
      limit: ids.length,
    });
    const byId = new Map(found.map((reminder) => [Number(reminder.id), reminder]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  };

  /** The Content API's filters on the reminders table, in SQL. */
  const publicFiltered = ({ filters }: PublicReminderFilter) => {
    const builder = knex()(TABLE);
    if (filters.customerDocumentId)
      builder.whereIn('customer_document_id', filters.customerDocumentId);
    if (filters.status) builder.whereIn('status', filters.status);
    if (filters.channel) builder.whereIn('channel', filters.channel);
    if (filters.createdAt?.$gte) builder.where('created_at', '>=', filters.createdAt.$gte);
    if (filters.createdAt?.$lte) builder.where('created_at', '<=', filters.createdAt.$lte);
    if (filters.invoiceDocumentId)
      builder.whereIn(
        'id',
        invoiceLinkRepository(strapi).reminderIdsOfInvoices(filters.invoiceDocumentId)
      );
    return builder;
  };

  /** The planned reminders of one batch (all of them when only the channel is given). */
  const planned = ({ channel, segment, level }: PlannedBatch, ownedBy?: CustomerIds) => {
    const builder = knex()(TABLE).where('status', 'planned').where('channel', channel);
    if (segment !== undefined)
      builder.where((q) =>
        segment === null ? q.whereNull('customer_segment') : q.where('customer_segment', segment)
      );
    if (level !== undefined)
      builder.where((q) => (level === null ? q.whereNull('level') : q.where('level', level)));
    return ownedBy === undefined ? builder : builder.whereIn('customer_document_id', ownedBy);
  };

  /** Planned reminders by database id, with their template, in the order of `ids`. */
  const withTemplateByIds = async (ids: number[]): Promise<ReminderRecord[]> => {
    const found = ids.length
      ? await query().findMany({ where: { id: { $in: ids } }, populate: { template: true } })
      : [];
    const byId = new Map(found.map((reminder) => [reminder.id, reminder]));
    return ids.map((id) => byId.get(id)!);
  };

  return {
    byIds,

    async findByIdempotencyKey(idempotencyKey: string): Promise<ReminderRecord | null> {
      const [found] = await documents().findMany({
        filters: { idempotencyKey },
        populate: ['document'],
        limit: 1,
      });
      return found ?? null;
    },

    async findOne(
      documentId: string,
      populate: string[] = ['document']
    ): Promise<ReminderRecord | null> {
      return documents().findOne({ documentId, populate });
    },

    /** Reminders matching `filters` (the Document Service's), latest first. */
    async latestFirst(filters: Record<string, unknown>, limit: number): Promise<ReminderRecord[]> {
      return documents().findMany({
        filters,
        sort: ['createdAt:desc', 'id:desc'],
        populate: ['document'],
        limit,
      });
    },

    /**
     * A page of the activities list and its total, counted up to MAX_COUNTED rows
     * (`capped` past it). Each sort has an index ending in `id`, the tie-breaker, so a
     * page is an index range scan; the creation-date indexes also hold the status and the
     * channel, so the rows before a deep page filtered on them are skipped in the index alone.
     */
    async listPage(
      filter: ReminderListFilter
    ): Promise<{ data: ReminderRecord[]; total: number; capped: boolean }> {
      const senderLink = linkTableOf(strapi, REMINDER_UID, 'sender');
      const filtered = () => {
        const builder = knex()(`${TABLE} as r`);
        if (filter.status?.length) builder.whereIn('r.status', filter.status);
        if (filter.channel) builder.where('r.channel', filter.channel);
        if (filter.type) builder.where('r.type', filter.type);
        if (filter.trigger) builder.where('r.trigger', filter.trigger);
        if (filter.customer) builder.where('r.customer_document_id', filter.customer);
        if (filter.ownedBy !== undefined) builder.whereIn('r.customer_document_id', filter.ownedBy);
        if (filter.sender) {
          builder.whereIn(
            'r.id',
            knex()(senderLink.name)
              .select(senderLink.joinColumn.name)
              .where(senderLink.inverseJoinColumn.name, filter.sender)
          );
        }
        if (filter.from) builder.where('r.created_at', '>=', filter.from);
        if (filter.to)
          builder.where('r.created_at', filter.to.exclusive ? '<' : '<=', filter.to.at);
        const term = filter.search?.trim();
        if (term) {
          const like = containsPattern(term);
          builder.where((q) =>
            q
              .whereRaw(`lower(r.customer_name) like ? escape '\\'`, [like])
              .orWhereRaw(`lower(r.subject) like ? escape '\\'`, [like])
          );
        }
        return builder;
      };

      // No date or name means "oldest" in both directions' sense on both databases
      // (SQLite sorts NULL lowest; PostgreSQL is told to).
      const column = `r.${SORT_FIELDS[filter.sort]}`;
      const nulls =
        isPostgres() && ['sentAt', 'customerName'].includes(filter.sort)
          ? filter.order === 'asc'
            ? ' nulls first'
            : ' nulls last'
          : '';
      // The page and the count at once: on PostgreSQL they run on two connections.
      const [rows, counted]: [Array<{ id: number }>, { total: number; capped: boolean }] =
        await Promise.all([
          filtered()
            .select('r.id')
            .orderByRaw(`${column} ${filter.order}${nulls}, r.id ${filter.order}`)
            .limit(filter.pageSize)
            .offset((filter.page - 1) * filter.pageSize),
          countUpTo(knex(), filtered().select('r.id')),
        ]);
      return { data: await byIds(rows.map((row) => Number(row.id))), ...counted };
    },

    /**
     * One page of the Content API's reminders, in their public fields, and the number of
     * them (up to MAX_COUNTED; null when not asked for). The id breaks ties so pages
     * never overlap; a reminder never sent sorts as the earliest on both databases:
     * SQLite's own order for NULL, which PostgreSQL is told, with an index in that order
     * (invoice-links ensureSchema).
     */
    async publicPage(
      filter: PublicReminderFilter,
      page: number,
      pageSize: number,
      withCount: boolean
    ): Promise<{
      rows: PublicReminderRow[];
      counted: { total: number; capped: boolean } | null;
    }> {
      const ordered = publicFiltered(filter).select('id');
      for (const { field, order } of filter.sort) {
        if (field === 'sentAt' && isPostgres())
          ordered.orderByRaw(`?? ${order} nulls ${order === 'asc' ? 'first' : 'last'}`, [
            PUBLIC_SORT_COLUMNS[field],
          ]);
        else ordered.orderBy(PUBLIC_SORT_COLUMNS[field], order);
      }
      ordered.orderBy('id', filter.sort[0].order);
      // The page and the count at once: on PostgreSQL they run on two connections.
      const [ids, counted] = await Promise.all([
        ordered
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .then((rows: Array<{ id: number }>) => rows.map((row) => row.id)),
        withCount ? countUpTo(knex(), publicFiltered(filter).select('id')) : null,
      ]);
      const found = ids.length
        ? await query().findMany<PublicReminderRow & Pick<ReminderRecord, 'id'>>({
            where: { id: { $in: ids } },
            select: ['id', ...PUBLIC_FIELDS],
          })
        : [];
      const byId = new Map(found.map((reminder) => [reminder.id, reminder]));
      return { rows: ids.map((id) => byId.get(id)!), counted };
    },

    /** One reminder in its public fields. */
    async findPublic(documentId: string): Promise<PublicReminderRow | null> {
      return query().findOne<PublicReminderRow>({
        where: { documentId },
        select: [...PUBLIC_FIELDS],
      });
    },

    /** The latest time each customer was reached with a reminder in one of `statuses`. */
    async lastContactDates(
      customerDocumentIds: string[],
      statuses: readonly ReminderStatus[]
    ): Promise<Map<string, Date>> {
      if (customerDocumentIds.length === 0) return new Map();
      const rows: Array<{ customer: string; last: unknown }> = await knex()(TABLE)
        .select('customer_document_id as customer')
        .max({ last: knex().raw('coalesce(sent_at, queued_at, created_at)') })
        .whereIn('customer_document_id', customerDocumentIds)
        .whereIn('status', statuses)
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
      return new Map(
        rows.map((row) => [row.customer, new Date(row.last as string | number).toISOString()])
      );
    },

    /**
     * Counts and amounts of the planned reminders grouped by channel, customer profile and
     * level, and by channel alone: four grouped reads of one covering index, at once (on
     * PostgreSQL, on as many connections).
     */
    async plannedSums(ownedBy?: CustomerIds): Promise<{
      batchRows: PlannedCountRow[];
      batchSums: PlannedSumRow[];
      channelRows: PlannedCountRow[];
      channelSums: PlannedSumRow[];
    }> {
      const base = () => {
        const builder = knex()(TABLE).where('status', 'planned');
        return ownedBy === undefined ? builder : builder.whereIn('customer_document_id', ownedBy);
      };
      const counted = (builder: SqlQuery) =>
        builder
          .count('* as reminders')
          .countDistinct('customer_document_id as customers')
          .sum('invoice_count as invoices')
          .select(knex().raw('sum(case when invoice_count = 0 then 1 else 0 end) as excluded'));
      const [batchRows, batchSums, channelRows, channelSums]: [
        PlannedCountRow[],
        PlannedSumRow[],
        PlannedCountRow[],
        PlannedSumRow[],
      ] = await Promise.all([
        counted(
          base()
            .select('channel', 'customer_segment as segment', 'level')
            .groupBy('channel', 'customer_segment', 'level')
        ),
        base()
          .select('channel', 'customer_segment as segment', 'level', 'currency')
          .sum<PlannedSumRow[]>('amount as amount')
          .groupBy('channel', 'customer_segment', 'level', 'currency'),
        counted(base().select('channel').groupBy('channel')),
        base()
          .select('channel', 'currency')
          .sum<PlannedSumRow[]>('amount as amount')
          .groupBy('channel', 'currency'),
      ]);
      return { batchRows, batchSums, channelRows, channelSums };
    },

    /** One page of a batch's planned reminders, by customer name, with their templates; and how many there are. */
    async plannedPage(
      batch: PlannedBatch,
      ownedBy: CustomerIds | undefined,
      page: number,
      pageSize: number
    ): Promise<{ reminders: ReminderRecord[]; total: number }> {
      const [{ total }] = await planned(batch, ownedBy).count('* as total');
      const rows: Array<{ id: number }> = await planned(batch, ownedBy)
        .select('id')
        .orderBy([
          { column: 'customer_name', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return {
        reminders: await withTemplateByIds(rows.map((row) => row.id)),
        total: Number(total),
      };
    },

    /** The documentIds of the next `limit` reminders of a batch with something to send, oldest first. */
    async nextPlanned(batch: PlannedBatch, limit: number): Promise<string[]> {
      const rows: Array<{ document_id: string }> = await planned(batch)
        .where('invoice_count', '>', 0)
        .select('document_id')
        .orderBy('id')
        .limit(limit);
      return rows.map((row) => row.document_id);
    },

    /** How many reminders of a batch still have something to send. */
    async countPlanned(batch: PlannedBatch): Promise<number> {
      return Number(
        (await planned(batch).where('invoice_count', '>', 0).count('* as total'))[0].total
      );
    },

    /** Who reminders went to, by documentId (missing ones left out): what inbound matching reads. */
    async recipientsOf(
      documentIds: string[]
    ): Promise<Array<Pick<ReminderRecord, 'documentId' | 'customerDocumentId' | 'recipients'>>> {
      if (documentIds.length === 0) return [];
      return query().findMany({
        where: { documentId: { $in: documentIds } },
        select: ['documentId', 'customerDocumentId', 'recipients'],
      });
    },

    /** Reminders by documentId, with their template (missing ones left out). */
    async withTemplates(documentIds: string[]): Promise<Map<string, ReminderRecord>> {
      const found = await query().findMany({
        where: { documentId: { $in: documentIds } },
        populate: { template: true },
      });
      return new Map(found.map((reminder) => [reminder.documentId, reminder]));
    },

    /** Automatic reminders in `statuses` sent in [since, before) not announced yet, with their sender. */
    async unannounced(
      statuses: readonly ReminderStatus[],
      since: Date,
      before?: Date
    ): Promise<UnannouncedReminder[]> {
      return query().findMany<UnannouncedReminder>({
        where: {
          trigger: 'automatic',
          status: { $in: statuses },
          noticeSentAt: null,
          sentAt: { $gte: since, ...(before ? { $lt: before } : {}) },
          sender: { id: { $notNull: true } },
        },
        select: ['id', 'customerName', 'invoices', 'amount', 'currency', 'recipients', 'level'],
        populate: {
          sender: {
            select: ['id', 'email', 'firstname', 'lastname', 'preferedLanguage', 'isActive'],
          },
        },
        orderBy: [{ sentAt: 'asc' }],
      });
    },
  };
};
