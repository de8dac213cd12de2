import type { Core } from '@strapi/strapi';

import type { StatementSendResult } from '../../../shared/contracts/statement';
import { coverageOf } from '../domain/reminder-invoices';
import { statementSkipReason } from '../domain/statement';
import { reminderRepository } from '../repositories/reminders';
import { templateRepository } from '../repositories/templates';
import { getPluginService } from '../utils/plugin';
import { customerFields, type Person, queuedEmailFields, senderFields } from './messages';

/**
 * Monthly statements (SPEC F3.5, issue #22 point 2): the statement of account e-mailed to each
 * selected customer, its PDF attached, through the claimed send path. A customer gets
 * one per month however often it is asked for — twice posted, or two clerks at once:
 * the reminder's idempotency key is the customer and the month, on the customer's
 * calendar.
 */

/** The predefined statement e-mail; `messages.localized` takes the customer's language. */
const STATEMENT_TEMPLATE = 'statement.email.fr';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);

  return {
    async send(
      customerDocumentIds: string[],
      by: Person,
      now = new Date()
    ): Promise<StatementSendResult[]> {
      const template = await templateRepository(strapi).findByPredefinedKey(STATEMENT_TEMPLATE);
      const customers = new Map(
        (await service('receivables').findCustomers(customerDocumentIds)).map((customer) => [
          customer.documentId,
          customer,
        ])
      );
      const results: StatementSendResult[] = [];
      for (const customerDocumentId of new Set(customerDocumentIds)) {
        const customer = customers.get(customerDocumentId);
        const leftOut = (statusReason: string) =>
          results.push({
            customerDocumentId,
            customerName: customer?.name ?? null,
            reminderDocumentId: null,
            status: 'skipped',
            statusReason,
          });
        if (!customer) {
          leftOut('deleted');
          continue;
        }
        const today = service('messages').todayFor(customer, now);
        const invoices = await service('receivables').openInvoicesOfCustomer(customer.documentId);
        const skipped = statementSkipReason(customer, invoices, today);
        if (skipped) {
          leftOut(skipped);
          continue;
        }
        const { reminder, created } = await reminderRepository(strapi).createOnce(
          {
            type: 'statement',
            trigger: 'batch',
            ...queuedEmailFields(now),
            ...customerFields(customer),
            ...coverageOf(invoices),
            currency: invoices[0].currency,
            ...senderFields(by),
            template: template?.documentId ?? null,
            attachStatement: true,
            idempotencyKey: `statement:${today.slice(0, 7)}:${customer.documentId}`,
          },
          'queued',
          now
        );
        // A statement left queued (a crash before its send) goes now; the send is claimed, so it goes once.
        const delivered =
          reminder.status === 'queued'
            ? await service('delivery').deliver(reminder.documentId, now)
            : reminder;
        results.push({
          customerDocumentId,
          customerName: customer.name,
          reminderDocumentId: delivered.documentId,
          status: delivered.status,
          statusReason: created ? (delivered.statusReason ?? null) : 'statement_sent_this_month',
        });
      }
      return results;
    },
  };
};
