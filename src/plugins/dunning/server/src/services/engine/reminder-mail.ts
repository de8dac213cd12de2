import type { Core } from '@strapi/strapi';

import type { Mailbox } from '../../domain/addresses';
import type { CustomerRecord, InvoiceRecord, ReminderRecord } from '../../domain/records';
import { getPluginService } from '../../utils/plugin';
import type { MailAttachment, OutgoingMail } from '../mailer';
import type { Localize, Person } from '../messages';

/**
 * The mail of one claimed e-mail reminder: its message (as written, or rendered now on
 * what is still due), its attachments, and what goes on its record before it leaves.
 */

/** Who a reminder's mail goes to and what it says. */
export type ReminderMessage = {
  to: Mailbox[];
  cc: Mailbox[];
  subject: string;
  html: string;
  text: string;
};

/** A mail ready to hand over, and the columns written on its reminder before it leaves. */
export type ReadyMail = { record: Partial<ReminderRecord>; mail: OutgoingMail };

export const reminderMail = (strapi: Core.Strapi) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);

  /** The files kept with the reminder, its invoices' PDFs and the statement of account (rendered now, in the customer's language), as asked. */
  const attachmentsOf = async (
    reminder: ReminderRecord,
    kept: InvoiceRecord[],
    sender: Person,
    now: Date
  ): Promise<MailAttachment[]> => {
    const files = service('files');
    const attachments = await Promise.all(
      (reminder.files ?? []).map((file) => files.readMedia(file))
    );
    if (reminder.attachInvoicePdfs) {
      for (const invoice of kept)
        if (invoice.pdf) attachments.push(await files.readMedia(invoice.pdf));
    }
    if (reminder.attachStatement)
      attachments.push({
        ...(await service('statements').pdf(reminder.customerDocumentId, sender, now)),
        contentType: 'application/pdf',
      });
    return attachments;
  };

  return {
    /**
     * The message as the pop-up's user wrote it, or rendered now from the template on
     * what is still due (`kept`). Null: none of the invoices has an address to write to.
     */
    async message(
      reminder: ReminderRecord,
      customer: CustomerRecord,
      kept: InvoiceRecord[],
      sender: Person,
      now: Date,
      localized: Localize
    ): Promise<ReminderMessage | null> {
      const cc = reminder.cc ?? [];
      if (reminder.trigger === 'manual') {
        return {
          to: reminder.recipients ?? [],
          cc,
          subject: reminder.subject ?? '',
          html: reminder.body ?? '',
          text: reminder.bodyText ?? '',
        };
      }
      const { recipients } = service('messages').recipientsOf(kept);
      if (recipients.length === 0) return null;
      if (!reminder.template) throw new Error('the reminder has no template');
      const { subject, html, text } = await service('messages').compose(
        { template: reminder.template },
        { customer, invoices: kept, sender, recipient: recipients[0].address, now },
        localized
      );
      return { to: recipients, cc, subject, html, text };
    },

    /**
     * The mail of `message` from `sender`, with its attachments, the team's Bcc copy and
     * a deterministic Message-ID; and its record: the invoices it covers (`covered`), the
     * message as sent, the attachments' names and sizes.
     */
    async ready({
      reminder,
      message,
      kept,
      sender,
      bccCopy,
      covered,
      now,
    }: {
      reminder: ReminderRecord;
      message: ReminderMessage;
      kept: InvoiceRecord[];
      sender: Person;
      bccCopy: string | null;
      covered: Partial<ReminderRecord>;
      now: Date;
    }): Promise<ReadyMail> {
      const attachments = await attachmentsOf(reminder, kept, sender, now);
      const bcc: Mailbox[] = bccCopy ? [{ address: bccCopy }] : [];
      const { from, replyTo } = await service('messages').mailboxesOf(sender);
      const messageId = `reminder-${reminder.documentId}@${service('mailer').messageIdDomain()}`;
      const record: Partial<ReminderRecord> = {
        ...covered,
        recipients: message.to,
        bcc,
        subject: message.subject,
        body: message.html,
        bodyText: message.text,
        messageId: `<${messageId}>`,
        attachments: attachments.map((a) => ({
          filename: a.filename,
          size: a.content.length,
          contentType: a.contentType,
        })),
      };
      // The open pixel goes in the mail only: the stored body stays free of it, so viewing
      // it in the admin opens nothing.
      const html = await service('tracking').withOpenPixel(message.html, reminder.documentId);
      return {
        record,
        mail: {
          from,
          replyTo,
          to: message.to,
          cc: message.cc,
          bcc,
          subject: message.subject,
          html,
          text: message.text,
          attachments,
          messageId,
        },
      };
    },
  };
};
