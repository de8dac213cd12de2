import type { Core } from '@strapi/strapi';

/**
 * Per-invoice progress through its scenario. For now, what a manual reminder counted
 * in scenarios records (SPEC F3.2): the step advances by one, or jumps to the step the
 * user chose; the engine reads it later.
 */

const UID = 'plugin::dunning.case';

export type ManualStep = {
  invoices: Array<{ documentId: string; customerDocumentId: string; dueDate: string }>;
  reminderId: number;
  countsInScenario: boolean;
  /** 1-based, as the user picks it; null = the next step. */
  overrideNextStep: number | null;
  at: Date;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID as any);

  return {
    async recordManualReminder({ invoices, reminderId, countsInScenario, overrideNextStep, at }: ManualStep) {
      for (const invoice of invoices) {
        const [existing] = (await documents().findMany({ filters: { invoiceDocumentId: invoice.documentId }, limit: 1 })) as any[];
        const progress = countsInScenario
          ? {
              nextStepIndex: overrideNextStep ? overrideNextStep - 1 : (existing?.nextStepIndex ?? 0) + 1,
              overrideStepIndex: overrideNextStep ? overrideNextStep - 1 : null,
              lastReminderAt: at,
            }
          : { lastReminderAt: at };
        const reminders = { connect: [reminderId] };
        if (existing) {
          await documents().update({ documentId: existing.documentId, data: { ...progress, reminders } as any });
        } else {
          await documents().create({
            data: {
              invoiceDocumentId: invoice.documentId,
              customerDocumentId: invoice.customerDocumentId,
              dueDate: invoice.dueDate,
              state: 'active',
              nextStepIndex: 0,
              ...progress,
              reminders,
            } as any,
          });
        }
      }
    },
  };
};
