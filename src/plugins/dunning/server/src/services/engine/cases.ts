import type { Core } from '@strapi/strapi';

import type { Settings } from '../../../../shared/contracts/settings';
import { decideCase, syncCase, whenToLook } from '../../domain/case-decision';
import { todayIn } from '../../domain/dates';
import { chooseSender } from '../../domain/grouping';
import type { InvoiceRecord } from '../../domain/records';
import { coverage } from '../../domain/reminder-invoices';
import { replannedStepIndex, type ScenarioStep } from '../../domain/schedule';
import { caseRepository, type ExistingCase } from '../../repositories/cases';
import { reminderRepository } from '../../repositories/reminders';
import { scenarioRepository } from '../../repositories/scenarios';
import type { NewRow } from '../../repositories/sql/bulk';
import { toDate } from '../../repositories/sql/db';
import { templateRepository } from '../../repositories/templates';
import { getPluginService } from '../../utils/plugin';
import { customerFields, queuedEmailFields, senderFields } from '../messages';

/**
 * Per-invoice progress through its scenario, kept in step with the invoices: which
 * scenario, which step is next, and when the engine must look at it (`nextActionAt`,
 * indexed, so a tick reads only due cases). A manual reminder counted in scenarios
 * (SPEC F3.2) advances it too; an invoice paid after reminders may get a thank-you (F4.5).
 */

type Scenario = { id: number; documentId: string; steps: ScenarioStep[] };

/** A date column as `YYYY-MM-DD`, however the database hands it back. */
const dayOf = (value: unknown) =>
  (value instanceof Date ? value.toISOString() : value ? String(value) : '').slice(0, 10);

export type ManualStep = {
  invoices: Array<{ documentId: string; customerDocumentId: string; dueDate: string }>;
  reminderId: number;
  countsInScenario: boolean;
  /** 1-based, as the user picks it; null = the next step. */
  overrideNextStep: number | null;
  at: Date;
  /** The customer's: the day of the reminder is the day of its step. */
  timezone: string;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);
  const cases = () => caseRepository(strapi);

  /** F4.5: a thank-you for an invoice paid after it was reminded, when the setting asks for one. */
  const thankForPayment = async (invoice: InvoiceRecord, caseDocumentId: string, now: Date) => {
    const settings = await service('settings').get();
    if (!settings.automatic.thankYou || !invoice.customer) return;
    const language =
      (invoice.customer.locale || 'fr').slice(0, 2).toLowerCase() === 'en' ? 'en' : 'fr';
    const template = await templateRepository(strapi).findByPredefinedKey(
      `thank-you.email.${language}`
    );
    const senderId = chooseSender(
      settings.automatic.sender,
      [invoice.creatorId],
      invoice.customer.ownerId
    );
    const sender = senderId === null ? null : await service('senders').findActive(senderId);
    const idempotencyKey = `thanks:${caseDocumentId}`;
    if (!template) return;
    const paid = {
      documentId: invoice.documentId,
      number: invoice.number,
      dueDate: invoice.dueDate,
      amountDue: invoice.total ?? 0,
      currency: invoice.currency,
    };
    await reminderRepository(strapi).createOnce(
      {
        type: 'thank_you',
        trigger: 'automatic',
        ...queuedEmailFields(now),
        ...customerFields(invoice.customer),
        ...coverage([paid]),
        currency: invoice.currency,
        ...senderFields(sender),
        template: template.documentId,
        idempotencyKey,
      },
      'queued',
      now
    );
  };

  /** Closes a case, and takes its invoice out of the reminders waiting in the batch view. */
  const close = async (existing: { id: number; documentId: string }, reason: string, now: Date) => {
    await cases().update(existing.documentId, {
      state: 'closed',
      stateReason: reason,
      nextActionAt: null,
    });
    await reminderRepository(strapi).withdrawFromPlanned([existing.id], reason, now);
  };

  /**
   * Brings one invoice's case in line with the invoice (read just before, its promises
   * reviewed): closes or updates an existing case; a new one is returned, to be inserted
   * alone or with its page.
   */
  const reconcile = async (
    invoiceDocumentId: string,
    invoice: InvoiceRecord | undefined,
    existing: ExistingCase | null,
    scenario: Scenario | null,
    settings: Settings,
    now: Date
  ): Promise<NewRow | null> => {
    if (!invoice?.customer) {
      if (existing && existing.state !== 'closed') await close(existing, 'deleted', now);
      return null;
    }
    const synced = syncCase({
      invoice,
      timezone: service('messages').timezoneOf(invoice.customer),
      scenario,
      existing: existing && {
        scenario: existing.scenario,
        nextStepIndex: existing.nextStepIndex,
        lastStepDate: existing.lastStepDate ?? null,
      },
      window: settings.automatic.sendWindow,
      now,
    });
    if (synced.kind === 'close') {
      if (existing && existing.state !== 'closed') {
        await close(existing, synced.reason, now);
        if (synced.reason === 'paid' && existing.lastReminderAt)
          await thankForPayment(invoice, existing.documentId, now);
      }
      return null;
    }
    const data = {
      invoiceDocumentId,
      customerDocumentId: invoice.customer.documentId,
      state: 'active' as const,
      stateReason: null,
      dueDate: invoice.dueDate,
      nextStepIndex: synced.nextStepIndex,
      nextActionAt: synced.nextActionAt,
    };
    if (!existing) return { data, links: { scenario: scenario?.id ?? null } };
    const unchanged =
      existing.state === 'active' &&
      !existing.stateReason &&
      existing.customerDocumentId === data.customerDocumentId &&
      dayOf(existing.dueDate) === data.dueDate &&
      existing.nextStepIndex === data.nextStepIndex &&
      toDate(existing.nextActionAt)?.getTime() === data.nextActionAt?.getTime() &&
      (existing.scenario?.id ?? null) === (scenario?.id ?? null);
    if (!unchanged)
      await cases().update(existing.documentId, {
        ...data,
        scenario: scenario?.documentId ?? null,
      });
    return null;
  };

  return {
    /**
     * Brings one invoice's case in line with the invoice: closed when it is paid,
     * cancelled, a draft or gone; otherwise active with its next action time.
     */
    async sync(invoiceDocumentId: string, now = new Date()) {
      const [invoice] = await service('receivables').findInvoices([invoiceDocumentId]);
      const existing =
        (await cases().byInvoices([invoiceDocumentId])).get(invoiceDocumentId) ?? null;
      const customer = invoice?.customer;
      if (customer) await service('promises').reviewInvoices([invoice], now);
      const scenario = customer
        ? ((await service('scenarios').followedBy(customer)) as Scenario | null)
        : null;
      const created = await reconcile(
        invoiceDocumentId,
        invoice,
        existing,
        scenario,
        await service('settings').get(),
        now
      );
      if (created) await cases().insert([created], now);
    },

    close,

    /** Re-syncs the cases of one customer's invoices (after its flags, timezone or scenario changed). */
    async syncCustomer(customerDocumentId: string) {
      const open = await service('receivables').openInvoicesOfCustomer(customerDocumentId);
      const tracked = await cases().activeInvoicesOfCustomer(customerDocumentId);
      const ids = new Set([...open.map((invoice) => invoice.documentId), ...tracked]);
      for (const id of ids) await this.sync(id);
    },

    /** The engine looks at a customer's active cases on its next tick (after its pause changed). */
    async lookAgain(customerDocumentId: string, now = new Date()) {
      await cases().dueNow(customerDocumentId, now);
    },

    /** Re-syncs the open cases that follow a scenario (after it stopped being the default). */
    async syncFollowers(scenarioDocumentId: string) {
      for (let lastId = 0; ;) {
        const page = await cases().followersOf(scenarioDocumentId, lastId, 200);
        if (page.length === 0) return;
        for (const row of page) await this.sync(row.invoiceDocumentId);
        lastId = page[page.length - 1].id;
      }
    },

    /**
     * Re-plans the open cases of a scenario whose steps changed (SPEC F4.7): each goes on
     * at the first step after the day it was last reminded on, due at that step's time.
     * Works from the cases alone (due date, last reminder, customer time zone), a page at
     * a time, so a scenario followed by many invoices re-plans quickly.
     */
    async replanFollowers(scenario: Scenario, before: ScenarioStep[], now = new Date()) {
      const settings = await service('settings').get();
      let replanned = 0;
      for (let lastId = 0; ;) {
        const page = await cases().replanPage(scenario.id, lastId, 500);
        if (page.length === 0) return { replanned };
        const customers = new Map(
          (
            await service('receivables').findCustomers([
              ...new Set(page.map((row) => row.customerDocumentId)),
            ])
          ).map((customer) => [customer.documentId, customer])
        );
        for (const row of page) {
          const timezone = service('messages').timezoneOf(
            customers.get(row.customerDocumentId) ?? { timezone: null }
          );
          const nextStepIndex = replannedStepIndex({
            before,
            after: scenario.steps,
            nextStepIndex: row.nextStepIndex,
            dueDate: row.dueDate,
            lastStepDate: row.lastStepDate,
          });
          // The case is active, so its invoice is open with something due.
          const facts = {
            invoice: { status: 'open' as const, amountDue: 1, dueDate: row.dueDate },
            steps: scenario.steps,
            nextStepIndex,
            timezone,
          };
          const decision = decideCase({ facts, window: settings.automatic.sendWindow, now });
          const closed =
            decision.kind === 'close'
              ? { state: 'closed' as const, stateReason: decision.reason }
              : {};
          await cases().updateById(row.id, {
            nextStepIndex,
            overrideStepIndex: null,
            nextActionAt: whenToLook(decision, facts, settings.automatic.sendWindow),
            ...closed,
          });
        }
        replanned += page.length;
        lastId = page[page.length - 1].id;
      }
    },

    /**
     * Re-syncs every case of the mapped invoices (after a mapping change or an import),
     * a page of invoices at a time: the page's invoices, cases and promises in a few
     * queries, the same decision as `sync` for each, and the new cases in one insert.
     */
    async resyncAll(pageSize = 500, now = new Date()) {
      const settings = await service('settings').get();
      const scenarioList = await scenarioRepository(strapi).forPlanning();
      const scenarios = new Map(scenarioList.map((scenario) => [scenario.documentId, scenario]));
      const fallback = scenarioList.find((scenario) => scenario.isDefault) ?? null;
      let synced = 0;
      for (let afterId = 0; ;) {
        const page = await service('receivables').invoicePage(afterId, pageSize);
        if (page.invoices.length === 0) return { synced };
        const existing = await cases().byInvoices(
          page.invoices.map((invoice) => invoice.documentId)
        );
        await service('promises').reviewInvoices(
          page.invoices.filter((invoice) => invoice.customer),
          now
        );
        const created: NewRow[] = [];
        for (const invoice of page.invoices) {
          // The customer's own scenario, else the default one (scenarios.followedBy).
          const own = invoice.customer?.scenarioDocumentId
            ? scenarios.get(invoice.customer.scenarioDocumentId)
            : undefined;
          const row = await reconcile(
            invoice.documentId,
            invoice,
            existing.get(invoice.documentId) ?? null,
            own ?? fallback,
            settings,
            now
          );
          if (row) created.push(row);
        }
        await cases().insert(created, now);
        synced += page.invoices.length;
        afterId = page.lastId;
      }
    },

    async recordManualReminder({
      invoices,
      reminderId,
      countsInScenario,
      overrideNextStep,
      at,
      timezone,
    }: ManualStep) {
      for (const invoice of invoices) {
        const existing = (await cases().byInvoices([invoice.documentId])).get(invoice.documentId);
        const progress = countsInScenario
          ? {
              nextStepIndex: overrideNextStep
                ? overrideNextStep - 1
                : (existing?.nextStepIndex ?? 0) + 1,
              overrideStepIndex: overrideNextStep ? overrideNextStep - 1 : null,
              lastReminderAt: at,
              lastStepDate: todayIn(timezone, at),
            }
          : { lastReminderAt: at };
        const reminders = { connect: [reminderId] };
        if (existing) {
          await cases().update(existing.documentId, { ...progress, reminders });
        } else {
          await cases().create({
            invoiceDocumentId: invoice.documentId,
            customerDocumentId: invoice.customerDocumentId,
            dueDate: invoice.dueDate,
            state: 'active',
            nextStepIndex: 0,
            ...progress,
            reminders,
          });
        }
        await this.sync(invoice.documentId, at);
      }
    },
  };
};
