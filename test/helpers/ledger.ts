import type { Core } from '@strapi/strapi';

import { addDays } from '../../database/seed/ledger';

/** A small hand-made ledger for the integration suites, due dates relative to `today`. */
export const seedAcme = async (strapi: Core.Strapi, today: string) => {
  const documents = (uid: string) => strapi.documents(uid as any);
  const customer = await documents('api::customer.customer').create({
    data: {
      name: 'Acme Industries',
      reference: 'ACME',
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
      address: '3 quai Perrache\n69002 Lyon',
    },
  });
  const contact = await documents('api::contact.contact').create({
    data: { name: 'Camille Martin', emails: 'camille@acme.test', customer: customer.documentId },
  });
  const other = await documents('api::customer.customer').create({
    data: { name: 'Globex', reference: 'GLOBEX', locale: 'en-GB' },
  });

  const invoice = (
    number: string,
    owner: string,
    dueOffset: number,
    amountDue: number,
    extra: Record<string, unknown> = {}
  ) =>
    documents('api::invoice.invoice').create({
      data: {
        number,
        customer: owner,
        contact: owner === customer.documentId ? contact.documentId : undefined,
        issueDate: addDays(today, dueOffset - 30),
        dueDate: addDays(today, dueOffset),
        total: amountDue || 100,
        amountDue,
        currency: 'EUR',
        status: 'open',
        ...extra,
      },
    });

  return {
    customer,
    contact,
    other,
    f1: await invoice('F-001', customer.documentId, -40, 1200.5),
    f2: await invoice('F-002', customer.documentId, -3, 299.5),
    f3: await invoice('F-003', customer.documentId, 10, 5000),
    paid: await invoice('F-004', customer.documentId, -60, 0, { status: 'paid' }),
    foreign: await invoice('G-001', other.documentId, -10, 80),
  };
};

type Fields = Record<string, unknown>;

/** A customer with one contact (its favourite), for suites that build their own cases. */
export const createCustomer = async (
  strapi: Core.Strapi,
  name: string,
  {
    email = `${name.toLowerCase().replace(/\W+/g, '.')}@customer.test`,
    customer = {},
    contact = {},
  }: { email?: string | null; customer?: Fields; contact?: Fields } = {}
) => {
  const documents = (uid: string) => strapi.documents(uid as any);
  const created = await documents('api::customer.customer').create({
    data: {
      name,
      reference: name.toUpperCase().replace(/\W+/g, '-'),
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
      ...customer,
    } as any,
  });
  const person = await documents('api::contact.contact').create({
    data: {
      name: `${name} Accounts`,
      emails: email,
      customer: created.documentId,
      ...contact,
    } as any,
  });
  await documents('api::customer.customer').update({
    documentId: created.documentId,
    data: { favouriteContact: person.documentId } as any,
  });
  return {
    documentId: created.documentId as string,
    contactDocumentId: person.documentId as string,
    email,
  };
};

/** An open invoice of `customer` due on `dueDate`. */
export const createInvoice = async (
  strapi: Core.Strapi,
  customer: { documentId: string; contactDocumentId?: string },
  number: string,
  dueDate: string,
  amountDue = 100,
  extra: Fields = {}
) =>
  (await strapi.documents('api::invoice.invoice' as any).create({
    data: {
      number,
      customer: customer.documentId,
      contact: customer.contactDocumentId,
      issueDate: addDays(dueDate, -30),
      dueDate,
      total: amountDue,
      amountDue,
      currency: 'EUR',
      status: 'open',
      ...extra,
    } as any,
  })) as { id: number; documentId: string; number: string };

/** Cancels every open invoice: what a suite chasing its own invoices leaves after each test. */
export const cancelOpenInvoices = async (strapi: Core.Strapi) => {
  const invoices = strapi.documents('api::invoice.invoice' as any);
  for (const { documentId } of (await invoices.findMany({
    filters: { status: 'open' },
    fields: ['documentId'] as any,
    limit: 1000,
  })) as any[]) {
    await invoices.update({ documentId, data: { status: 'cancelled' } as any });
  }
};
