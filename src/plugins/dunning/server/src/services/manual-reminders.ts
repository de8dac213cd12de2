import type { Core } from '@strapi/strapi';
import { formatAddressList, type Mailbox } from '../rules/addresses';
import { attachmentLimitProblem } from '../rules/attachments';
import { todayIn } from '../rules/dates';
import { labelsFor } from '../rules/message-layout';
import { invalidInput, type FieldProblem } from '../utils/errors';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import type { ManualReminderInput } from '../validation/manual-reminder';
import type { UploadedFile } from './files';
import type { MailAttachment } from './mailer';
import type { InvoiceRecord, CustomerRecord } from './receivables';
import { toReminderSummary, type ReminderSummary } from './reminders';

/**
 * The manual reminder of the pop-up (SPEC F3.1–F3.3): everything is checked before
 * anything is written; then one reminder record is created and the action taken — an
 * e-mail sent, a letter produced, a call logged.
 */

export type Requester = { id: number; firstname?: string | null; lastname?: string | null; email: string };

const LEASE_MS = 5 * 60 * 1000;

const personName = (user: { firstname?: string | null; lastname?: string | null; email: string }) =>
  [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email;

const checkInvoices = (
  input: Pick<ManualReminderInput, 'invoiceDocumentIds' | 'customerDocumentId' | 'type'>,
  invoices: InvoiceRecord[]
): FieldProblem[] => {
  const byId = new Map(invoices.map((invoice) => [invoice.documentId, invoice]));
  return input.invoiceDocumentIds.flatMap((documentId, index): FieldProblem[] => {
    const path = `invoiceDocumentIds.${index}`;
    const invoice = byId.get(documentId);
    if (!invoice) return [{ path, message: `invoice ${documentId} does not exist` }];
    if (invoice.customer?.documentId !== input.customerDocumentId) {
      return [{ path, message: `invoice ${invoice.number} belongs to another customer` }];
    }
    if (input.type === 'thank_you') {
      return invoice.status === 'paid' || invoice.amountDue === 0 ? [] : [{ path, message: `invoice ${invoice.number} is not paid yet` }];
    }
    if (invoice.status !== 'open') return [{ path, message: `invoice ${invoice.number} is ${invoice.status}` }];
    if (invoice.amountDue <= 0) return [{ path, message: `invoice ${invoice.number} has nothing left to pay` }];
    return [];
  });
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) => getPluginService(strapi, name);

  /** Recipients of a selection: each invoice's F1.3 addresses, once each. */
  const recipientsOf = (invoices: InvoiceRecord[]) => {
    const seen = new Set<string>();
    const recipients: Mailbox[] = [];
    const invalid: Array<{ source: string; address: string }> = [];
    let source: string | null = null;
    for (const invoice of invoices) {
      const resolution = service('receivables').recipientsFor(invoice);
      source ??= resolution.source;
      invalid.push(...resolution.invalid);
      for (const mailbox of resolution.recipients) {
        if (seen.has(mailbox.address.toLowerCase())) continue;
        seen.add(mailbox.address.toLowerCase());
        recipients.push(mailbox);
      }
    }
    return { recipients, source, invalid };
  };

  const todayFor = (customer: CustomerRecord, now: Date) =>
    todayIn(customer.timezone || getPluginConfig(strapi).cron.timezone, now);

  const portalUrl = (customer: CustomerRecord) => service('portal').linkFor(customer.documentId);

  return {
    /** The template data of a selection, formatted for the customer. */
    async contextFor({ customer, invoices, sender, recipient, now }: { customer: CustomerRecord; invoices: InvoiceRecord[]; sender: Requester; recipient: string | null; now: Date }) {
      const settings = await service('settings').get();
      const contact = invoices[0]?.contact ?? customer.favouriteContact;
      return service('templates').buildContext({
        locale: customer.locale || 'fr-FR',
        today: todayFor(customer, now),
        customer,
        contact: contact ? { name: contact.name, email: recipient ?? recipientsOf(invoices).recipients[0]?.address ?? null } : null,
        sender: { name: personName(sender), email: sender.email },
        company: settings.company,
        invoices,
        portalUrl: portalUrl(customer),
      });
    },

    /** What the pop-up pre-fills for a selection. */
    async prepare(customerDocumentId: string, invoiceDocumentIds: string[]) {
      const invoices = await service('receivables').findInvoices(invoiceDocumentIds);
      const problems = checkInvoices({ customerDocumentId, invoiceDocumentIds, type: 'reminder' }, invoices).filter(
        (problem) => !problem.message.includes(' is paid') && !problem.message.includes('nothing left')
      );
      if (problems.length) throw invalidInput(problems);
      const { recipients, source, invalid } = recipientsOf(invoices);
      const settings = await service('settings').get();
      return {
        recipients: recipients.map((mailbox) => mailbox.address),
        recipientSource: source,
        invalidAddresses: invalid,
        bccCopy: settings.bccCopy,
        amount: Math.round(invoices.reduce((sum, invoice) => sum + invoice.amountDue, 0) * 100) / 100,
        currency: invoices[0]?.currency ?? 'EUR',
      };
    },

    async send(input: ManualReminderInput, files: UploadedFile[], requester: Requester, now = new Date()): Promise<ReminderSummary> {
      const idempotencyKey = `manual:${input.requestId}`;
      const done = await service('reminders').findByIdempotencyKey(idempotencyKey);
      if (done) return toReminderSummary(done);

      // 1. Check everything; nothing is written before this block passes.
      const problems: FieldProblem[] = [];
      const customer = await service('receivables').findCustomer(input.customerDocumentId);
      if (!customer) throw invalidInput([{ path: 'customerDocumentId', message: `customer ${input.customerDocumentId} does not exist` }]);
      const invoices = await service('receivables').findInvoices(input.invoiceDocumentIds);
      problems.push(...checkInvoices(input, invoices));

      const template = input.templateDocumentId
        ? await strapi.documents('plugin::dunning.template' as any).findOne({ documentId: input.templateDocumentId })
        : null;
      if (input.templateDocumentId && !template) {
        problems.push({ path: 'templateDocumentId', message: `template ${input.templateDocumentId} does not exist` });
      } else if (template) {
        const expectedChannel = input.channel === 'other' ? 'phone' : input.channel;
        if (template.type !== input.type) problems.push({ path: 'templateDocumentId', message: `is a ${template.type} template, not ${input.type}` });
        if (template.channel !== expectedChannel) problems.push({ path: 'templateDocumentId', message: `is a ${template.channel} template, not ${expectedChannel}` });
      }

      const sender = input.senderId
        ? await strapi.db.query('admin::user').findOne({ where: { id: input.senderId, isActive: true } })
        : requester;
      if (!sender) problems.push({ path: 'senderId', message: `admin user ${input.senderId} does not exist or is inactive` });

      const limit = attachmentLimitProblem(files.map((file) => ({ name: file.originalFilename ?? '', size: file.size })));
      if (limit) problems.push({ path: 'attachments', message: limit });
      if (problems.length) throw invalidInput(problems);

      const settings = await service('settings').get();
      const ordered = input.invoiceDocumentIds.map((id) => invoices.find((invoice) => invoice.documentId === id)!);
      const context = await this.contextFor({ customer, invoices: ordered, sender: sender!, recipient: input.recipients[0] ?? null, now });
      const locale = customer.locale || template?.locale || 'fr-FR';
      const channelOfTemplate = input.channel === 'other' ? 'phone' : input.channel;
      const rendered = input.body.trim()
        ? service('templates').render(
            { channel: channelOfTemplate, subject: input.subject, body: input.body, locale: template?.locale ?? locale },
            context,
            // The template as saved compiles once; an edited body is compiled for this send only.
            template && template.body === input.body ? `${template.documentId}:${template.updatedAt}` : undefined
          )
        : null;

      let attachments: MailAttachment[] = [];
      if (input.channel === 'email') {
        attachments = await service('files').readUploads(files);
        if (input.attachInvoicePdfs) {
          for (const invoice of ordered) if (invoice.pdf) attachments.push(await service('files').readMedia(invoice.pdf));
        }
      }

      // 2. Record the action, then take it.
      const bcc: Mailbox[] = input.channel === 'email' && settings.bccCopy ? [{ address: settings.bccCopy }] : [];
      const reminder = await service('reminders').create(
        {
          type: input.type,
          channel: input.channel,
          trigger: 'manual',
          customerDocumentId: customer.documentId,
          customerName: customer.name,
          invoices: ordered.map(({ documentId, number, dueDate, amountDue, currency }) => ({ documentId, number, dueDate, amountDue, currency })),
          amount: Math.round(ordered.reduce((sum, invoice) => sum + invoice.amountDue, 0) * 100) / 100,
          currency: ordered[0].currency,
          sender: sender!.id,
          senderName: personName(sender!),
          senderEmail: sender!.email,
          recipients: input.recipients.map((address) => ({ address })),
          cc: input.cc.map((address) => ({ address })),
          bcc,
          subject: rendered?.subject ?? null,
          body: input.channel === 'email' ? rendered?.html : rendered?.text ?? null,
          attachments: attachments.map((a) => ({ filename: a.filename, size: a.content.length, contentType: a.contentType })),
          template: template?.documentId ?? null,
          countsInScenario: input.countsInScenario,
          overrideNextStep: input.overrideNextStep ?? null,
          callOutcome: input.call?.outcome ?? null,
          note: input.call?.note ?? null,
          idempotencyKey,
          attempts: 0,
        },
        input.channel === 'email' ? 'queued' : 'planned',
        now
      );

      let result = reminder;
      if (input.channel === 'email') {
        result = await this.deliver(reminder.documentId, {
          from: { name: `${personName(sender!)} – ${settings.company.name}`, address: service('mailer').defaultFrom()!.address },
          replyTo: { name: personName(sender!), address: sender!.email },
          to: input.recipients.map((address) => ({ address })),
          cc: input.cc.map((address) => ({ address })),
          bcc,
          subject: rendered!.subject,
          html: rendered!.html,
          text: rendered!.text,
          attachments,
        });
        if (input.saveAddresses) {
          await service('receivables').saveReminderAddresses({
            invoiceDocumentIds: input.invoiceDocumentIds,
            contactDocumentId: ordered[0].contact?.documentId ?? null,
            addresses: formatAddressList(input.recipients),
          });
        }
      } else if (input.channel === 'letter') {
        const pdf = await service('letters').render([
          { subject: rendered!.subject, parts: rendered!.letterParts, context, labels: labelsFor(template!.locale) },
        ]);
        const file = await service('files').store(`letter-${customer.reference || customer.documentId}-${reminder.documentId}.pdf`, pdf, 'application/pdf');
        result = await service('reminders').transition(reminder.documentId, 'sent', new Date(), { document: file.id, sentAt: new Date() }, 'letter produced');
      } else {
        await service('receivables').recordCallOutcome({
          invoiceDocumentIds: input.invoiceDocumentIds,
          promisedDate: input.call?.outcome === 'promised' ? input.call.promisedDate : undefined,
          disputed: input.call?.outcome === 'disputed',
        });
        result = await service('reminders').transition(reminder.documentId, 'sent', new Date(), { sentAt: new Date() }, `call: ${input.call!.outcome}`);
      }

      if (result.status === 'sent') {
        await service('cases').recordManualReminder({
          invoices: ordered.map((invoice) => ({ documentId: invoice.documentId, customerDocumentId: customer.documentId, dueDate: invoice.dueDate })),
          reminderId: Number(reminder.id),
          countsInScenario: input.countsInScenario,
          overrideNextStep: input.overrideNextStep ?? null,
          at: now,
        });
      }
      return toReminderSummary(result);
    },

    /** Claims a queued e-mail reminder and sends it; the outcome lands on the record. */
    async deliver(documentId: string, mail: Omit<Parameters<ReturnType<typeof getPluginService<'mailer'>>['send']>[0], 'messageId'>) {
      const owner = `manual:${process.pid}`;
      if (!(await service('reminders').claim(documentId, owner, LEASE_MS, new Date()))) {
        return (await service('reminders').findOne(documentId))!;
      }
      const messageId = `reminder-${documentId}@${service('mailer').messageIdDomain()}`;
      try {
        const sent = await service('mailer').send({ ...mail, messageId });
        return service('reminders').transition(documentId, 'sent', new Date(), {
          messageId: sent.messageId,
          serverResponse: sent.response,
          sentAt: new Date(),
          attempts: 1,
        });
      } catch (error) {
        const failure = error as Error & { response?: string; responseCode?: number };
        return service('reminders').transition(
          documentId,
          'failed',
          new Date(),
          { messageId: `<${messageId}>`, error: failure.message, serverResponse: failure.response ?? null, failedAt: new Date(), attempts: 1 },
          failure.message
        );
      }
    },
  };
};
