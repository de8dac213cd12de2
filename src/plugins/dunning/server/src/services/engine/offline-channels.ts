import type { Core } from '@strapi/strapi';

import type { CallInput } from '../../../../shared/contracts/reminders';
import { letterFileName } from '../../domain/file-names';
import type { Letter } from '../../domain/message-layout';
import type { ReminderRecord } from '../../domain/records';
import { reminderRepository } from '../../repositories/reminders';
import { getPluginService } from '../../utils/plugin';
import type { Person } from '../messages';

/**
 * The channels a person carries out — a letter produced, a call logged — for a
 * reminder they took (claimed) from the batch view or the pop-up: the work is done, then
 * the reminder is sent; if the work fails, it goes back to the batch view with the error
 * on its record (`complete` in repositories/reminders.ts).
 */

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);

  return {
    /**
     * The letter as a PDF kept on its reminder (stored under a safe name), and as laid out
     * for a reader's copy without its link; the reminder sent with `data`.
     */
    async produceLetter(
      reminder: Pick<ReminderRecord, 'id' | 'documentId'>,
      customer: { reference?: string | null; documentId: string },
      letter: Letter,
      owner: string,
      at: Date,
      data: Partial<ReminderRecord> = {}
    ) {
      return reminderRepository(strapi).complete(reminder.id, owner, at, async () => {
        const pdf = await service('letters').render([letter]);
        const file = await service('files').store(
          letterFileName(customer, reminder.documentId),
          pdf,
          'application/pdf'
        );
        return {
          data: { ...data, letter },
          relations: { document: file.id },
          note: 'letter produced',
        };
      });
    },

    /** A call's outcome applied to its invoices (a promise, a dispute), the reminder sent. */
    async logCall(
      reminderId: number,
      invoiceDocumentIds: string[],
      call: CallInput,
      by: Person,
      owner: string,
      at: Date
    ) {
      return reminderRepository(strapi).complete(reminderId, owner, at, async () => {
        await service('promises').applyCallOutcome(invoiceDocumentIds, call, by, at);
        return { note: `call: ${call.outcome}` };
      });
    },
  };
};
