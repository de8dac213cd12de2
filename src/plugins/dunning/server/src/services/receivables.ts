import type { Core } from '@strapi/strapi';
import type { InvoiceStatus, ReceivablesMapping } from '../config/receivables';
import { findMappingErrors, type SchemaLookup } from '../rules/mapping';
import { resolveRecipients, type RecipientResolution } from '../rules/recipients';
import { getPluginConfig } from '../utils/plugin';

/**
 * The only place that reads the team's invoices, customers and contacts (SPEC F1.2).
 * Everything it returns is plain data in the plugin's own vocabulary, whatever the
 * mapped model calls its fields.
 */

export type ContactRecord = {
  documentId: string;
  name: string | null;
  emails: string | null;
  reminderEmails: string | null;
  phone: string | null;
};

export type CustomerRecord = {
  documentId: string;
  name: string;
  reference: string | null;
  segment: string | null;
  locale: string | null;
  timezone: string | null;
  address: string | null;
  phone: string | null;
  stopDunning: boolean;
  stopDunningReason: string | null;
  disputed: boolean;
  scenarioDocumentId: string | null;
  favouriteContact: ContactRecord | null;
};

export type InvoiceRecord = {
  documentId: string;
  number: string;
  issueDate: string | null;
  dueDate: string;
  total: number | null;
  amountDue: number;
  currency: string;
  status: InvoiceStatus | 'unknown';
  paidAt: string | null;
  disputed: boolean;
  promisedPaymentDate: string | null;
  reminderEmails: string | null;
  automaticReminders: boolean;
  pdf: { id: number; name: string; url: string; mime: string } | null;
  creatorId: number | null;
  customer: CustomerRecord | null;
  contact: ContactRecord | null;
};

export type OverdueSummary = {
  /** Open invoices with an amount due and a due date before `today`. */
  invoices: number;
  customers: number;
  byCurrency: Array<{ currency: string; amount: number; invoices: number }>;
};

type Entity = Record<string, any>;

const read = (entity: Entity | null | undefined, field: string | null) =>
  entity && field ? (entity[field] ?? null) : null;

const toNumber = (value: unknown): number | null =>
  value === null || value === undefined || value === '' ? null : Number(value);

/** Dates from SQLite and PostgreSQL alike as `YYYY-MM-DD`. */
const toDateOnly = (value: unknown): string | null => {
  if (!value) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const mapping = (): ReceivablesMapping => getPluginConfig(strapi).receivables;

  const statusOf = (raw: unknown): InvoiceStatus | 'unknown' => {
    const statuses = mapping().invoice.statuses;
    const found = (Object.keys(statuses) as InvoiceStatus[]).find((status) =>
      statuses[status].includes(String(raw))
    );
    return found ?? 'unknown';
  };

  const toContact = (entity: Entity | null): ContactRecord | null => {
    if (!entity) return null;
    const fields = mapping().contact.fields;
    return {
      documentId: entity.documentId,
      name: read(entity, fields.name),
      emails: read(entity, fields.emails),
      reminderEmails: read(entity, fields.reminderEmails),
      phone: read(entity, fields.phone),
    };
  };

  const toCustomer = (entity: Entity | null): CustomerRecord | null => {
    if (!entity) return null;
    const fields = mapping().customer.fields;
    return {
      documentId: entity.documentId,
      name: read(entity, fields.name) ?? '',
      reference: read(entity, fields.reference),
      segment: read(entity, fields.segment),
      locale: read(entity, fields.locale),
      timezone: read(entity, fields.timezone),
      address: read(entity, fields.address),
      phone: read(entity, fields.phone),
      stopDunning: Boolean(read(entity, fields.stopDunning)),
      stopDunningReason: read(entity, fields.stopDunningReason),
      disputed: Boolean(read(entity, fields.disputed)),
      scenarioDocumentId: read(entity, fields.scenario)?.documentId ?? null,
      favouriteContact: toContact(read(entity, fields.favouriteContact)),
    };
  };

  const toInvoice = (entity: Entity): InvoiceRecord => {
    const fields = mapping().invoice.fields;
    const pdf = read(entity, fields.pdf);
    const automatic = read(entity, fields.automaticReminders);
    return {
      documentId: entity.documentId,
      number: String(read(entity, fields.number) ?? ''),
      issueDate: toDateOnly(read(entity, fields.issueDate)),
      dueDate: toDateOnly(read(entity, fields.dueDate))!,
      total: toNumber(read(entity, fields.total)),
      amountDue: toNumber(read(entity, fields.amountDue)) ?? 0,
      currency: read(entity, fields.currency) ?? 'EUR',
      status: statusOf(read(entity, fields.status)),
      paidAt: read(entity, fields.paidAt),
      disputed: Boolean(read(entity, fields.disputed)),
      promisedPaymentDate: toDateOnly(read(entity, fields.promisedPaymentDate)),
      reminderEmails: read(entity, fields.reminderEmails),
      automaticReminders: automatic === null ? true : Boolean(automatic),
      pdf: pdf ? { id: pdf.id, name: pdf.name, url: pdf.url, mime: pdf.mime } : null,
      creatorId: read(entity, fields.creator)?.id ?? null,
      customer: toCustomer(read(entity, fields.customer)),
      contact: toContact(read(entity, fields.contact)),
    };
  };

  /** The populate tree that brings an invoice with everything reminders need. */
  const invoicePopulate = () => {
    const { invoice, customer } = mapping();
    const populate: Record<string, unknown> = {};
    const customerPopulate: Record<string, unknown> = {};
    if (customer.fields.favouriteContact) customerPopulate[customer.fields.favouriteContact] = true;
    if (customer.fields.scenario) customerPopulate[customer.fields.scenario] = { fields: ['documentId'] };
    populate[invoice.fields.customer!] = { populate: customerPopulate };
    if (invoice.fields.contact) populate[invoice.fields.contact] = true;
    if (invoice.fields.pdf) populate[invoice.fields.pdf] = true;
    if (invoice.fields.creator) populate[invoice.fields.creator] = { fields: ['id'] };
    return populate;
  };

  return {
    mapping,

    /** Throws one error listing every mapped field that does not fit the loaded content types. */
    assertMappingIsValid() {
      const lookup: SchemaLookup = (uid) => strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as any;
      const errors = findMappingErrors(mapping(), lookup);
      if (errors.length > 0) {
        throw new Error(`Dunning: the receivables mapping does not match your content types:\n- ${errors.join('\n- ')}`);
      }
    },

    async findInvoices(documentIds: string[]): Promise<InvoiceRecord[]> {
      if (documentIds.length === 0) return [];
      const entities = await strapi.documents(mapping().invoice.uid as any).findMany({
        filters: { documentId: { $in: documentIds } },
        populate: invoicePopulate() as any,
        limit: documentIds.length,
      });
      return (entities as Entity[]).map(toInvoice);
    },

    recipientsFor(invoice: InvoiceRecord): RecipientResolution {
      return resolveRecipients({
        invoice,
        contact: invoice.contact,
        favouriteContact: invoice.customer?.favouriteContact ?? null,
      });
    },

    /** Aggregated in the database: one grouped query, one distinct count. */
    async overdueSummary(today: string): Promise<OverdueSummary> {
      const { invoice } = mapping();
      const meta = strapi.db.metadata.get(invoice.uid) as any;
      const column = (field: string | null) => meta.attributes[field!].columnName ?? field;
      const knex = strapi.db.connection;

      const overdue = (query: any) =>
        query
          .whereIn(`i.${column(invoice.fields.status)}`, invoice.statuses.open)
          .where(`i.${column(invoice.fields.dueDate)}`, '<', today)
          .where(`i.${column(invoice.fields.amountDue)}`, '>', 0);

      const currencyColumn = `i.${column(invoice.fields.currency)}`;
      const rows: Array<{ currency: string; amount: unknown; invoices: unknown }> = await overdue(
        knex(`${meta.tableName} as i`)
      )
        .select(`${currencyColumn} as currency`)
        .sum(`i.${column(invoice.fields.amountDue)} as amount`)
        .count('* as invoices')
        .groupBy(currencyColumn)
        .orderBy(currencyColumn);

      const link = meta.attributes[invoice.fields.customer!].joinTable;
      const [{ customers }] = await overdue(
        knex(`${meta.tableName} as i`).join(`${link.name} as l`, `l.${link.joinColumn.name}`, 'i.id')
      ).countDistinct(`l.${link.inverseJoinColumn.name} as customers`);

      const byCurrency = rows.map((row) => ({
        currency: row.currency,
        amount: Math.round(Number(row.amount) * 100) / 100,
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
