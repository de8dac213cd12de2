import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import type { ManualReminderInput } from '../../../shared/contracts/reminders';
import { formatAddressList } from '../domain/addresses';
import { attachmentLimitProblem } from '../domain/attachments';
import type { InvoiceRecord, ReminderRecord } from '../domain/records';
import { coverageOf } from '../domain/reminder-invoices';
import { templateChannelOf } from '../domain/template-language';
import { reminderRepository } from '../repositories/reminders';
import { templateRepository } from '../repositories/templates';
import { type FieldProblem, invalidInput } from '../utils/errors';
import { getPluginService } from '../utils/plugin';
import type { UploadedFile } from './files';
import { customerFields, type Person, personName, senderFields } from './messages';
import { type ReminderSummary, toReminderSummary } from './reminders';

/**
 * The manual reminder of the pop-up (SPEC F3.1–F3.3): everything is checked before
 * anything is written; then one reminder record is created and the action taken — an
 * e-mail sent, a letter produced, a call logged.
 */

export type Requester = Person;

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
      return invoice.status === 'paid' || invoice.amountDue === 0
        ? []
        : [{ path, message: `invoice ${invoice.number} is not paid yet` }];
    }
    if (invoice.status !== 'open')
      return [{ path, message: `invoice ${invoice.number} is ${invoice.status}` }];
    if (invoice.amountDue <= 0)
      return [{ path, message: `invoice ${invoice.number} has nothing left to pay` }];
    return [];
  });
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);

  return {
    /** What the pop-up pre-fills for a selection. */
    async prepare(customerDocumentId: string, invoiceDocumentIds: string[]) {
      const invoices = await service('receivables').findInvoices(invoiceDocumentIds);
      const problems = checkInvoices(
        { customerDocumentId, invoiceDocumentIds, type: 'reminder' },
        invoices
      ).filter(
        (problem) =>
          !problem.message.includes(' is paid') && !problem.message.includes('nothing left')
      );
      if (problems.length) throw invalidInput(problems);
      const { recipients, source, invalid } = service('messages').recipientsOf(invoices);
      const settings = await service('settings').get();
      return {
        recipients: recipients.map((mailbox) => mailbox.address),
        recipientSource: source,
        invalidAddresses: invalid,
        bccCopy: settings.bccCopy,
        amount:
          Math.round(invoices.reduce((sum, invoice) => sum + invoice.amountDue, 0) * 100) / 100,
        currency: invoices[0]?.currency ?? 'EUR',
      };
    },

    async send(
      input: ManualReminderInput,
      files: UploadedFile[],
      requester: Requester,
      now = new Date()
    ): Promise<ReminderSummary> {
      const idempotencyKey = `manual:${input.requestId}`;
      const done = await service('reminders').findByIdempotencyKey(idempotencyKey);
      if (done) return toReminderSummary(done);

      // 1. Check everything; nothing is written before this block passes.
      const problems: FieldProblem[] = [];
      const customer = await service('receivables').findCustomer(input.customerDocumentId);
      if (!customer)
        throw invalidInput([
          {
            path: 'customerDocumentId',
            message: `customer ${input.customerDocumentId} does not exist`,
          },
        ]);
      const invoices = await service('receivables').findInvoices(input.invoiceDocumentIds);
      problems.push(...checkInvoices(input, invoices));

      const template = input.templateDocumentId
        ? await templateRepository(strapi).findOne(input.templateDocumentId)
        : null;
      if (input.templateDocumentId && !template) {
        problems.push({
          path: 'templateDocumentId',
          message: `template ${input.templateDocumentId} does not exist`,
        });
      } else if (template) {
        const expectedChannel = templateChannelOf(input.channel);
        if (template.type !== input.type)
          problems.push({
            path: 'templateDocumentId',
            message: `is a ${template.type} template, not ${input.type}`,
          });
        if (template.channel !== expectedChannel)
          problems.push({
            path: 'templateDocumentId',
            message: `is a ${template.channel} template, not ${expectedChannel}`,
          });
      }

      const sender = input.senderId
        ? await service('senders').findSender(input.senderId)
        : requester;
      if (!sender)
        problems.push({
          path: 'senderId',
          message: `admin user ${input.senderId} does not exist, is inactive or may not send reminders`,
        });

      const limit = attachmentLimitProblem(
        files.map((file) => ({ name: file.originalFilename ?? '', size: file.size }))
      );
      if (limit) problems.push({ path: 'attachments', message: limit });
      if (problems.length) throw invalidInput(problems);

      const ordered = input.invoiceDocumentIds.map((id) =>
        invoices.find((invoice) => invoice.documentId === id)!
      );
      const rendered = input.body.trim()
        ? await service('messages').compose(
            {
              written: {
                channel: templateChannelOf(input.channel),
                format: input.format,
                subject: input.subject,
                body: input.body,
              },
              template,
            },
            {
              customer,
              invoices: ordered,
              sender: sender!,
              recipient: input.recipients[0] ?? null,
              now,
            }
          )
        : null;

      // 2. Record the action, then take it. Attached files are kept with the reminder,
      // so a retry or a resend carries them too.
      const stored = input.channel === 'email' ? await service('files').storeUploads(files) : [];
      const { reminder, created } = await reminderRepository(strapi).createOnce(
        {
          type: input.type,
          channel: input.channel,
          trigger: 'manual',
          ...customerFields(customer),
          ...coverageOf(ordered),
          currency: ordered[0].currency,
          ...senderFields(sender!),
          recipients: input.recipients.map((address) => ({ address })),
          cc: input.cc.map((address) => ({ address })),
          subject: rendered?.subject ?? null,
          body: input.channel === 'email' ? rendered?.html : (rendered?.text ?? null),
          bodyText: input.channel === 'email' ? rendered?.text : null,
          files: stored.map((file) => file.id),
          attachInvoicePdfs: input.channel === 'email' && input.attachInvoicePdfs,
          attachStatement: input.channel === 'email' && input.attachStatement,
          template: template?.documentId ?? null,
          countsInScenario: input.countsInScenario,
          overrideNextStep: input.overrideNextStep ?? null,
          callOutcome: input.call?.outcome ?? null,
          note: input.call?.note ?? null,
          idempotencyKey,
          attempts: 0,
          queuedAt: input.channel === 'email' ? now : null,
        },
        input.channel === 'email' ? 'queued' : 'planned',
        now
      );
      if (!created) {
        // The same request posted twice at once: the other one's reminder stands, these files go.
        await service('files').remove(stored);
        return toReminderSummary(reminder);
      }

      let result: ReminderRecord;
      if (input.channel === 'email') {
        result = await service('delivery').deliver(reminder.documentId, now);
        if (input.saveAddresses) {
          await service('receivables').saveReminderAddresses({
            invoiceDocumentIds: input.invoiceDocumentIds,
            contactDocumentId: ordered[0].contact?.documentId ?? null,
            addresses: formatAddressList(input.recipients),
          });
        }
      } else {
        // A letter or a call: claimed while it is produced or logged, like one of the batch view.
        const owner = service('locks').claimToken();
        await reminderRepository(strapi).take(
          reminder,
          'sending',
          {},
          `${input.channel === 'letter' ? 'letter produced' : 'call logged'} from the pop-up by ${personName(requester)}`,
          now,
          owner
        );
        try {
          result =
            input.channel === 'letter'
              ? await service('offline-channels').produceLetter(
                  reminder,
                  customer,
                  rendered!.letter,
                  owner,
                  new Date()
                )
              : await service('offline-channels').logCall(
                  Number(reminder.id),
                  input.invoiceDocumentIds,
                  input.call!,
                  sender!,
                  owner,
                  new Date()
                );
        } catch (error) {
          throw new errors.ApplicationError(
            `the ${input.channel === 'letter' ? 'letter' : 'call'} could not be recorded (${(error as Error).message}); it waits in the batch view`
          );
        }
      }

      // A send that will be retried counts in the scenario now; a failed one does not.
      if (result.status === 'sent' || result.status === 'queued') {
        await service('cases').recordManualReminder({
          invoices: ordered.map((invoice) => ({
            documentId: invoice.documentId,
            customerDocumentId: customer.documentId,
            dueDate: invoice.dueDate,
          })),
          reminderId: Number(reminder.id),
          countsInScenario: input.countsInScenario,
          overrideNextStep: input.overrideNextStep ?? null,
          at: now,
          timezone: service('messages').timezoneOf(customer),
        });
      }
      return toReminderSummary(result);
    },
  };
};
