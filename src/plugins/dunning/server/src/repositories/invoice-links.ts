import type { Core } from '@strapi/strapi';

import { REMINDER_TABLE, REMINDER_UID } from '../content-types/uids';
import { inSchema } from './sql/db';
import { type Knex, queryOf } from './sql/typed-strapi';

/**
 * Reminders keep their invoices as JSON, which neither SQLite nor PostgreSQL can index
 * the same way. A two-column link table, `dunning_reminder_invoices` (primary key
 * invoice_document_id + reminder_id), makes "the reminders of an invoice" an index
 * lookup on both. A Document Service middleware (middlewares/reminder-invoice-links.ts)
 * keeps it in step with every reminder written through Strapi; rows inserted around
 * Strapi (bulk imports) must insert their links too.
 */

const INVOICE_LINKS = 'dunning_reminder_invoices';

type Invoices = Array<{ documentId?: string }> | null | undefined;

const linksOf = (reminderId: number, invoices: Invoices) =>
  [...new Set((invoices ?? []).map((invoice) => invoice?.documentId).filter(Boolean))].map(
    (invoiceDocumentId) => ({
      invoice_document_id: invoiceDocumentId,
      reminder_id: reminderId,
    })
  );

export const invoiceLinkRepository = (strapi: Core.Strapi) => {
  const schema = () => strapi.db.getSchemaName();
  const table = (knex: Knex, name: string) => inSchema(strapi, knex, name);
  const qualified = (name: string) => (schema() ? `${schema()}.${name}` : name);
  const isPostgres = () => strapi.db.dialect.client === 'postgres';

  /** Links inserted in slices SQLite accepts (at most 500 rows per statement); a link already there is kept. */
  const insertLinks = async (knex: Knex, links: ReturnType<typeof linksOf>) => {
    for (let start = 0; start < links.length; start += 400) {
      await table(knex, INVOICE_LINKS)
        .insert(links.slice(start, start + 400))
        .onConflict(['invoice_document_id', 'reminder_id'])
        .ignore();
    }
  };

  return {
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
      await knex.raw('create index if not exists ?? on ?? (reminder_id)', [
        `${INVOICE_LINKS}_reminder_idx`,
        qualified(INVOICE_LINKS),
      ]);
      await knex.raw(
        `create index if not exists ?? on ?? (${isPostgres() ? 'sent_at asc nulls first, id asc' : 'sent_at, id'})`,
        ['dunning_reminders_sent_at_idx', qualified(REMINDER_TABLE)]
      );
      for (let lastId = 0; isNew;) {
        const reminders = await queryOf<{ id: number; invoices: Invoices }>(
          strapi,
          REMINDER_UID
        ).findMany({
          where: { id: { $gt: lastId } },
          select: ['id', 'invoices'],
          orderBy: { id: 'asc' },
          limit: 500,
        });
        if (reminders.length === 0) break;
        await insertLinks(
          knex,
          reminders.flatMap((reminder) => linksOf(reminder.id, reminder.invoices))
        );
        lastId = reminders[reminders.length - 1].id;
      }
    },

    /** Replaces a reminder's invoice links (after it was created, or its invoices changed). */
    async replace(reminderId: number, invoices: Invoices) {
      await strapi.db.transaction(async ({ trx }) => {
        await table(trx, INVOICE_LINKS).where('reminder_id', reminderId).del();
        await insertLinks(trx, linksOf(reminderId, invoices));
      });
    },

    /** The invoice links of reminders just inserted, in bulk (the caller's transaction, if any). */
    async insertForNew(reminders: Array<{ id: number; invoices: Invoices }>) {
      await strapi.db.transaction(async ({ trx }) =>
        insertLinks(
          trx,
          reminders.flatMap((reminder) => linksOf(reminder.id, reminder.invoices))
        )
      );
    },

    /** The database ids of the reminders that name an invoice (an index lookup). */
    async reminderIdsOfInvoice(invoiceDocumentId: string): Promise<number[]> {
      const rows: Array<{ reminder_id: number }> = await table(strapi.db.connection, INVOICE_LINKS)
        .select('reminder_id')
        .where('invoice_document_id', invoiceDocumentId);
      return rows.map((row) => Number(row.reminder_id));
    },

    /** The reminder ids linked to any of the invoices, as a subquery. */
    reminderIdsOfInvoices: (invoiceDocumentIds: string[]) =>
      table(strapi.db.connection, INVOICE_LINKS)
        .select('reminder_id')
        .whereIn('invoice_document_id', invoiceDocumentIds),

    /** The invoice link table and its columns, for reports that join it in SQL. */
    describe: () => ({
      table: qualified(INVOICE_LINKS),
      invoice: 'invoice_document_id',
      reminder: 'reminder_id',
    }),

    async remove(reminderIds: number[]) {
      if (reminderIds.length === 0) return;
      await strapi.db.transaction(async ({ trx }) =>
        table(trx, INVOICE_LINKS).whereIn('reminder_id', reminderIds).del()
      );
    },
  };
};
