import type { Core } from '@strapi/strapi';

import {
  FIELD_RULES,
  type FieldRule,
  type ModelName,
  type ReceivablesMapping,
} from '../../domain/receivables-mapping';
import {
  type CustomerRecord,
  type InvoiceRecord,
  type MappedEntity,
  recordsOf,
} from '../../domain/records';
import {
  type CustomerSettings,
  customerSettingsRepository,
  joinSettings,
  selectSettings,
  settingsIn,
} from '../customer-settings';
import { execute } from '../sql/db';
import { entityOf, type EntityRead, selectJoined } from '../sql/entity-read';
import { documentsOf, type SqlQuery } from '../sql/typed-strapi';
import { CUSTOMER_ALIAS, INVOICE_ALIAS, type InvoiceTable, invoiceTable } from './invoice-table';

/**
 * The reads of the mapped invoices and customers as the plugin's records
 * (domain/records.ts), whatever the mapped model calls its fields.
 */

/** The alias of the customer's settings (repositories/customer-settings.ts) in the invoice read. */
const SETTINGS_ALIAS = 'cs';

/**
 * The invoice read: the invoice with its customer (favourite contact, scenario),
 * contact, PDF and creator in one statement of left joins, built from the mapped
 * attributes' columns and link tables (the Document Service's populate ran a query
 * per relation: six for a page of invoices). Each row comes back as entities keyed by
 * attribute name, for recordsOf.
 */
const invoiceReadOf = (mapping: ReceivablesMapping): EntityRead => {
  const { invoice, customer } = mapping;
  const fields = invoice.fields;
  const scalarsOf = (model: ModelName) =>
    Object.entries(FIELD_RULES[model] as Record<string, FieldRule>)
      .filter(([, rule]) => rule.kind !== 'relation' && rule.kind !== 'media')
      .map(([field]) => (mapping[model].fields as Record<string, string | null>)[field])
      .filter((name): name is string => Boolean(name));
  const contactRead = (alias: string): EntityRead => ({
    alias,
    scalars: scalarsOf('contact'),
    relations: [],
  });
  const relation = (attribute: string | null, read: EntityRead) =>
    attribute ? [{ attribute, read }] : [];
  return {
    alias: INVOICE_ALIAS,
    scalars: scalarsOf('invoice'),
    relations: [
      ...relation(fields.customer, {
        alias: CUSTOMER_ALIAS,
        scalars: scalarsOf('customer'),
        relations: [
          ...relation(customer.fields.favouriteContact, contactRead('fc')),
          ...relation(customer.fields.scenario, { alias: 's', scalars: [], relations: [] }),
        ],
      }),
      ...relation(fields.contact, contactRead('ct')),
      ...relation(fields.pdf, { alias: 'f', scalars: ['name', 'url', 'mime'], relations: [] }),
      ...relation(fields.creator, { alias: 'u', scalars: [], relations: [] }),
    ],
  };
};

/** A narrowing of the invoice read: where, order and limit on the aliases `i` and `c`. */
export type Narrow = (query: SqlQuery, table: InvoiceTable) => SqlQuery;

export const invoiceReads = (strapi: Core.Strapi, mapping: () => ReceivablesMapping) => {
  /**
   * The invoices `narrow` selects and orders (with their row ids), from the one base of
   * invoice rows, with their customer's settings (a pause, an owner) left-joined: one
   * statement, in the caller's transaction if any (a promise reads its invoices in it).
   */
  const readInvoices = async (
    narrow: Narrow
  ): Promise<{ ids: number[]; invoices: InvoiceRecord[] }> => {
    const receivables = mapping();
    const table = invoiceTable(strapi, receivables);
    const read = invoiceReadOf(receivables);
    const query = selectSettings(
      joinSettings(
        selectJoined(strapi, table.invoiceRows(), receivables.invoice.uid, read),
        SETTINGS_ALIAS,
        `${CUSTOMER_ALIAS}.document_id`
      ),
      SETTINGS_ALIAS
    );
    const found = new Map<number, { entity: MappedEntity; settings: CustomerSettings }>();
    for (const row of await execute<Array<Record<string, unknown>>>(strapi, narrow(query, table))) {
      const entity = entityOf(row, read)!;
      // A to-one relation holds one link; should a link table hold two, the first row counts.
      if (!found.has(entity.id))
        found.set(entity.id, { entity, settings: settingsIn(row, SETTINGS_ALIAS) });
    }
    const customerField = receivables.invoice.fields.customer!;
    const settings = new Map(
      [...found.values()].map(({ entity, settings: of }) => [
        (entity[customerField] as MappedEntity | null)?.documentId,
        of,
      ])
    );
    const { toInvoice } = recordsOf(receivables, (customer) => settings.get(customer.documentId)!);
    return {
      ids: [...found.keys()],
      invoices: [...found.values()].map(({ entity }) => toInvoice(entity)),
    };
  };

  const invoicesOf = async (narrow: Narrow) => (await readInvoices(narrow)).invoices;

  /** A customer's open invoices (customer alias `c`). */
  const openOf = (query: SqlQuery, table: InvoiceTable, customerDocumentId: string) =>
    table.whereOpen(query.where(`${CUSTOMER_ALIAS}.document_id`, customerDocumentId));

  const byDueDate = (query: SqlQuery, table: InvoiceTable) =>
    query.orderBy([table.column('dueDate'), `${INVOICE_ALIAS}.id`]);

  return {
    async findInvoices(documentIds: string[]): Promise<InvoiceRecord[]> {
      if (documentIds.length === 0) return [];
      return invoicesOf((query, table) =>
        byDueDate(query.whereIn(`${INVOICE_ALIAS}.document_id`, documentIds), table)
      );
    },

    /** The next `limit` invoices after the id `afterId`, in id order, and the last id read. */
    async invoicePage(
      afterId: number,
      limit: number
    ): Promise<{ invoices: InvoiceRecord[]; lastId: number }> {
      const { ids, invoices } = await readInvoices((query) =>
        query.where(`${INVOICE_ALIAS}.id`, '>', afterId).orderBy(`${INVOICE_ALIAS}.id`).limit(limit)
      );
      return { invoices, lastId: ids.length ? ids[ids.length - 1] : afterId };
    },

    /** A customer's open invoices with an amount due, oldest due date first; `range`: only those rows of that order (the portal's pages). */
    async openInvoicesOfCustomer(
      customerDocumentId: string,
      range?: { offset: number; limit: number }
    ): Promise<InvoiceRecord[]> {
      return invoicesOf((query, table) => {
        if (!range) return byDueDate(openOf(query, table, customerDocumentId), table);
        // The page's ids first, from the invoice, link and customer tables alone: the read's
        // joins then run for the page's rows, not for every row its order and offset go through.
        const page = byDueDate(
          table.openWithCustomer().where(`${CUSTOMER_ALIAS}.document_id`, customerDocumentId),
          table
        )
          .select(`${INVOICE_ALIAS}.id`)
          .limit(range.limit)
          .offset(range.offset);
        return byDueDate(query.whereIn(`${INVOICE_ALIAS}.id`, page), table);
      });
    },

    /** One of a customer's open invoices with an amount due; null for any other invoice. */
    async openInvoiceOfCustomer(
      customerDocumentId: string,
      invoiceDocumentId: string
    ): Promise<InvoiceRecord | null> {
      const [invoice] = await invoicesOf((query, table) =>
        openOf(query, table, customerDocumentId)
          .where(`${INVOICE_ALIAS}.document_id`, invoiceDocumentId)
          .limit(1)
      );
      return invoice ?? null;
    },

    /** Customers by documentId, as published when the type has drafts, with their settings. */
    async findCustomers(documentIds: string[]): Promise<CustomerRecord[]> {
      if (documentIds.length === 0) return [];
      const receivables = mapping();
      const { customer } = receivables;
      const populate: Record<string, unknown> = {};
      if (customer.fields.favouriteContact) populate[customer.fields.favouriteContact] = true;
      if (customer.fields.scenario) populate[customer.fields.scenario] = { fields: ['documentId'] };
      // Published: for a type with drafts, the customer as the team published it (ignored otherwise).
      const entities = await documentsOf<MappedEntity>(strapi, customer.uid).findMany({
        filters: { documentId: { $in: documentIds } },
        populate,
        status: 'published',
        limit: documentIds.length,
      });
      const settings = await customerSettingsRepository(strapi).ofCustomers([
        ...new Set(entities.map((entity) => entity.documentId)),
      ]);
      const { toCustomer } = recordsOf(receivables, (entity) => settings.get(entity.documentId)!);
      return entities.map((entity) => toCustomer(entity)!);
    },
  };
};
