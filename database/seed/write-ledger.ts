import type { Core } from '@strapi/strapi';

import type { Ledger } from './ledger';

/**
 * Writes a generated ledger into the reference types of src/api through the Document
 * Service. Returns the documentIds by the ledger's keys and invoice numbers.
 */
export const writeLedger = async (strapi: Core.Strapi, ledger: Ledger) => {
  const customerIds = new Map<string, string>();
  const contactIds = new Map<string, string>();
  const invoiceIds = new Map<string, string>();

  for (const customer of ledger.customers) {
    const { contacts, key, ...fields } = customer;
    const created = await strapi
      .documents('api::customer.customer')
      .create({ data: fields as any });
    customerIds.set(key, created.documentId);

    for (const contact of contacts) {
      const { key: contactKey, ...contactFields } = contact;
      const createdContact = await strapi.documents('api::contact.contact').create({
        data: { ...contactFields, customer: created.documentId } as any,
      });
      contactIds.set(contactKey, createdContact.documentId);
    }
    if (contacts.length > 0) {
      await strapi.documents('api::customer.customer').update({
        documentId: created.documentId,
        data: { favouriteContact: contactIds.get(contacts[0].key) } as any,
      });
    }
  }

  for (const invoice of ledger.invoices) {
    const { customerKey, contactKey, ...fields } = invoice;
    const created = await strapi.documents('api::invoice.invoice').create({
      data: {
        ...fields,
        customer: customerIds.get(customerKey),
        contact: contactIds.get(contactKey),
      } as any,
    });
    invoiceIds.set(invoice.number, created.documentId);
  }

  return { customerIds, contactIds, invoiceIds };
};
