import type { Core } from '@strapi/strapi';
import { countUpTo, inSchema } from '../repositories/sql/db';
import { notFound } from '../utils/errors';
import type { ReminderQuery } from '../validation/reminder-query';
import { addressesOf, type TimelineEntry } from './reminders';

/**
 * The reminder history other apps read through the Content API (SPEC F7.1): filtered,
 * sorted and paginated in the database, in a public shape without the internal fields
 * (claims, leases, bodies, server answers).
 *
 * Reminders keep their invoices as JSON, which neither SQLite nor PostgreSQL can index
 * the same way. A two-column link table, `dunning_reminder_invoices` (primary key
 * invoice_document_id + reminder_id), makes "the reminders of an invoice" an index
 * lookup on both. A Document Service middleware (register.ts) keeps it in step with
 * every reminder written through Strapi; rows inserted around Strapi (bulk imports)
 * must insert their links too.
 */

const UID = 'plugin::dunning.reminder';
const TABLE = 'dunning_reminders';
const INVOICE_LINKS = 'dunning_reminder_invoices';

const SORT_COLUMNS = { createdAt: 'created_at', sentAt: 'sent_at', amount: 'amount' } as const;

const PUBLIC_FIELDS = [
  'documentId', 'type', 'channel', 'trigger', 'status', 'statusReason', 'customerDocumentId', 'customerName',
  'invoices', 'amount', 'currency', 'senderName', 'recipients', 'cc', 'subject', 'messageId',
  'sentAt', 'deliveredAt', 'openedAt', 'failedAt', 'createdAt', 'timeline',
];

type Entity = Record<string, any>;

type PublicInvoice = { documentId: string; number: string; dueDate: string; amountDue: number; currency: string };

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

const toPublicReminder = (reminder: Entity): PublicReminder => ({
  documentId: reminder.documentId,
  type: reminder.type,
  channel: reminder.channel,
  trigger: reminder.trigger,
  status: reminder.status,
  statusReason: reminder.statusReason ?? null,
  customerDocumentId: reminder.customerDocumentId,
  customerName: reminder.customerName ?? null,
  invoices: (reminder.invoices ?? []).map(({ documentId, number, dueDate, amountDue, currency }: PublicInvoice) => ({
    documentId,
    number,
    dueDate,
    amountDue: Number(amountDue),
    currency,
  })),
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
  const schema = () => strapi.db.getSchemaName();
  const table = (knex: any, name: string) => inSchema(strapi, knex, name);
  const qualified = (name: string) => (schema() ? `${schema()}.${name}` : name);
  const isPostgres = () => strapi.db.dialect.client === 'postgres';

  /** The reminders table narrowed by the query's filters, in SQL. */
  const filtered = ({ filters }: ReminderQuery) => {
    const query = table(strapi.db.connection, TABLE);
    if (filters.customerDocumentId) query.whereIn('customer_document_id', filters.customerDocumentId);
    if (filters.status) query.whereIn('status', filters.status);
    if (filters.channel) query.whereIn('channel', filters.channel);
    if (filters.createdAt?.$gte) query.where('created_at', '>=', filters.createdAt.$gte);
    if (filters.createdAt?.$lte) query.where('created_at', '<=', filters.createdAt.$lte);
    if (filters.invoiceDocumentId) {
      query.whereIn('id', table(strapi.db.connection, INVOICE_LINKS).select('reminder_id').whereIn('invoice_document_id', filters.invoiceDocumentId));
    }
    return query;
  };

  /**
   * The order of a page; the id breaks ties so pages never overlap. A reminder never sent
   * sorts as the earliest on both databases: SQLite's own order for NULL, which
   * PostgreSQL is told, with an index in that order (ensureSchema).
   */
  const ordered = (query: any, sort: ReminderQuery['sort']) => {
    for (const { field, order } of sort) {
      if (field === 'sentAt' && isPostgres()) query.orderByRaw(`?? ${order} nulls ${order === 'asc' ? 'first' : 'last'}`, [SORT_COLUMNS[field]]);
      else query.orderBy(SORT_COLUMNS[field], order);
    }
    return query.orderBy('id', sort[0].order);
  };

  const linksOf = (reminderId: number, invoices: Array<{ documentId?: string }> | null | undefined) =>
    [...new Set((invoices ?? []).map((invoice) => invoice?.documentId).filter(Boolean))].map((invoiceDocumentId) => ({
      invoice_document_id: invoiceDocumentId,
      reminder_id: reminderId,
    }));

  /** Links inserted in slices SQLite accepts (at most 500 rows per statement); a link already there is kept. */
  const insertLinks = async (knex: any, links: ReturnType<typeof linksOf>) => {
    for (let start = 0; start < links.length; start += 400) {
      await table(knex, INVOICE_LINKS).insert(links.slice(start, start + 400)).onConflict(['invoice_document_id', 'reminder_id']).ignore();
    }
  };

  const paginationOf = async (query: ReminderQuery, page: number, pageSize: number) => {
    if (query.pagination.withCount === false) return { page, pageSize };
    const { total, capped } = await countUpTo(strapi.db.connection, filtered(query).select('id'));
    return { page, pageSize, pageCount: Math.ceil(total / pageSize), total, capped };
  };

  return {
    /**
     * One page of reminders, and Strapi's pagination block: without a count when asked
     * (`pagination[withCount]=false`, as Strapi's REST API), otherwise counted up to
     * MAX_COUNTED matching reminders (`capped` past it).
     */
    async search(query: ReminderQuery) {
      const page = query.pagination.page ?? 1;
      const pageSize = query.pagination.pageSize ?? (strapi.config.get('api.rest.defaultLimit', 25) as number);
      // The page and the count at once: on PostgreSQL they run on two connections.
      const [rows, pagination]: [Array<{ id: number }>, Awaited<ReturnType<typeof paginationOf>>] = await Promise.all([
        ordered(filtered(query).select('id'), query.sort).limit(pageSize).offset((page - 1) * pageSize),
        paginationOf(query, page, pageSize),
      ]);
      const ids = rows.map((row) => row.id);
      const found = ids.length
        ? ((await strapi.db.query(UID as any).findMany({ where: { id: { $in: ids } }, select: ['id', ...PUBLIC_FIELDS] })) as Entity[])
        : [];
      const byId = new Map(found.map((reminder) => [reminder.id, reminder]));
      return {
        results: ids.map((id) => toPublicReminder(byId.get(id)!)),
        pagination,
      };
    },

    async findOne(documentId: string): Promise<PublicReminder> {
      const reminder = await strapi.db.query(UID as any).findOne({ where: { documentId }, select: PUBLIC_FIELDS });
      if (!reminder) throw notFound('Reminder');
      return toPublicReminder(reminder);
    },

    /**
     * Creates the invoice link table (filled from the reminders already there when it is
     * new) and the sentAt index, whose NULL order on PostgreSQL Strapi's schema cannot
     * express; the other history indexes are in the reminder's schema. Several instances
     * may start at once: every statement tolerates the others.
     */
    async ensureSchema() {
      const knex = strapi.db.connection;
      const isNew = !(await strapi.db.getSchemaConnection().hasTable(INVOICE_LINKS));
      await knex.raw(
        'create table if not exists ?? (invoice_document_id varchar(64) not null, reminder_id integer not null, primary key (invoice_document_id, reminder_id))',
        [qualified(INVOICE_LINKS)]
      );
      await knex.raw('create index if not exists ?? on ?? (reminder_id)', [`${INVOICE_LINKS}_reminder_idx`, qualified(INVOICE_LINKS)]);
      await knex.raw(`create index if not exists ?? on ?? (${isPostgres() ? 'sent_at asc nulls first, id asc' : 'sent_at, id'})`, [
        'dunning_reminders_sent_at_idx',
        qualified(TABLE),
      ]);
      for (let lastId = 0; isNew; ) {
        const reminders: Entity[] = await strapi.db.query(UID as any).findMany({
          where: { id: { $gt: lastId } },
          select: ['id', 'invoices'],
          orderBy: { id: 'asc' },
          limit: 500,
        });
        if (reminders.length === 0) break;
        await insertLinks(knex, reminders.flatMap((reminder) => linksOf(reminder.id, reminder.invoices)));
        lastId = reminders[reminders.length - 1].id;
      }
    },

    /** Replaces a reminder's invoice links (after it was created, or its invoices changed). */
    async linkInvoices(reminderId: number, invoices: Array<{ documentId?: string }> | null | undefined) {
      await strapi.db.transaction(async ({ trx }) => {
        await table(trx, INVOICE_LINKS).where('reminder_id', reminderId).del();
        await insertLinks(trx, linksOf(reminderId, invoices));
      });
    },

    /** The invoice links of reminders just inserted, in bulk (the caller's transaction, if any). */
    async linkNewReminders(reminders: Array<{ id: number; invoices: Array<{ documentId?: string }> | null | undefined }>) {
      await strapi.db.transaction(async ({ trx }) => insertLinks(trx, reminders.flatMap((reminder) => linksOf(reminder.id, reminder.invoices))));
    },

    /** The database ids of the reminders that name an invoice (an index lookup). */
    async reminderIdsOfInvoice(invoiceDocumentId: string): Promise<number[]> {
      const rows: Array<{ reminder_id: number }> = await table(strapi.db.connection, INVOICE_LINKS).select('reminder_id').where('invoice_document_id', invoiceDocumentId);
      return rows.map((row) => Number(row.reminder_id));
    },

    /** The invoice link table and its columns, for reports that join it in SQL. */
    invoiceLinks: () => ({ table: qualified(INVOICE_LINKS), invoice: 'invoice_document_id', reminder: 'reminder_id' }),

    async unlinkInvoices(reminderIds: number[]) {
      if (reminderIds.length === 0) return;
      await strapi.db.transaction(async ({ trx }) => table(trx, INVOICE_LINKS).whereIn('reminder_id', reminderIds).del());
    },
  };
};
