import type { Core } from '@strapi/strapi';

import { agingDueDateRanges } from '../../domain/aging';
import type { ReceivablesMapping } from '../../domain/receivables-mapping';
import { contentTypeOf, linkTableOf, type SqlQuery } from '../sql/typed-strapi';

/**
 * The mapped invoice type's table, as every read and aggregate of the receivables starts
 * from it: one base of invoice rows (`invoiceRows`), counting the published versions
 * only when the type has draft & publish, and the open invoices with an amount due on it.
 */

/** The aliases of the invoice and its customer in the invoice read and the grouped queries. */
export const INVOICE_ALIAS = 'i';
export const CUSTOMER_ALIAS = 'c';

export type InvoiceField = keyof ReceivablesMapping['invoice']['fields'];
export type CustomerField = keyof ReceivablesMapping['customer']['fields'];

/** Whether a mapped type keeps a draft beside each published version (draft & publish). */
export const hasDrafts = (strapi: Core.Strapi, uid: string) =>
  Boolean(contentTypeOf(strapi, uid)?.options?.draftAndPublish);

export const invoiceTable = (strapi: Core.Strapi, mapping: ReceivablesMapping) => {
  const { invoice, customer } = mapping;
  const knex = strapi.db.connection;
  const meta = strapi.db.metadata.get(invoice.uid);
  const customerMeta = strapi.db.metadata.get(customer.uid);
  const link = linkTableOf(strapi, invoice.uid, invoice.fields.customer!);
  const published = hasDrafts(strapi, invoice.uid);

  /** The column of an attribute of a mapped type (its name, when the metadata gives none). */
  const columnName = (attributes: typeof meta.attributes, name: string) => {
    const attribute = attributes[name];
    return (attribute && 'columnName' in attribute ? attribute.columnName : undefined) ?? name;
  };

  /** A mapped invoice field's column, on the alias `i`. */
  const column = (field: InvoiceField) =>
    `${INVOICE_ALIAS}.${columnName(meta.attributes, invoice.fields[field]!)}`;

  /**
   * The invoice rows as `i`: what every read and aggregate starts from. When the type has
   * drafts, its published versions only: a draft is work in progress, and the draft copy
   * of a published document is not a second receivable.
   */
  const invoiceRows = () => {
    const rows = knex(`${meta.tableName} as ${INVOICE_ALIAS}`);
    return published ? rows.whereNotNull(`${INVOICE_ALIAS}.published_at`) : rows;
  };

  /** Narrows a query on invoiceRows to the open invoices with an amount due: what every figure counts. */
  const whereOpen = (query: SqlQuery) =>
    query.whereIn(column('status'), invoice.statuses.open).where(column('amountDue'), '>', 0);

  /** The open invoices with an amount due: the base of the statement, the agings, the overview. */
  const openInvoices = () => whereOpen(invoiceRows());

  /** When the invoice row was last written: Strapi keeps `updatedAt` on every content type. */
  const updatedAtColumn = `${INVOICE_ALIAS}.${meta.attributes.updatedAt ? columnName(meta.attributes, 'updatedAt') : 'updated_at'}`;

  /** A mapped customer field's column on the alias `c`, null when unmapped. */
  const customerColumn = (field: CustomerField) => {
    const name = customer.fields[field];
    return name ? `${CUSTOMER_ALIAS}.${columnName(customerMeta.attributes, name)}` : null;
  };

  /** The open invoices joined to their customer as `c`. */
  const openWithCustomer = () =>
    openInvoices()
      .join(`${link.name} as l`, `l.${link.joinColumn.name}`, `${INVOICE_ALIAS}.id`)
      .join(
        `${customerMeta.tableName} as ${CUSTOMER_ALIAS}`,
        `${CUSTOMER_ALIAS}.id`,
        `l.${link.inverseJoinColumn.name}`
      );

  /** A mapped customer field in a query grouped by customer (null when unmapped). */
  const customerValue = (field: CustomerField, alias: string) => {
    const col = customerColumn(field);
    return knex.raw(col ? `max(${col}) as ${alias}` : `null as ${alias}`);
  };

  /** The aging buckets as SQL conditions on the due date, with their bindings. */
  const agingConditions = (today: string) =>
    agingDueDateRanges(today).map(({ key, dueFrom, dueBefore }) => {
      const conditions: string[] = [];
      const bindings: string[] = [];
      if (dueFrom) {
        conditions.push(`${column('dueDate')} >= ?`);
        bindings.push(dueFrom);
      }
      if (dueBefore) {
        conditions.push(`${column('dueDate')} < ?`);
        bindings.push(dueBefore);
      }
      return { key, sql: conditions.join(' and '), bindings };
    });

  return {
    knex,
    link,
    column,
    updatedAtColumn,
    invoiceRows,
    whereOpen,
    openInvoices,
    openWithCustomer,
    customerColumn,
    customerValue,
    agingConditions,
  };
};

export type InvoiceTable = ReturnType<typeof invoiceTable>;
