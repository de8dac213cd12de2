import type { Core } from '@strapi/strapi';
import { FIELD_RULES, type FieldRule, type InvoiceStatus, type ModelName, type ReceivablesMapping } from '../domain/receivables-mapping';
import type { ContactRecord, CustomerRecord, InvoiceRecord } from '../domain/records';
import { isPaused } from '../domain/exclusions';
import { AGING_BUCKETS, agingDueDateRanges, type AgingBucket } from '../domain/aging';
import { findMappingErrors, type SchemaLookup } from '../domain/mapping';
import { resolveRecipients, type RecipientResolution } from '../domain/recipients';
import { entityOf, selectJoined, type EntityRead } from '../repositories/sql/entity-read';
import { invalidInput } from '../utils/errors';
import { epochMs, toDate } from '../repositories/sql/db';
import { containsPattern } from '../repositories/sql/like';
import { getPluginConfig, getPluginService } from '../utils/plugin';

/**
 * The only place that reads the team's invoices, customers and contacts (SPEC F1.2).
 * Everything it returns is plain data in the plugin's own vocabulary, whatever the
 * mapped model calls its fields.
 */

export type StatementRow = {
  documentId: string;
  name: string;
  reference: string | null;
  segment: string | null;
  currency: string;
  openAmount: number;
  overdueAmount: number;
  openInvoices: number;
  overdueInvoices: number;
  oldestDueDate: string | null;
  stopDunning: boolean;
  /** The day a pause in force ends. */
  pausedUntil: string | null;
  disputed: boolean;
};

export type OverdueSummary = {
  /** Open invoices with an amount due and a due date before `today`. */
  invoices: number;
  customers: number;
  byCurrency: Array<{ currency: string; amount: number; invoices: number }>;
};

export type AgingRow = { bucket: AgingBucket; currency: string; invoices: number; amount: number };

/** One customer's open invoices in one currency, per aging bucket. */
export type CustomerAgingRow = {
  documentId: string;
  name: string;
  reference: string | null;
  currency: string;
  invoices: number;
  buckets: Record<AgingBucket, number>;
  total: number;
};

/** A period of the DSO ledger: its calendar days and the instant it ends at. */
export type LedgerPeriod = { key: string; from: string; to: string; end: Date };

/** Per period and currency: what was still owed at the period's end, and what was invoiced in it. */
export type LedgerRow = { period: string; currency: string; receivables: number; sales: number };

type Entity = Record<string, any>;

const read = (entity: Entity | null | undefined, field: string | null) =>
  entity && field ? (entity[field] ?? null) : null;

const money = (value: unknown) => Math.round(Number(value ?? 0) * 100) / 100;

const toNumber = (value: unknown): number | null =>
  value === null || value === undefined || value === '' ? null : Number(value);

/** Dates from SQLite and PostgreSQL alike as `YYYY-MM-DD` (a datetime is epoch milliseconds on SQLite). */
const toDateOnly = (value: unknown): string | null => {
  if (!value) return null;
  if (value instanceof Date || typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  return String(value).slice(0, 10);
};

/** Datetimes from SQLite and PostgreSQL alike as ISO strings. */
const toInstant = (value: unknown): string | null => toDate(value)?.toISOString() ?? null;

/** The aliases of the invoice and its customer in the invoice read and the grouped queries. */
const INVOICE_ALIAS = 'i';
const CUSTOMER_ALIAS = 'c';

type InvoiceColumn = (field: keyof ReceivablesMapping['invoice']['fields']) => string;

/**
 * The plugin's records from entities of the mapped types (keyed by attribute name), for
 * one mapping: read once per query, not once per entity.
 */
const recordsOf = (m: ReceivablesMapping) => {
  const statusOf = (raw: unknown): InvoiceStatus | 'unknown' => {
    const statuses = m.invoice.statuses;
    const found = (Object.keys(statuses) as InvoiceStatus[]).find((status) =>
      statuses[status].includes(String(raw))
    );
    return found ?? 'unknown';
  };

  const toContact = (entity: Entity | null): ContactRecord | null => {
    if (!entity) return null;
    const fields = m.contact.fields;
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
    const fields = m.customer.fields;
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
      pausedUntil: null,
      pauseReason: null,
      ownerId: null,
      disputed: Boolean(read(entity, fields.disputed)),
      scenarioDocumentId: read(entity, fields.scenario)?.documentId ?? null,
      favouriteContact: toContact(read(entity, fields.favouriteContact)),
    };
  };

  const toInvoice = (entity: Entity): InvoiceRecord => {
    const fields = m.invoice.fields;
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
      paidAt: toInstant(read(entity, fields.paidAt)),
      disputed: Boolean(read(entity, fields.disputed)),
      promisedPaymentDate: toDateOnly(read(entity, fields.promisedPaymentDate)),
      reminderEmails: read(entity, fields.reminderEmails),
      automaticReminders: automatic === null ? true : Boolean(automatic),
      pdf: pdf ? { id: pdf.id, name: pdf.name, url: pdf.url, mime: pdf.mime } : null,
      creatorId: read(entity, fields.creator)?.id ?? null,
      paymentUrl: read(entity, fields.paymentUrl),
      customer: toCustomer(read(entity, fields.customer)),
      contact: toContact(read(entity, fields.contact)),
    };
  };
  return { toContact, toCustomer, toInvoice };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const mapping = (): ReceivablesMapping => getPluginConfig(strapi).receivables;

  /** Whether a mapped type keeps a draft beside each published version (draft & publish). */
  const hasDrafts = (uid: string) => Boolean((strapi.contentTypes as Record<string, any>)[uid]?.options?.draftAndPublish);

  /**
   * Narrows a query on the mapped type `uid` (as `alias`) to its published versions when
   * the type has drafts: a draft is work in progress, and the draft copy of a published
   * document is not a second receivable.
   */
  const publishedOnly = (query: any, uid: string, alias: string) => (hasDrafts(uid) ? query.whereNotNull(`${alias}.published_at`) : query);

  /**
   * Writes the plugin's own fields (a promise, a dispute, addresses, a scenario) on a
   * document. A type with drafts gets them on its published version too, without
   * publishing the team's pending edits; the Document Service's update comes last, so
   * the case sync it triggers reads what was written. `publishedData` holds relations by
   * row id, as the query engine takes them.
   */
  const writeFields = async (uid: string, documentId: string, data: Record<string, unknown>, publishedData = data) => {
    if (hasDrafts(uid)) {
      const rows = (await strapi.db.query(uid as any).findMany({ where: { documentId, publishedAt: { $notNull: true } }, select: ['id'] })) as Array<{ id: number }>;
      for (const row of rows) await strapi.db.query(uid as any).update({ where: { id: row.id }, data: publishedData });
    }
    await strapi.documents(uid as any).update({ documentId, data: data as any });
  };

  /**
   * The invoice read: the invoice with its customer (favourite contact, scenario),
   * contact, PDF and creator in one statement of left joins, built from the mapped
   * attributes' columns and link tables (the Document Service's populate ran a query
   * per relation: six for a page of invoices). Each row comes back as entities keyed by
   * attribute name, for toInvoice.
   */
  const invoiceRead = (): EntityRead => {
    const { invoice, customer } = mapping();
    const fields = invoice.fields;
    const scalarsOf = (model: ModelName) =>
      Object.entries(FIELD_RULES[model] as Record<string, FieldRule>)
        .filter(([, rule]) => rule.kind !== 'relation' && rule.kind !== 'media')
        .map(([field]) => (mapping()[model].fields as Record<string, string | null>)[field])
        .filter((name): name is string => Boolean(name));
    const contactRead = (alias: string): EntityRead => ({ alias, scalars: scalarsOf('contact'), relations: [] });
    const relation = (attribute: string | null, read: EntityRead) => (attribute ? [{ attribute, read }] : []);
    return {
      alias: INVOICE_ALIAS,
      scalars: scalarsOf('invoice'),
      relations: [
        ...relation(fields.customer, {
          alias: CUSTOMER_ALIAS,
          scalars: scalarsOf('customer'),
          relations: [...relation(customer.fields.favouriteContact, contactRead('fc')), ...relation(customer.fields.scenario, { alias: 's', scalars: [], relations: [] })],
        }),
        ...relation(fields.contact, contactRead('ct')),
        ...relation(fields.pdf, { alias: 'f', scalars: ['name', 'url', 'mime'], relations: [] }),
        ...relation(fields.creator, { alias: 'u', scalars: [], relations: [] }),
      ],
    };
  };

  /** Invoice entities as `narrow` selects and orders them (on the aliases `i` and `c`). */
  const invoiceEntities = async (narrow: (query: any, column: InvoiceColumn) => any): Promise<Entity[]> => {
    const { invoice } = mapping();
    const read = invoiceRead();
    const query = publishedOnly(selectJoined(strapi, invoice.uid, read), invoice.uid, INVOICE_ALIAS);
    const entities = new Map<unknown, Entity>();
    for (const row of await narrow(query, invoiceTable().column)) {
      const entity = entityOf(row, read)!;
      // A to-one relation holds one link; should a link table hold two, the first row counts.
      if (!entities.has(entity.id)) entities.set(entity.id, entity);
    }
    return [...entities.values()];
  };

  /** The customers with what the plugin keeps about them (a pause), in one query. */
  const withSettings = async <T extends CustomerRecord>(customers: T[]): Promise<T[]> => {
    const settings = await getPluginService(strapi, 'customer-settings').ofCustomers([...new Set(customers.map((customer) => customer.documentId))]);
    for (const customer of customers) Object.assign(customer, settings.get(customer.documentId));
    return customers;
  };

  const queryInvoices = async (narrow: (query: any, column: InvoiceColumn) => any): Promise<InvoiceRecord[]> => {
    const invoices = (await invoiceEntities(narrow)).map(recordsOf(mapping()).toInvoice);
    await withSettings(invoices.flatMap((invoice) => invoice.customer ?? []));
    return invoices;
  };

  /** Narrows an invoice query (alias `i`) to the open invoices with an amount due: what every figure counts. */
  const whereOpen = (query: any, column: InvoiceColumn) => query.whereIn(column('status'), mapping().invoice.statuses.open).where(column('amountDue'), '>', 0);

  /** A customer's open invoices (customer alias `c`). */
  const openOf = (query: any, column: InvoiceColumn, customerDocumentId: string) => whereOpen(query.where(`${CUSTOMER_ALIAS}.document_id`, customerDocumentId), column);

  const byDueDate = (query: any, column: InvoiceColumn) => query.orderBy([column('dueDate'), `${INVOICE_ALIAS}.id`]);

  /** Column names and the invoice→customer link table of the mapped invoice type. */
  const invoiceTable = () => {
    const { invoice, customer } = mapping();
    const meta = strapi.db.metadata.get(invoice.uid) as any;
    const column = (field: keyof ReceivablesMapping['invoice']['fields']) =>
      `i.${meta.attributes[invoice.fields[field]!].columnName ?? invoice.fields[field]}`;
    const link = meta.attributes[invoice.fields.customer!].joinTable;
    /** The invoice rows as `i`: their published versions when the type has drafts. */
    const rows = () => publishedOnly(strapi.db.connection(`${meta.tableName} as ${INVOICE_ALIAS}`), invoice.uid, INVOICE_ALIAS);
    /** The base of the aggregates (statement, agings, overview, DSO): the open invoices with an amount due. */
    const openRows = () => whereOpen(rows(), column);
    /** The open ones joined to their customer as `c` (`customerColumn` names its mapped fields, null when unmapped). */
    const customerMeta = strapi.db.metadata.get(customer.uid) as any;
    const openWithCustomer = () =>
      openRows()
        .join(`${link.name} as l`, `l.${link.joinColumn.name}`, 'i.id')
        .join(`${customerMeta.tableName} as ${CUSTOMER_ALIAS}`, `${CUSTOMER_ALIAS}.id`, `l.${link.inverseJoinColumn.name}`);
    const customerColumn = (field: keyof ReceivablesMapping['customer']['fields']) => {
      const name = customer.fields[field];
      return name ? `${CUSTOMER_ALIAS}.${customerMeta.attributes[name].columnName ?? name}` : null;
    };
    /** A mapped customer field in a query grouped by customer (null when unmapped). */
    const customerValue = (field: keyof ReceivablesMapping['customer']['fields'], alias: string) => {
      const col = customerColumn(field);
      return strapi.db.connection.raw(col ? `max(${col}) as ${alias}` : `null as ${alias}`);
    };
    return { meta, column, link, rows, openRows, openWithCustomer, customerColumn, customerValue };
  };

  /** The aging buckets as SQL conditions on the due date, with their bindings. */
  const agingConditions = (today: string) => {
    const { column } = invoiceTable();
    return agingDueDateRanges(today).map(({ key, dueFrom, dueBefore }) => {
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
      return queryInvoices((query, column) => byDueDate(query.whereIn(`${INVOICE_ALIAS}.document_id`, documentIds), column));
    },

    /** The next `limit` invoices after the id `afterId`, in id order, and the last id read. */
    async invoicePage(afterId: number, limit: number): Promise<{ invoices: InvoiceRecord[]; lastId: number }> {
      const entities = await invoiceEntities((query) => query.where(`${INVOICE_ALIAS}.id`, '>', afterId).orderBy(`${INVOICE_ALIAS}.id`).limit(limit));
      return { invoices: entities.map(recordsOf(mapping()).toInvoice), lastId: entities.length ? Number(entities[entities.length - 1].id) : afterId };
    },

    /** A customer's open invoices with an amount due, oldest due date first. */
    async openInvoicesOfCustomer(customerDocumentId: string): Promise<InvoiceRecord[]> {
      return queryInvoices((query, column) => byDueDate(openOf(query, column, customerDocumentId), column));
    },

    /** One of a customer's open invoices with an amount due; null for any other invoice. */
    async openInvoiceOfCustomer(customerDocumentId: string, invoiceDocumentId: string): Promise<InvoiceRecord | null> {
      const [invoice] = await queryInvoices((query, column) => openOf(query, column, customerDocumentId).where(`${INVOICE_ALIAS}.document_id`, invoiceDocumentId).limit(1));
      return invoice ?? null;
    },

    async findCustomer(documentId: string): Promise<CustomerRecord | null> {
      const [found] = await this.findCustomers([documentId]);
      return found ?? null;
    },

    async findCustomers(documentIds: string[]): Promise<CustomerRecord[]> {
      if (documentIds.length === 0) return [];
      const receivables = mapping();
      const { customer } = receivables;
      const populate: Record<string, unknown> = {};
      if (customer.fields.favouriteContact) populate[customer.fields.favouriteContact] = true;
      if (customer.fields.scenario) populate[customer.fields.scenario] = { fields: ['documentId'] };
      // Published: for a type with drafts, the customer as the team published it (ignored otherwise).
      const entities = await strapi.documents(customer.uid as any).findMany({ filters: { documentId: { $in: documentIds } } as any, populate: populate as any, status: 'published', limit: documentIds.length });
      const { toCustomer } = recordsOf(receivables);
      return withSettings((entities as Entity[]).map((entity) => toCustomer(entity)!));
    },

    /**
     * Customers with open invoices, most overdue first: one grouped query for the page,
     * one count, both in the database.
     */
    async statementPage({ today, search, ownerId = null, page, pageSize }: { today: string; search?: string; ownerId?: number | null; page: number; pageSize: number }) {
      const { column, openWithCustomer, customerColumn, customerValue: optional } = invoiceTable();
      const knex = strapi.db.connection;

      const base = () => {
        const query = openWithCustomer();
        if (ownerId !== null) query.whereIn('c.document_id', getPluginService(strapi, 'customer-settings').ownedBy(ownerId));
        const term = search?.trim();
        if (term) {
          const like = containsPattern(term);
          const searchable = [customerColumn('name'), customerColumn('reference')].filter(Boolean) as string[];
          query.where((q) => searchable.forEach((col) => q.orWhereRaw(`lower(${col}) like ? escape '\\'`, [like])));
        }
        return query;
      };

      const overdue = `case when ${column('dueDate')} < ? then 1 else 0 end`;
      // PostgreSQL has no max(boolean): a flag is 1 or 0 on both databases.
      const flag = (field: keyof ReceivablesMapping['customer']['fields'], alias: string) => {
        const col = customerColumn(field);
        return col ? knex.raw(`max(case when ${col} then 1 else 0 end) as ${alias}`) : knex.raw(`null as ${alias}`);
      };
      const rows: any[] = await base()
        .select('c.document_id as documentId')
        .select(optional('name', 'name'), optional('reference', 'reference'), optional('segment', 'segment'))
        .select(flag('stopDunning', 'stop_dunning'), flag('disputed', 'disputed'))
        .select(knex.raw('max(cs.paused_until) as paused_until'))
        .select(knex.raw(`min(${column('currency')}) as currency`))
        .select(knex.raw(`sum(${column('amountDue')}) as open_amount`))
        .select(knex.raw(`count(*) as open_invoices`))
        .select(knex.raw(`sum(${overdue} * ${column('amountDue')}) as overdue_amount`, [today]))
        .select(knex.raw(`sum(${overdue}) as overdue_invoices`, [today]))
        .select(knex.raw(`min(${column('dueDate')}) as oldest_due_date`))
        .leftJoin('dunning_customer_settings as cs', 'cs.customer_document_id', 'c.document_id')
        .groupBy('c.id', 'c.document_id')
        .orderBy([{ column: 'overdue_amount', order: 'desc' }, { column: 'name', order: 'asc' }])
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const [{ total }] = await base().countDistinct('c.id as total');

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
        oldestDueDate: toDateOnly(row.oldest_due_date),
        stopDunning: Boolean(Number(row.stop_dunning)),
        pausedUntil: isPaused(toDateOnly(row.paused_until), today) ? toDateOnly(row.paused_until) : null,
        disputed: Boolean(Number(row.disputed)),
      }));
      return { data, total: Number(total) };
    },

    /** F1.3 "use these addresses from now on": the contact and the invoices keep them. */
    async saveReminderAddresses({ invoiceDocumentIds, contactDocumentId, addresses }: { invoiceDocumentIds: string[]; contactDocumentId: string | null; addresses: string }) {
      const { invoice, contact } = mapping();
      if (invoice.fields.reminderEmails) {
        for (const documentId of invoiceDocumentIds) await writeFields(invoice.uid, documentId, { [invoice.fields.reminderEmails]: addresses });
      }
      if (contactDocumentId && contact.fields.reminderEmails) {
        await writeFields(contact.uid, contactDocumentId, { [contact.fields.reminderEmails]: addresses });
      }
    },

    /** Sets (or clears, with null) the scenario of customers. */
    async assignScenario(customerDocumentIds: string[], scenarioDocumentId: string | null) {
      const { customer } = mapping();
      if (!customer.fields.scenario) {
        throw invalidInput([{ path: 'customerDocumentIds', message: 'the customer model has no scenario field (dunning.receivables.customer.fields.scenario)' }]);
      }
      const field = customer.fields.scenario;
      const scenario = scenarioDocumentId ? await strapi.db.query('plugin::dunning.scenario' as any).findOne({ where: { documentId: scenarioDocumentId }, select: ['id'] }) : null;
      for (const documentId of customerDocumentIds) await writeFields(customer.uid, documentId, { [field]: scenarioDocumentId }, { [field]: scenario?.id ?? null });
    },

    /** The promised payment date of invoices (null clears it: the promise is over). */
    async setPromisedPaymentDate(invoiceDocumentIds: string[], date: string | null) {
      const { uid, fields } = mapping().invoice;
      if (!fields.promisedPaymentDate) return;
      for (const documentId of invoiceDocumentIds) await writeFields(uid, documentId, { [fields.promisedPaymentDate]: date });
    },

    /** A customer disputes invoices (a call's outcome): their reminders stop. */
    async markDisputed(invoiceDocumentIds: string[]) {
      const { uid, fields } = mapping().invoice;
      if (!fields.disputed) return;
      for (const documentId of invoiceDocumentIds) await writeFields(uid, documentId, { [fields.disputed]: true });
    },

    /** Whether the mapped invoice model can be flagged disputed (the portal offers disputes only then). */
    canMarkDisputed(): boolean {
      return Boolean(mapping().invoice.fields.disputed);
    },

    recipientsFor(invoice: InvoiceRecord): RecipientResolution {
      return resolveRecipients({
        invoice,
        contact: invoice.contact,
        favouriteContact: invoice.customer?.favouriteContact ?? null,
      });
    },

    /**
     * The mapped invoices' payment instants as a subquery (`document_id`, `paid_at`) that
     * reports join in SQL; null when the model maps no paidAt field.
     */
    paymentsQuery() {
      if (!mapping().invoice.fields.paidAt) return null;
      const { column, rows } = invoiceTable();
      return rows()
        .select('i.document_id as document_id', `${column('paidAt')} as paid_at`)
        .whereNotNull(column('paidAt'));
    },

    /** Open invoices with an amount due per aging bucket and currency, grouped in the database. */
    async aging(today: string): Promise<AgingRow[]> {
      const { column, openRows } = invoiceTable();
      const knex = strapi.db.connection;
      const branches = agingConditions(today);
      const rows: Array<{ bucket: AgingBucket; currency: string; invoices: unknown; amount: unknown }> = await openRows()
        .select(knex.raw(`case ${branches.map(({ key, sql }) => `when ${sql} then '${key}'`).join(' ')} end as bucket`, branches.flatMap((b) => b.bindings)))
        .select(`${column('currency')} as currency`)
        .count('* as invoices')
        .sum(`${column('amountDue')} as amount`)
        .groupBy('bucket', column('currency'))
        .orderBy(column('currency'));
      const order = AGING_BUCKETS.map((bucket) => bucket.key as AgingBucket);
      return rows
        .map((row) => ({ bucket: row.bucket, currency: row.currency, invoices: Number(row.invoices), amount: money(row.amount) }))
        .sort((a, b) => a.currency.localeCompare(b.currency) || order.indexOf(a.bucket) - order.indexOf(b.bucket));
    },

    /**
     * The top debtors: per currency, the `top` customers owing the most on open
     * invoices, with their amounts per aging bucket; grouped and ranked in the database.
     */
    async customerAging(today: string, top: number): Promise<CustomerAgingRow[]> {
      const { column, openWithCustomer, customerValue } = invoiceTable();
      const knex = strapi.db.connection;
      const amountDue = column('amountDue');
      const currency = column('currency');
      const ranked = openWithCustomer()
        .select(`${CUSTOMER_ALIAS}.document_id as document_id`, `${currency} as currency`)
        .select(customerValue('name', 'name'), customerValue('reference', 'reference'))
        .count('* as invoices')
        .sum(`${amountDue} as total`)
        .select(agingConditions(today).map(({ key, sql, bindings }) => knex.raw(`sum(case when ${sql} then ${amountDue} else 0 end) as b_${key}`, bindings)))
        .select(knex.raw(`row_number() over (partition by ${currency} order by sum(${amountDue}) desc, ${CUSTOMER_ALIAS}.id) as position`))
        .groupBy(`${CUSTOMER_ALIAS}.id`, `${CUSTOMER_ALIAS}.document_id`, currency);
      const rows: any[] = await knex.from(ranked.as('x')).where('position', '<=', top).orderBy([{ column: 'currency' }, { column: 'position' }]);
      return rows.map((row) => ({
        documentId: row.document_id,
        name: row.name ?? '',
        reference: row.reference ?? null,
        currency: row.currency,
        invoices: Number(row.invoices),
        buckets: Object.fromEntries(AGING_BUCKETS.map(({ key }) => [key, money(row[`b_${key}`])])) as Record<AgingBucket, number>,
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
      const { column, rows: invoiceRows } = invoiceTable();
      const knex = strapi.db.connection;
      const open = invoice.statuses.open;
      const ledger = invoiceRows()
        .whereIn(column('status'), [...open, ...invoice.statuses.paid])
        .whereNotNull(column('issueDate'))
        .select(`${column('currency')} as currency`, `${column('issueDate')} as issued`, `${column('total')} as total`)
        .select(knex.raw(`case when ${column('status')} in (${open.map(() => '?').join(', ')}) then ${column('amountDue')} end as open_balance`, open))
        .select(knex.raw(`${epochMs(strapi, column('paidAt'))} as paid_ms`));
      const sums = periods.flatMap((period, index) => [
        knex.raw(`sum(case when issued >= ? and issued <= ? then total else 0 end) as sales_${index}`, [period.from, period.to]),
        knex.raw(`sum(case when issued <= ? then coalesce(open_balance, case when paid_ms >= ? then total end, 0) else 0 end) as receivables_${index}`, [period.to, period.end.getTime()]),
      ]);
      const rows: any[] = await knex.from(ledger.as('x')).select('currency').select(sums).groupBy('currency').orderBy('currency');
      return periods.flatMap((period, index) =>
        rows.map((row) => ({ period: period.key, currency: row.currency, receivables: money(row[`receivables_${index}`]), sales: money(row[`sales_${index}`]) }))
      );
    },

    /** Aggregated in the database: one grouped query, one distinct count. */
    async overdueSummary(today: string): Promise<OverdueSummary> {
      const { column, link, openRows } = invoiceTable();
      const overdue = () => openRows().where(column('dueDate'), '<', today);

      const rows: Array<{ currency: string; amount: unknown; invoices: unknown }> = await overdue()
        .select(`${column('currency')} as currency`)
        .sum(`${column('amountDue')} as amount`)
        .count('* as invoices')
        .groupBy(column('currency'))
        .orderBy(column('currency'));

      const [{ customers }] = await overdue()
        .join(`${link.name} as l`, `l.${link.joinColumn.name}`, 'i.id')
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
