import type { Core } from '@strapi/strapi';
import { nextActionAt, type ScenarioStep } from '../rules/schedule';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import type { InvoiceRecord } from './receivables';

/**
 * Per-invoice progress through its scenario, kept in step with the invoices: which
 * scenario, which step is next, and when the engine must look at it (`nextActionAt`,
 * indexed, so a tick reads only due cases). A manual reminder counted in scenarios
 * (SPEC F3.2) advances it too.
 */

const UID = 'plugin::dunning.case';

type Scenario = { id: number; documentId: string; steps: ScenarioStep[] };

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
  const findCase = async (invoiceDocumentId: string) =>
    ((await documents().findMany({ filters: { invoiceDocumentId }, populate: ['scenario'] as any, limit: 1 })) as any[])[0] ?? null;

  /** The scenario an invoice follows: its customer's, or the default one. */
  const scenarioOf = async (invoice: InvoiceRecord): Promise<Scenario | null> => {
    const scenarios = getPluginService(strapi, 'scenarios');
    const assigned = invoice.customer?.scenarioDocumentId;
    const found = assigned ? await strapi.documents('plugin::dunning.scenario' as any).findOne({ documentId: assigned }) : null;
    return ((found ?? (await scenarios.findDefault())) as Scenario | null) ?? null;
  };

  return {
    /**
     * Brings one invoice's case in line with the invoice: closed when it is paid,
     * cancelled, a draft or gone; otherwise active with its next action time.
     */
    async sync(invoiceDocumentId: string) {
      const [invoice] = await getPluginService(strapi, 'receivables').findInvoices([invoiceDocumentId]);
      const existing = await findCase(invoiceDocumentId);
      if (!invoice || !invoice.customer || invoice.status !== 'open' || invoice.amountDue <= 0) {
        if (existing && existing.state !== 'closed') {
          const reason = !invoice ? 'deleted' : invoice.amountDue <= 0 && invoice.status === 'open' ? 'paid' : invoice.status;
          await documents().update({ documentId: existing.documentId, data: { state: 'closed', stateReason: reason, nextActionAt: null } as any });
        }
        return;
      }
      const scenario = await scenarioOf(invoice);
      const settings = await getPluginService(strapi, 'settings').get();
      // Progress is kept while the scenario stays the same (or the case had none yet).
      const sameScenario = !existing?.scenario || existing.scenario.documentId === scenario?.documentId;
      const nextStepIndex = sameScenario ? (existing?.nextStepIndex ?? 0) : 0;
      const data = {
        invoiceDocumentId,
        customerDocumentId: invoice.customer.documentId,
        scenario: scenario?.documentId ?? null,
        state: 'active',
        stateReason: null,
        dueDate: invoice.dueDate,
        nextStepIndex,
        nextActionAt: scenario
          ? nextActionAt({
              steps: scenario.steps,
              dueDate: invoice.dueDate,
              nextStepIndex,
              timezone: invoice.customer.timezone || getPluginConfig(strapi).cron.timezone,
              startHour: settings.automatic.sendWindow.startHour,
            })
          : null,
      };
      if (existing) await documents().update({ documentId: existing.documentId, data: data as any });
      else await documents().create({ data: data as any });
    },

    /** Re-syncs every case of the mapped invoices, page by page (after a mapping change or an import). */
    async resyncAll(pageSize = 200) {
      let synced = 0;
      for (let page = 0; ; page++) {
        const ids = await getPluginService(strapi, 'receivables').invoiceDocumentIds(page * pageSize, pageSize);
        for (const id of ids) await this.sync(id);
        synced += ids.length;
        if (ids.length < pageSize) return { synced };
      }
    },

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
        await this.sync(invoice.documentId);
      }
    },
  };
};
