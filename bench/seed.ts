import type { Core } from '@strapi/strapi';

import {
  type Ledger,
  type LedgerCustomer,
  type LedgerInvoice,
  random,
} from '../database/seed/ledger';
import { chunksOf } from '../src/plugins/dunning/server/src/helpers';
import {
  type Inserted,
  insertLinks,
  insertWithLinks,
} from '../src/plugins/dunning/server/src/repositories/sql/bulk';

/**
 * The bench's data set, written in bulk around the Document Service (which would take
 * an hour at 100,000 invoices): the generator's ledger as customers, contacts and
 * invoices with their link rows, and a reminder history of any size, each table in
 * multi-row inserts through the plugin's bulk writer (utils/bulk.ts). The cases are
 * not written here: the plugin's re-sync builds them from the invoices, as after an
 * import.
 */

export type SeededLedger = {
  customers: Array<Inserted & { ledger: LedgerCustomer }>;
  invoices: Array<Inserted & { ledger: LedgerInvoice }>;
};

const DAY = 86_400_000;

/** Customers, their contacts (the first is the favourite) and invoices; returns their ids. */
export const seedLedger = async (strapi: Core.Strapi, ledger: Ledger): Promise<SeededLedger> => {
  const customers = await insertWithLinks(
    strapi,
    'api::customer.customer',
    ledger.customers.map(({ key, contacts, ...fields }) => ({ data: fields }))
  );
  const contactRows = ledger.customers.flatMap((customer, index) =>
    customer.contacts.map((contact) => ({ contact, customerId: customers[index].id }))
  );
  const contacts = await insertWithLinks(
    strapi,
    'api::contact.contact',
    contactRows.map(({ contact: { key, ...fields }, customerId }) => ({
      data: fields,
      links: { customer: customerId },
    }))
  );
  const contactIds = new Map(
    contactRows.map(({ contact }, index) => [contact.key, contacts[index].id])
  );
  await insertLinks(
    strapi,
    'api::customer.customer',
    ledger.customers.map((customer, index) => ({
      id: customers[index].id,
      links: { favouriteContact: contactIds.get(customer.contacts[0]?.key) },
    }))
  );
  const customerIds = new Map(
    ledger.customers.map((customer, index) => [customer.key, customers[index].id])
  );
  const invoices = await insertWithLinks(
    strapi,
    'api::invoice.invoice',
    ledger.invoices.map(({ customerKey, contactKey, ...fields }) => ({
      data: { ...fields, automaticReminders: true },
      links: { customer: customerIds.get(customerKey), contact: contactIds.get(contactKey) },
    }))
  );
  return {
    customers: customers.map((row, index) => ({ ...row, ledger: ledger.customers[index] })),
    invoices: invoices.map((row, index) => ({ ...row, ledger: ledger.invoices[index] })),
  };
};

/** Statuses of the history, by share: mostly done, some left for the batch view. */
const STATUSES: Array<[string, number]> = [
  ['sent', 0.3],
  ['delivered', 0.3],
  ['opened', 0.225],
  ['failed', 0.02],
  ['bounced', 0.02],
  ['not_sent', 0.03],
  ['skipped', 0.03],
  ['cancelled', 0.05],
  ['uncertain', 0.005],
  ['planned', 0.02],
];
const DONE = new Set(['sent', 'delivered', 'opened', 'bounced', 'uncertain']);
/** The default scenario's steps: channel and level by step. */
const STEPS = [
  { channel: 'email', level: 'Pre-due notice', kind: 'pre-due' },
  { channel: 'email', level: 'Reminder 1', kind: 'reminder-1' },
  { channel: 'email', level: 'Reminder 2', kind: 'reminder-2' },
  { channel: 'letter', level: 'Final notice', kind: 'final-notice' },
  { channel: 'phone', level: 'Call', kind: 'final-notice' },
];

export type HistoryOptions = {
  count: number;
  /** The history ends here and goes back two years. */
  now: Date;
  sender: { id: number; name: string; email: string };
};

/**
 * `count` past reminders of the ledger's customers, as the engine and people would have
 * written them over two years (sender, template and scenario links included), with
 * their invoice links; in chunks, each one transaction.
 */
export const seedHistory = async (
  strapi: Core.Strapi,
  seeded: SeededLedger,
  { count, now, sender }: HistoryOptions
) => {
  const next = random(7);
  const scenario = await strapi.db
    .query('plugin::dunning.scenario' as any)
    .findOne({ where: { isDefault: true }, select: ['id'] });
  const templates = new Map(
    (
      (await strapi.db
        .query('plugin::dunning.template' as any)
        .findMany({ where: { isPredefined: true }, select: ['id', 'predefinedKey'] })) as any[]
    ).map((template) => [template.predefinedKey, template.id])
  );
  const invoicesOf = new Map<string, SeededLedger['invoices']>();
  for (const invoice of seeded.invoices)
    invoicesOf.set(invoice.ledger.customerKey, [
      ...(invoicesOf.get(invoice.ledger.customerKey) ?? []),
      invoice,
    ]);
  const links = strapi.plugin('dunning').service('history').invoiceLinks() as { table: string };
  const pick = () => {
    let draw = next();
    for (const [status, share] of STATUSES) if ((draw -= share) < 0) return status;
    return 'sent';
  };

  for (const chunk of chunksOf(
    Array.from({ length: count }, (_, index) => index),
    5_000
  )) {
    const rows = chunk.map((index) => {
      const customer = seeded.customers[Math.floor(next() * seeded.customers.length)];
      const own = invoicesOf.get(customer.ledger.key) ?? [];
      const invoices = [
        ...new Set(
          Array.from(
            { length: 1 + Math.floor(next() * 3) },
            () => own[Math.floor(next() * own.length)]
          )
        ),
      ].filter(Boolean);
      const stepIndex = Math.min(4, Math.floor(next() * 6));
      const step = STEPS[stepIndex];
      const channel = step.channel === 'email' && next() < 0.03 ? 'other' : step.channel;
      const status = pick();
      const language = customer.ledger.locale.slice(0, 2);
      const createdAt = new Date(now.getTime() - Math.floor(next() * 730 * DAY) - DAY);
      const at = (minutes: number) => new Date(createdAt.getTime() + minutes * 60_000);
      const entries = invoices.map(({ documentId, ledger }) => ({
        documentId,
        number: ledger.number,
        dueDate: ledger.dueDate,
        amountDue: ledger.total,
        currency: ledger.currency,
      }));
      const amount =
        Math.round(entries.reduce((sum, entry) => sum + entry.amountDue, 0) * 100) / 100;
      const done = DONE.has(status);
      const address = customer.ledger.contacts.find((contact) => contact.emails)?.emails ?? null;
      const subject = `${step.level} – ${entries.map((entry) => entry.number).join(', ')}`;
      return {
        data: {
          type: stepIndex === 0 ? 'pre_due' : 'reminder',
          channel,
          status,
          statusReason:
            status === 'not_sent'
              ? 'no_address'
              : status === 'skipped'
                ? 'paid'
                : status === 'failed'
                  ? 'smtp_550'
                  : null,
          trigger: next() < 0.8 ? 'automatic' : 'manual',
          customerDocumentId: customer.documentId,
          customerName: customer.ledger.name,
          customerSegment: customer.ledger.segment,
          invoices: entries,
          amount,
          invoiceCount: entries.length,
          currency: customer.ledger.locale === 'en-GB' ? 'GBP' : 'EUR',
          senderName: sender.name,
          senderEmail: sender.email,
          recipients: address ? [{ name: customer.ledger.contacts[0].name, address }] : [],
          cc: [],
          bcc: [],
          subject,
          body:
            channel === 'email'
              ? `<p>Bonjour,</p><p>${subject}: ${amount} restent dus.</p><p>${sender.name}</p>`
              : null,
          bodyText:
            channel === 'email'
              ? `Bonjour,\n\n${subject}: ${amount} restent dus.\n\n${sender.name}`
              : null,
          attachments: [],
          stepIndex,
          level: step.level,
          skippedSteps: [],
          countsInScenario: true,
          idempotencyKey: `history:${index}`,
          messageId:
            channel === 'email' && done ? `<reminder-history-${index}@example.test>` : null,
          serverResponse: channel === 'email' && done ? '250 2.0.0 Ok: queued' : null,
          attempts: done ? 1 : 0,
          plannedFor: createdAt,
          queuedAt: status === 'planned' ? null : createdAt,
          sentAt: done ? at(1) : null,
          deliveredAt: status === 'delivered' || status === 'opened' ? at(2) : null,
          openedAt: status === 'opened' ? at(90) : null,
          failedAt: status === 'failed' ? at(1) : null,
          timeline: [
            { status: status === 'planned' ? 'planned' : 'queued', at: createdAt.toISOString() },
            ...(status === 'planned' ? [] : [{ status, at: at(1).toISOString() }]),
          ],
          createdAt,
          updatedAt: at(1),
          publishedAt: createdAt,
        },
        links: {
          sender: sender.id,
          scenario: scenario?.id ?? null,
          template:
            templates.get(
              `${step.kind}.${step.channel === 'phone' ? 'phone' : channel === 'letter' ? 'letter' : 'email'}.${language}`
            ) ?? null,
        },
        invoiceDocumentIds: entries.map((entry) => entry.documentId),
      };
    });
    await strapi.db.transaction(async ({ trx }) => {
      const inserted = await insertWithLinks(strapi, 'plugin::dunning.reminder', rows, now);
      const invoiceLinks = rows.flatMap((row, index) =>
        row.invoiceDocumentIds.map((invoice) => ({
          invoice_document_id: invoice,
          reminder_id: inserted[index].id,
        }))
      );
      for (const part of chunksOf(invoiceLinks, strapi.db.dialect.getBatchInsertSize()))
        await trx(links.table).insert(part);
    });
  }
};
