import type { Core } from '@strapi/strapi';

import { daysBetween, todayIn } from '../domain/dates';
import { statementFileName } from '../domain/file-names';
import { lateFeesOf, totalLateFees } from '../domain/late-fees';
import { labelsFor } from '../domain/message-layout';
import { pauseInForce } from '../domain/pause';
import { statementTotals } from '../domain/statement';
import { formatMoney } from '../domain/template-context';
import { notFound } from '../utils/errors';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import type { Person } from './messages';

/**
 * The account statement (SPEC F3.1): the customers with open invoices; and one
 * customer's open invoices with their days overdue and late charges (F4.9) on the
 * customer's today, as the statement view's data, and as a statement of account in PDF
 * in the customer's language (F3.5).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);

  /** The customer, its open invoices and each one's late charges; 404 for an unknown customer. */
  const load = async (customerDocumentId: string, now: Date) => {
    const customer = await service('receivables').findCustomer(customerDocumentId);
    if (!customer) throw notFound('Customer');
    const today = service('messages').todayFor(customer, now);
    const invoices = await service('receivables').openInvoicesOfCustomer(customer.documentId);
    const { lateFees: settings } = await service('settings').get();
    const lateFees = invoices.map((invoice) => ({
      currency: invoice.currency,
      ...lateFeesOf({ dueDate: invoice.dueDate, amountDue: invoice.amountDue, today, settings }),
    }));
    return { customer, today, invoices, lateFees };
  };

  return {
    /**
     * The statement list: a page of the customers with open invoices (`ownerId`: only
     * those this admin owns), each with the date of its last reminder.
     */
    async page(
      {
        search,
        ownerId,
        page,
        pageSize,
      }: { search?: string; ownerId: number | null; page: number; pageSize: number },
      now = new Date()
    ) {
      const today = todayIn(getPluginConfig(strapi).cron.timezone, now);
      const { data, total } = await service('receivables').statementPage({
        today,
        search,
        ownerId,
        page,
        pageSize,
      });
      const last = await service('reminders').lastReminderDates(data.map((row) => row.documentId));
      return {
        data: data.map((row) => ({ ...row, lastReminderAt: last.get(row.documentId) ?? null })),
        pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total },
      };
    },

    /** Which customer an invoice belongs to (the Content Manager's "Remind" button); 404 for an unknown invoice or one without a customer. */
    async invoiceContext(invoiceDocumentId: string) {
      const [invoice] = await service('receivables').findInvoices([invoiceDocumentId]);
      if (!invoice?.customer) throw notFound('Invoice');
      return {
        invoiceDocumentId: invoice.documentId,
        customerDocumentId: invoice.customer.documentId,
      };
    },

    /** The statement view: the customer, its open invoices, late charges in total, promises and reminders (its portal actions are paged apart). */
    async detail(customerDocumentId: string, now = new Date()) {
      const { customer, today, invoices, lateFees } = await load(customerDocumentId, now);
      const { favouriteContact, ...details } = customer;
      return {
        customer: { ...details, ...pauseInForce(customer, today) },
        invoices: invoices.map(({ customer: _, contact, pdf, creatorId, ...invoice }, index) => ({
          ...invoice,
          daysOverdue: Math.max(0, daysBetween(invoice.dueDate, today)),
          hasPdf: Boolean(pdf),
          lateFees: lateFees[index],
        })),
        lateFees: totalLateFees(lateFees),
        reminders: await service('reminders').historyOfCustomer(customer.documentId),
        promises: await service('promises').ofCustomer(customer.documentId),
      };
    },

    /** The statement of account as a PDF, and its file name. */
    async pdf(
      customerDocumentId: string,
      requester: Person,
      now = new Date()
    ): Promise<{ filename: string; content: Buffer }> {
      const { customer, today, invoices, lateFees } = await load(customerDocumentId, now);
      // No portal link is printed: none is minted.
      const context = await service('messages').contextFor({
        customer,
        invoices,
        sender: requester,
        recipient: null,
        now,
        portalUrl: '',
      });
      const locale = customer.locale || 'fr-FR';
      const money = (amount: number, currency: string) => formatMoney(amount, currency, locale);
      const totals = statementTotals(
        invoices.map((invoice, index) => ({ ...lateFees[index], amountDue: invoice.amountDue }))
      );
      const content = await service('letters').statement({
        context,
        labels: labelsFor(locale),
        totals: totals.map((total) => ({
          currency: total.currency,
          amountDue: money(total.amountDue, total.currency),
          lateCharges: money(total.lateCharges, total.currency),
          total: money(total.total, total.currency),
        })),
      });
      return { filename: statementFileName(customer, today), content };
    },
  };
};
