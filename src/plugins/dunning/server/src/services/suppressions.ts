import type { Core } from '@strapi/strapi';

import type { Mailbox } from '../domain/addresses';
import { recipientsOfInvoice } from '../domain/recipients';
import type { InvoiceRecord, ReminderRecord } from '../domain/records';
import { suppressionRepository } from '../repositories/suppressions';

/**
 * The suppression list (SPEC F7.5): a bounce puts the reminder's addresses on
 * it; planning and sending leave them out; fixing the customer's address or releasing
 * it in "Contacts to fix" takes them off.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const list = () => suppressionRepository(strapi);

  /** `addresses` failed for good (a bounce, a delivery status notification): on the list from now on. */
  const suppress = async (
    addresses: string[],
    of: { customerDocumentId: string | null; reminderDocumentId: string | null },
    at: Date,
    reason: string | null
  ) => {
    for (const address of addresses) await list().add({ address, ...of, reason }, at);
  };

  return {
    /** Which of the F1.3 addresses of these invoices are on the list, for the planner. */
    async amongRecipientsOf(invoices: Iterable<InvoiceRecord>): Promise<Set<string>> {
      return list().among(
        [...invoices].flatMap((invoice) =>
          recipientsOfInvoice(invoice).recipients.map((mailbox) => mailbox.address)
        )
      );
    },

    /**
     * Which of the addresses a page of claimed reminders may go to are on the list, read
     * once for the page: their invoices' F1.3 addresses and the addresses a person wrote.
     */
    async amongClaimed(
      reminders: Iterable<{ recipients: Mailbox[] | null }>,
      invoices: Iterable<InvoiceRecord>
    ): Promise<Set<string>> {
      const written = [...reminders].flatMap((reminder) =>
        (reminder.recipients ?? []).map((mailbox) => mailbox.address)
      );
      const resolved = [...invoices].flatMap((invoice) =>
        recipientsOfInvoice(invoice).recipients.map((mailbox) => mailbox.address)
      );
      return list().among([...written, ...resolved]);
    },

    /** A reminder bounced: each address it went to is on the list from now on. */
    async recordBounce(
      reminder: Pick<ReminderRecord, 'documentId' | 'customerDocumentId' | 'recipients'>,
      at: Date,
      reason: string | null
    ) {
      await suppress(
        (reminder.recipients ?? []).map(({ address }) => address),
        {
          customerDocumentId: reminder.customerDocumentId ?? null,
          reminderDocumentId: reminder.documentId,
        },
        at,
        reason
      );
    },

    /** Takes the customer's bounced addresses off the list, and `addresses` (the ones just written); how many went. */
    release: (customerDocumentId: string, addresses: string[]) =>
      list().remove(customerDocumentId, addresses),

    latest: (limit: number) => list().latest(limit),

    suppress,
  };
};
