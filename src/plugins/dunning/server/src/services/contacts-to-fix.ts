import type { Core } from '@strapi/strapi';

import { formatAddressList } from '../domain/addresses';
import type { ContactRecord, CustomerRecord } from '../domain/records';
import { type HeldReminder, heldReminderRepository } from '../repositories/held-reminders';
import { inTransaction } from '../repositories/sql/db';
import type { Suppression } from '../repositories/suppressions';
import { notFound } from '../utils/errors';
import { getPluginService } from '../utils/plugin';
import type { Person } from './messages';

/**
 * "Contacts to fix" (F7.5): the customers with a bounced or missing
 * address, the e-mail reminders held back for it, and the clerk's fix — the address
 * written to the mapped contact (and the reminders' invoices) as the pop-up's "use these
 * addresses from now on" writes it, the bounced addresses taken off the suppression
 * list, the held reminders back in the queue for the engine's claimed send path.
 */

/** How many held reminders and bounced addresses the view reads, and how many customers it lists. */
const MAX_READ = 1000;
export const MAX_CUSTOMERS = 200;

export type ContactToFix = {
  customerDocumentId: string;
  customerName: string;
  /** The contact the fix is written to: the held reminders' invoice contact, else the customer's favourite. */
  contact: { documentId: string; name: string | null; addresses: string } | null;
  bounced: Array<Pick<Suppression, 'address' | 'reason' | 'bouncedAt'>>;
  held: HeldReminder[];
};

const addressesOf = (contact: ContactRecord) => contact.reminderEmails || contact.emails || '';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);
  const held = () => heldReminderRepository(strapi);

  /** The first invoice each reminder still chases, by customer, and the contact a fix goes to. */
  const contactsOf = async (customers: CustomerRecord[], reminders: HeldReminder[]) => {
    const firstInvoice = new Map<string, string>();
    for (const reminder of reminders) {
      const entry = reminder.invoices.find((invoice) => !invoice.excluded);
      if (entry && !firstInvoice.has(reminder.customerDocumentId))
        firstInvoice.set(reminder.customerDocumentId, entry.documentId);
    }
    const invoices = new Map(
      (await service('receivables').findInvoices([...firstInvoice.values()])).map((invoice) => [
        invoice.documentId,
        invoice,
      ])
    );
    return new Map(
      customers.map((customer) => {
        const invoice = invoices.get(firstInvoice.get(customer.documentId) ?? '');
        return [customer.documentId, invoice?.contact ?? customer.favouriteContact] as const;
      })
    );
  };

  return {
    /** Every customer to fix, by name, at most MAX_CUSTOMERS. */
    async list(): Promise<ContactToFix[]> {
      const reminders = await held().find(MAX_READ);
      const bounced = await service('suppressions').latest(MAX_READ);
      const ids = [
        ...new Set([
          ...reminders.map((reminder) => reminder.customerDocumentId),
          ...bounced.flatMap((entry) => entry.customerDocumentId ?? []),
        ]),
      ];
      const customers = (await service('receivables').findCustomers(ids))
        .sort((a, b) => a.name.localeCompare(b.name))
        .slice(0, MAX_CUSTOMERS);
      const contacts = await contactsOf(customers, reminders);
      return customers.map((customer) => {
        const contact = contacts.get(customer.documentId);
        return {
          customerDocumentId: customer.documentId,
          customerName: customer.name,
          contact: contact
            ? {
                documentId: contact.documentId,
                name: contact.name,
                addresses: addressesOf(contact),
              }
            : null,
          bounced: bounced
            .filter((entry) => entry.customerDocumentId === customer.documentId)
            .map(({ address, reason, bouncedAt }) => ({ address, reason, bouncedAt })),
          held: reminders.filter((reminder) => reminder.customerDocumentId === customer.documentId),
        };
      });
    },

    /** How many customers the view lists (the home page's count). */
    async count(): Promise<number> {
      return (await this.list()).length;
    },

    /**
     * The clerk's fix: `addresses`, when given, become the customer's reminder addresses
     * (its contact and the held reminders' invoices); its bounced addresses leave the
     * list; its held reminders go back to the queue, each sent once by the engine. All
     * or nothing, in one transaction (docs/engine.md, "All or nothing").
     */
    async release(
      customerDocumentId: string,
      addresses: string[] | undefined,
      by: Person,
      at = new Date()
    ) {
      const customer = await service('receivables').findCustomer(customerDocumentId);
      if (!customer) throw notFound('Customer');
      const reminders = await held().find(MAX_READ, customerDocumentId);
      const contact = addresses
        ? (await contactsOf([customer], reminders)).get(customerDocumentId)
        : undefined;
      return inTransaction(strapi, async () => {
        if (addresses) {
          const invoiceDocumentIds = [
            ...new Set(
              reminders.flatMap((reminder) =>
                reminder.invoices
                  .filter((invoice) => !invoice.excluded)
                  .map((invoice) => invoice.documentId)
              )
            ),
          ];
          await service('receivables').saveReminderAddresses({
            invoiceDocumentIds,
            contactDocumentId: contact?.documentId ?? null,
            addresses: formatAddressList(addresses),
          });
        }
        const unsuppressed = await service('suppressions').release(
          customerDocumentId,
          addresses ?? []
        );
        for (const reminder of reminders)
          await service('reminders').resend(reminder.documentId, by, at);
        return { released: reminders.length, unsuppressed };
      });
    },
  };
};
