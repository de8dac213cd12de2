import type { Core } from '@strapi/strapi';

import { closingReasonOf } from '../domain/exclusions';
import { recipientsOfInvoice } from '../domain/recipients';
import type { InvoiceRecord } from '../domain/records';
import { coverageOf } from '../domain/reminder-invoices';
import { reminderRepository } from '../repositories/reminders';
import { templateRepository } from '../repositories/templates';
import { getPluginService } from '../utils/plugin';
import { customerFields, type Person, queuedEmailFields, senderFields } from './messages';
import { type ReminderSummary, toReminderSummary } from './reminders';

/**
 * Bulk reminders from a list of invoices (SPEC F3.4, seed 002): invoices of several
 * customers, one e-mail per customer at its reminder address with the default
 * template, in the customer's language; invoices without an address are listed so the
 * person can fix them or send the others.
 */

/** The predefined first reminder; `messages.localized` takes the customer's language. */
const DEFAULT_TEMPLATE = 'reminder-1.email.fr';

type InvoiceLine = {
  documentId: string;
  number: string;
  customerName: string;
  dueDate: string;
  amountDue: number;
  currency: string;
};

const lineOf = (invoice: InvoiceRecord): InvoiceLine => ({
  documentId: invoice.documentId,
  number: invoice.number,
  customerName: invoice.customer?.name ?? '',
  dueDate: invoice.dueDate,
  amountDue: invoice.amountDue,
  currency: invoice.currency,
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);

  return {
    /** What would go: one e-mail per customer with an address; the invoices without one; those not open any more. */
    async prepare(invoiceDocumentIds: string[]) {
      const invoices = await service('receivables').findInvoices(invoiceDocumentIds);
      const found = new Set(invoices.map((invoice) => invoice.documentId));
      const byCustomer = new Map<string, InvoiceRecord[]>();
      const closed: Array<InvoiceLine & { reason: string }> = invoiceDocumentIds
        .filter((documentId) => !found.has(documentId))
        .map((documentId) => ({
          documentId,
          number: documentId,
          customerName: '',
          dueDate: '',
          amountDue: 0,
          currency: '',
          reason: 'deleted',
        }));
      for (const invoice of invoices) {
        const reason = invoice.customer ? closingReasonOf(invoice) : 'no_customer';
        if (reason) closed.push({ ...lineOf(invoice), reason });
        else
          byCustomer.set(invoice.customer!.documentId, [
            ...(byCustomer.get(invoice.customer!.documentId) ?? []),
            invoice,
          ]);
      }
      const customers: Array<{
        customerDocumentId: string;
        name: string;
        segment: string | null;
        recipients: string[];
        invoices: InvoiceLine[];
        amount: number;
        currency: string;
      }> = [];
      const missingAddress: InvoiceLine[] = [];
      for (const group of byCustomer.values()) {
        // Per invoice, as F1.3 resolves it: an invoice without any address is the one to fix.
        const reachable = group.filter(
          (invoice) => recipientsOfInvoice(invoice).recipients.length > 0
        );
        missingAddress.push(...group.filter((invoice) => !reachable.includes(invoice)).map(lineOf));
        if (reachable.length === 0) continue;
        const { recipients } = service('messages').recipientsOf(reachable);
        customers.push({
          customerDocumentId: reachable[0].customer!.documentId,
          name: reachable[0].customer!.name,
          segment: reachable[0].customer!.segment,
          recipients: recipients.map((mailbox) => mailbox.address),
          invoices: reachable.map(lineOf),
          amount:
            Math.round(reachable.reduce((sum, invoice) => sum + invoice.amountDue, 0) * 100) / 100,
          currency: reachable[0].currency,
        });
      }
      return {
        customers: customers.sort((a, b) => a.name.localeCompare(b.name)),
        missingAddress,
        closed,
      };
    },

    /** Sends one e-mail per customer of the prepared list; a request id sends once, however often it is posted. */
    async send(
      {
        requestId,
        invoiceDocumentIds,
        attachInvoicePdfs,
      }: { requestId: string; invoiceDocumentIds: string[]; attachInvoicePdfs: boolean },
      by: Person,
      now = new Date()
    ) {
      const prepared = await this.prepare(invoiceDocumentIds);
      const template = await templateRepository(strapi).findByPredefinedKey(DEFAULT_TEMPLATE);
      const results: ReminderSummary[] = [];
      for (const customer of prepared.customers) {
        const idempotencyKey = `bulk:${requestId}:${customer.customerDocumentId}`;
        const { reminder } = await reminderRepository(strapi).createOnce(
          {
            type: 'reminder',
            trigger: 'batch',
            ...queuedEmailFields(now),
            ...customerFields({
              documentId: customer.customerDocumentId,
              name: customer.name,
              segment: customer.segment,
            }),
            ...coverageOf(customer.invoices),
            currency: customer.currency,
            ...senderFields(by),
            template: template?.documentId ?? null,
            attachInvoicePdfs,
            idempotencyKey,
          },
          'queued',
          now
        );
        const delivered =
          reminder.status === 'queued'
            ? await service('delivery').deliver(reminder.documentId, now)
            : reminder;
        results.push(toReminderSummary(delivered));
      }
      return { results, missingAddress: prepared.missingAddress, closed: prepared.closed };
    },
  };
};
