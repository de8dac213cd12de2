import type { Core } from '@strapi/strapi';

import type { AgingRow, CustomerAgingRow } from '../../../../shared/contracts/reports';
import type { StatementRow as StatementPageRow } from '../../../../shared/contracts/statement';
import { AGING_BUCKETS, type AgingBucket } from '../../domain/aging';
import { isPaused } from '../../domain/exclusions';
import type { ReceivablesMapping } from '../../domain/receivables-mapping';
import { dateOnly, money } from '../../domain/records';
import { customerSettingsRepository, joinSettings } from '../customer-settings';
import { epochMs } from '../sql/db';
import { containsPattern } from '../sql/like';
import type { SqlQuery } from '../sql/typed-strapi';
import { CUSTOMER_ALIAS, type CustomerField, INVOICE_ALIAS, invoiceTable } from './invoice-table';

/**
 * The figures of the mapped receivables, summed and grouped in the database on SQLite and
 * PostgreSQL alike, every one from the one base of invoice rows (invoice-table.ts): the
 * statement, the agings, the overview, the DSO ledger, the payments reports join.
 */

/** A customer of the statement page, before its last reminder date is added (services/statements). */
export type StatementRow = Omit<StatementPageRow, 'lastReminderAt'>;

export type OverdueSummary = {
  /** Open invoices with an amount due and a due date before `today`. */
  invoices: number;
  customers: number;
  byCurrency: Array<{ currency: string; amount: number; invoices: number }>;
};

export type { AgingRow, CustomerAgingRow };

/** A customer's open invoices in figures: how many, their amount due, and the epoch milliseconds of the latest write to one (null when none). */
export type OpenLedger = { invoices: number; amountDue: number; lastWrittenAt: number | null };

/** A period of the DSO ledger: its calendar days and the instant it ends at. */
export type LedgerPeriod = { key: string; from: string; to: string; end: Date };

/** Per period and currency: what was still owed at the period's end, and what was invoiced in it. */
export type LedgerRow = { period: string; currency: string; receivables: number; sales: number };

export const receivableFigures = (strapi: Core.Strapi, mapping: () => ReceivablesMapping) => {
  const table = () => invoiceTable(strapi, mapping());

  return {
    /**
     * Customers with open invoices, most overdue first: one grouped query for the page,
     * one count, both in the database.
     */
    async statementPage({
      today,
      search,
      ownerId = null,
      page,
      pageSize,
    }: {
      today: string;
      search?: string;
      ownerId?: number | null;
      page: number;
      pageSize: number;
    }) {
      const { knex, column, openWithCustomer, customerColumn, customerValue: optional } = table();

      const base = () => {
        const query = openWithCustomer();
        if (ownerId !== null)
          query.whereIn(
            `${CUSTOMER_ALIAS}.document_id`,
            customerSettingsRepository(strapi).ownedBy(ownerId)
          );
        const term = search?.trim();
        if (term) {
          const like = containsPattern(term);
          const searchable = [customerColumn('name'), customerColumn('reference')].filter(
            Boolean
          ) as string[];
          query.where((q: SqlQuery) =>
            searchable.forEach((col) => q.orWhereRaw(`lower(${col}) like ? escape '\\'`, [like]))
          );
        }
        return query;
      };

      const overdue = `case when ${column('dueDate')} < ? then 1 else 0 end`;
      // PostgreSQL has no max(boolean): a flag is 1 or 0 on both databases.
      const flag = (field: CustomerField, alias: string) => {
        const col = customerColumn(field);
        return col
          ? knex.raw(`max(case when ${col} then 1 else 0 end) as ${alias}`)
          : knex.raw(`null as ${alias}`);
      };
      const rows: Array<{
        documentId: string;
        name: string | null;
        reference: string | null;
        segment: string | null;
        currency: string;
        [figure: string]: unknown;
      }> = await joinSettings(base(), 'cs', `${CUSTOMER_ALIAS}.document_id`)
        .select(`${CUSTOMER_ALIAS}.document_id as documentId`)
        .select(
          optional('name', 'name'),
          optional('reference', 'reference'),
          optional('segment', 'segment')
        )
        .select(flag('stopDunning', 'stop_dunning'), flag('disputed', 'disputed'))
        .select(knex.raw('max(cs.paused_until) as paused_until'))
        .select(knex.raw(`min(${column('currency')}) as currency`))
        .select(knex.raw(`sum(${column('amountDue')}) as open_amount`))
        .select(knex.raw(`count(*) as open_invoices`))
        .select(knex.raw(`sum(${overdue} * ${column('amountDue')}) as overdue_amount`, [today]))
        .select(knex.raw(`sum(${overdue}) as overdue_invoices`, [today]))
        .select(knex.raw(`min(${column('dueDate')}) as oldest_due_date`))
        .groupBy(`${CUSTOMER_ALIAS}.id`, `${CUSTOMER_ALIAS}.document_id`)
        .orderBy([
          { column: 'overdue_amount', order: 'desc' },
          { column: 'name', order: 'asc' },
        ])
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const [{ total }] = await base().countDistinct(`${CUSTOMER_ALIAS}.id as total`);

      const data: StatementRow[] = rows.map((row) => ({
        documentId: row.documentId,
        name: row.name ?? '',
        reference: row.reference,
        segment: row.segment,
        currency: row.currency,
        openAmount: money(row.open_amount),
        overdueAmount: money(row.overdue_amount),
        openInvoices: Number(row.open_invoices),
        overdueInvoices: Number(row.overdue_invoices),
        oldestDueDate: dateOnly(row.oldest_due_date),
        stopDunning: Boolean(Number(row.stop_dunning)),
        pausedUntil: isPaused(dateOnly(row.paused_until), today)
          ? dateOnly(row.paused_until)
          : null,
        disputed: Boolean(Number(row.disputed)),
      }));
      return { data, total: Number(total) };
    },

    /**
     * The mapped invoices' payment instants as a subquery (`document_id`, `paid_at`) that
     * reports join in SQL; null when the model maps no paidAt field.
     */
    paymentsQuery() {
      if (!mapping().invoice.fields.paidAt) return null;
      const { column, invoiceRows } = table();
      return invoiceRows()
        .select(`${INVOICE_ALIAS}.document_id as document_id`, `${column('paidAt')} as paid_at`)
        .whereNotNull(column('paidAt'));
    },

    /** Open invoices with an amount due per aging bucket and currency, grouped in the database. */
    async aging(today: string): Promise<AgingRow[]> {
      const { knex, column, openInvoices, agingConditions } = table();
      const branches = agingConditions(today);
      const rows: Array<{
        bucket: AgingBucket;
        currency: string;
        invoices: unknown;
        amount: unknown;
      }> = await openInvoices()
        .select(
          knex.raw(
            `case ${branches.map(({ key, sql }) => `when ${sql} then '${key}'`).join(' ')} end as bucket`,
            branches.flatMap((b) => b.bindings)
          )
        )
        .select(`${column('currency')} as currency`)
        .count('* as invoices')
        .sum(`${column('amountDue')} as amount`)
        .groupBy('bucket', column('currency'))
        .orderBy(column('currency'));
      const order = AGING_BUCKETS.map((bucket) => bucket.key as AgingBucket);
      return rows
        .map((row) => ({
          bucket: row.bucket,
          currency: row.currency,
          invoices: Number(row.invoices),
          amount: money(row.amount),
        }))
        .sort(
          (a, b) =>
            a.currency.localeCompare(b.currency) ||
            order.indexOf(a.bucket) - order.indexOf(b.bucket)
        );
    },

    /**
     * The top debtors: per currency, the `top` customers owing the most on open
     * invoices, with their amounts per aging bucket; grouped and ranked in the database.
     */
    async customerAging(today: string, top: number): Promise<CustomerAgingRow[]> {
      const { knex, column, openWithCustomer, customerValue, agingConditions } = table();
      const amountDue = column('amountDue');
      const currency = column('currency');
      const ranked = openWithCustomer()
        .select(`${CUSTOMER_ALIAS}.document_id as document_id`, `${currency} as currency`)
        .select(customerValue('name', 'name'), customerValue('reference', 'reference'))
        .count('* as invoices')
        .sum(`${amountDue} as total`)
        .select(
          agingConditions(today).map(({ key, sql, bindings }) =>
            knex.raw(`sum(case when ${sql} then ${amountDue} else 0 end) as b_${key}`, bindings)
          )
        )
        .select(
          knex.raw(
            `row_number() over (partition by ${currency} order by sum(${amountDue}) desc, ${CUSTOMER_ALIAS}.id) as position`
          )
        )
        .groupBy(`${CUSTOMER_ALIAS}.id`, `${CUSTOMER_ALIAS}.document_id`, currency);
      const rows: Array<{
        document_id: string;
        name: string | null;
        reference: string | null;
        currency: string;
        [figure: string]: unknown;
      }> = await knex
        .from(ranked.as('x'))
        .where('position', '<=', top)
        .orderBy([{ column: 'currency' }, { column: 'position' }]);
      return rows.map((row) => ({
        documentId: row.document_id,
        name: row.name ?? '',
        reference: row.reference ?? null,
        currency: row.currency,
        invoices: Number(row.invoices),
        buckets: Object.fromEntries(
          AGING_BUCKETS.map(({ key }) => [key, money(row[`b_${key}`])])
        ) as Record<AgingBucket, number>,
        total: money(row.total),
      }));
    },

    /**
     * The DSO ledger, summed in the database per currency and period: sales are the
     * totals of the open and paid invoices issued in the period; receivables at its end
     * are what the open invoices still owe (partial payments carry no date) and the
     * totals of the invoices paid after it, both issued by then. Null when the model
     * maps no issue date, total or payment date.
     */
    async dsoLedger(periods: LedgerPeriod[]): Promise<LedgerRow[] | null> {
      const { invoice } = mapping();
      if (!invoice.fields.issueDate || !invoice.fields.total || !invoice.fields.paidAt) return null;
      const { knex, column, invoiceRows } = table();
      const open = invoice.statuses.open;
      const ledger = invoiceRows()
        .whereIn(column('status'), [...open, ...invoice.statuses.paid])
        .whereNotNull(column('issueDate'))
        .select(
          `${column('currency')} as currency`,
          `${column('issueDate')} as issued`,
          `${column('total')} as total`
        )
        .select(
          knex.raw(
            `case when ${column('status')} in (${open.map(() => '?').join(', ')}) then ${column('amountDue')} end as open_balance`,
            open
          )
        )
        .select(knex.raw(`${epochMs(strapi, column('paidAt'))} as paid_ms`));
      const sums = periods.flatMap((period, index) => [
        knex.raw(
          `sum(case when issued >= ? and issued <= ? then total else 0 end) as sales_${index}`,
          [period.from, period.to]
        ),
        knex.raw(
          `sum(case when issued <= ? then coalesce(open_balance, case when paid_ms >= ? then total end, 0) else 0 end) as receivables_${index}`,
          [period.to, period.end.getTime()]
        ),
      ]);
      const rows: Array<{ currency: string; [figure: string]: unknown }> = await knex
        .from(ledger.as('x'))
        .select('currency')
        .select(sums)
        .groupBy('currency')
        .orderBy('currency');
      return periods.flatMap((period, index) =>
        rows.map((row) => ({
          period: period.key,
          currency: row.currency,
          receivables: money(row[`receivables_${index}`]),
          sales: money(row[`sales_${index}`]),
        }))
      );
    },

    /**
     * A customer's open invoices with an amount due in three figures, one query: how
     * many (the portal's pages), and with their amount due and their latest write, what
     * changes whenever one is paid, promised, disputed, added or corrected (the portal's
     * statement is cached under them, services/portal-actions.ts).
     */
    async openLedgerOf(customerDocumentId: string): Promise<OpenLedger> {
      const { knex, column, updatedAtColumn, openWithCustomer } = table();
      const [row]: Array<{ invoices: unknown; amount: unknown; written: unknown }> =
        await openWithCustomer()
          .where(`${CUSTOMER_ALIAS}.document_id`, customerDocumentId)
          .select(knex.raw('count(*) as invoices'))
          .select(knex.raw(`sum(${column('amountDue')}) as amount`))
          .select(knex.raw(`max(${epochMs(strapi, updatedAtColumn)}) as written`));
      return {
        invoices: Number(row?.invoices ?? 0),
        amountDue: money(row?.amount),
        lastWrittenAt:
          row?.written === null || row?.written === undefined ? null : Number(row.written),
      };
    },

    /** Aggregated in the database: one grouped query, one distinct count. */
    async overdueSummary(today: string): Promise<OverdueSummary> {
      const { column, link, openInvoices } = table();
      const overdue = () => openInvoices().where(column('dueDate'), '<', today);

      const rows: Array<{ currency: string; amount: unknown; invoices: unknown }> = await overdue()
        .select(`${column('currency')} as currency`)
        .sum(`${column('amountDue')} as amount`)
        .count('* as invoices')
        .groupBy(column('currency'))
        .orderBy(column('currency'));

      const [{ customers }] = await overdue()
        .join(`${link.name} as l`, `l.${link.joinColumn.name}`, `${INVOICE_ALIAS}.id`)
        .countDistinct(`l.${link.inverseJoinColumn.name} as customers`);

      const byCurrency = rows.map((row) => ({
        currency: row.currency,
        amount: money(row.amount),
        invoices: Number(row.invoices),
      }));
      return {
        invoices: byCurrency.reduce((sum, row) => sum + row.invoices, 0),
        customers: Number(customers),
        byCurrency,
      };
    },
  };
};
