import type { Core } from '@strapi/strapi';

import type { Settings } from '../../../../shared/contracts/settings';
import {
  type DueCase,
  planCases,
  type PlanningScenario,
  type PlanningSender,
  senderCandidates,
} from '../../domain/planning';
import type { TemplateRecord } from '../../domain/records';
import type { ReminderStatus } from '../../domain/reminder-lifecycle';
import { groupAlike, memoize } from '../../helpers';
import { caseRepository } from '../../repositories/cases';
import { reminderRepository, type WrittenReminder } from '../../repositories/reminders';
import { scenarioRepository } from '../../repositories/scenarios';
import { inTransaction, isUniqueViolation } from '../../repositories/sql/db';
import { templateRepository } from '../../repositories/templates';
import { getPluginConfig, getPluginService } from '../../utils/plugin';
import { personName } from '../messages';

/**
 * The planning half of a tick (SPEC F4.3–F4.4): reads the cases due at `now`, customer
 * by customer, and turns each customer's due steps into reminders (domain/planning.ts) —
 * automatic e-mails queued for sending, everything else planned for the batch view,
 * exclusions recorded with their reason. One transaction per page of customers: a
 * reminder is written together with the advance of its cases, which only moves from the
 * step it was read at, under the unique idempotency key; so a step is planned once,
 * whatever happens.
 */

export type PlanReport = {
  customers: number;
  cases: number;
  reminders: Partial<Record<ReminderStatus, number>>;
  waiting: number;
  postponed: number;
  /** Cases of paused customers, looked at again when the pause ends. */
  paused: number;
  closed: number;
  /** Pages rolled back because another writer moved one of their cases first. */
  conflicts: number;
};

class CaseMoved extends Error {}

/** What every page of one planning run shares: its time, the settings, scenarios and templates, the senders. */
type PlanningRun = {
  now: Date;
  settings: Settings;
  scenarios: Map<number, PlanningScenario>;
  defaultScenario: PlanningScenario | null;
  templates: Map<string, { id: number; type: TemplateRecord['type'] }>;
  sender: (id: number) => Promise<PlanningSender | null>;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);
  const cases = () => caseRepository(strapi);

  const startRun = async (now: Date): Promise<PlanningRun> => {
    const scenarioList: Array<PlanningScenario & { isDefault: boolean }> =
      await scenarioRepository(strapi).forPlanning();
    const senders = service('senders');
    return {
      now,
      settings: await service('settings').get(),
      scenarios: new Map(scenarioList.map((scenario) => [scenario.id, scenario])),
      defaultScenario: scenarioList.find((scenario) => scenario.isDefault) ?? null,
      templates: await templateRepository(strapi).typesByDocumentId(),
      sender: memoize(async (id: number) => {
        const person = await senders.findActive(id);
        return (
          person && {
            id: person.id,
            name: personName(person),
            email: person.email,
            maySend: await senders.maySend(id),
          }
        );
      }),
    };
  };

  /** Plans one page of customers in one transaction; returns the reminders as written. */
  const planCustomers = async (
    run: PlanningRun,
    customerIds: string[],
    report: PlanReport
  ): Promise<WrittenReminder[]> => {
    const { now, settings } = run;
    const rows = await cases().dueOf(customerIds, now);
    const invoices = new Map(
      (await service('receivables').findInvoices(rows.map((row) => row.invoiceDocumentId))).map(
        (invoice) => [invoice.documentId, invoice]
      )
    );
    report.cases += rows.length;
    const senders = new Map<number, PlanningSender>();
    for (const id of senderCandidates(settings.automatic, invoices.values())) {
      const sender = await run.sender(id);
      if (sender) senders.set(id, sender);
    }
    const planning = planCases({
      now,
      settings: settings.automatic,
      scenarios: run.scenarios,
      defaultScenario: run.defaultScenario,
      templates: run.templates,
      timezone: getPluginConfig(strapi).cron.timezone,
      cases: rows.map((row): DueCase => ({
        id: row.id,
        invoiceDocumentId: row.invoiceDocumentId,
        customerDocumentId: row.customerDocumentId,
        nextStepIndex: row.nextStepIndex,
        scenarioId: row.scenario?.id ?? null,
      })),
      invoices,
      senders,
      lastContact:
        settings.automatic.minDaysBetweenReminders > 0
          ? await service('reminders').lastContactDates(customerIds)
          : new Map(),
      suppressed: await service('suppressions').amongRecipientsOf(invoices.values()),
    });
    report.waiting += planning.waiting;
    report.postponed += planning.postponed;
    report.paused += planning.paused;
    report.closed += planning.closed;

    return inTransaction(strapi, async () => {
      // Each case moves on only from the step it was read at, and only while active: one
      // conditional update per set of cases moving alike; a count short of the set means
      // another writer was first.
      for (const moves of groupAlike(
        planning.reminders.flatMap((reminder) => reminder.advances),
        (advance) => advance.fromStepIndex
      )) {
        const ids = moves.map((advance) => advance.caseId);
        const count = await cases().advance(ids, moves[0].fromStepIndex, moves[0].data);
        if (count !== ids.length)
          throw new CaseMoved(
            `${ids.length - count} of cases ${ids.join(', ')} moved while they were planned`
          );
      }
      for (const withdrawals of groupAlike(
        planning.reminders.map((reminder) => reminder.withdraw),
        (withdraw) => withdraw.reason
      )) {
        await reminderRepository(strapi).withdrawFromPlanned(
          withdrawals.flatMap((withdraw) => withdraw.caseIds),
          withdrawals[0].reason,
          now
        );
      }
      const written = await reminderRepository(strapi).insertPlanned(planning.reminders, now);
      for (const updates of groupAlike(planning.updates)) {
        await cases().updateMany(
          updates.map((update) => update.id),
          updates[0].data
        );
      }
      return written;
    });
  };

  return {
    async plan(now = new Date()): Promise<PlanReport> {
      const run = await startRun(now);
      const report: PlanReport = {
        customers: 0,
        cases: 0,
        reminders: {},
        waiting: 0,
        postponed: 0,
        paused: 0,
        closed: 0,
        conflicts: 0,
      };
      const created: WrittenReminder[] = [];
      let after = '';
      for (;;) {
        const customerIds = await cases().dueCustomers(
          now,
          after,
          getPluginConfig(strapi).engine.pageSize
        );
        if (customerIds.length === 0) break;
        after = customerIds[customerIds.length - 1];
        report.customers += customerIds.length;
        try {
          for (const reminder of await planCustomers(run, customerIds, report)) {
            created.push(reminder);
            report.reminders[reminder.status] = (report.reminders[reminder.status] ?? 0) + 1;
          }
        } catch (error) {
          if (!(error instanceof CaseMoved) && !isUniqueViolation(error)) throw error;
          // Another writer got there first: nothing of this page was written; its cases
          // are read again, as they now are, on the next tick.
          report.conflicts++;
          strapi.log.warn(
            `[dunning] planning rolled back for ${customerIds.length} customers: ${(error as Error).message}`
          );
        }
      }
      reminderRepository(strapi).announceCreated(created);
      return report;
    },
  };
};
