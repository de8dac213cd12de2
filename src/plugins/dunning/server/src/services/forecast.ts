import type { Core } from '@strapi/strapi';

import { addDays, todayIn, zonedInstant } from '../domain/dates';
import { exclusionOf } from '../domain/exclusions';
import {
  diffForecasts,
  firstDayOfCase,
  type ForecastDay,
  type ForecastEntry,
  paceForecast,
  stepEvents,
  summarizeForecast,
} from '../domain/forecast';
import { replannedStepIndex, type ScenarioStep } from '../domain/schedule';
import { calendarOf } from '../domain/send-window';
import { caseRepository } from '../repositories/cases';
import { scenarioRepository } from '../repositories/scenarios';
import { getPluginConfig, getPluginService } from '../utils/plugin';

/**
 * What the engine would send on the coming days: the open cases, read page by page,
 * walked with the tick's own rules and a future clock. Also what a change of a
 * scenario's steps would change (SPEC F4.7), before it is saved.
 */

const PAGE = 500;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);

  /** The days of a period, from today in the engine's time zone. */
  const period = (days: number, now: Date) => {
    const timezone = getPluginConfig(strapi).cron.timezone;
    const firstDay = todayIn(timezone, now);
    const dayList = Array.from({ length: days }, (_, index) => addDays(firstDay, index));
    return { timezone, firstDay, dayList, lastDay: dayList[dayList.length - 1] };
  };

  /**
   * Every step the matching cases will reach in the period, as the tick would send it.
   * `proposed` replaces a scenario's steps, its cases re-planned as saving would.
   */
  const walk = async ({
    where,
    days,
    now,
    proposed,
  }: {
    where: Record<string, unknown>;
    days: number;
    now: Date;
    proposed?: { scenarioId: number; steps: ScenarioStep[] };
  }) => {
    const settings = await service('settings').get();
    const { firstDay, lastDay } = period(days, now);
    const scenarios = await scenarioRepository(strapi).forPlanning();
    const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
    const fallback = scenarios.find((scenario) => scenario.isDefault) ?? null;
    const entries: ForecastEntry[] = [];
    for (let lastId = 0; ;) {
      const rows = await caseRepository(strapi).forecastPage(where, lastId, PAGE);
      if (rows.length === 0) return entries;
      lastId = rows[rows.length - 1].id;
      const invoices = new Map(
        (await service('receivables').findInvoices(rows.map((row) => row.invoiceDocumentId))).map(
          (invoice) => [invoice.documentId, invoice]
        )
      );
      for (const row of rows) {
        const invoice = invoices.get(row.invoiceDocumentId);
        const scenario = (row.scenario && byId.get(row.scenario.id)) || fallback;
        if (!invoice?.customer || !scenario) continue;
        const changed = proposed?.scenarioId === scenario.id;
        const steps = changed ? proposed!.steps : scenario.steps;
        const customerToday = service('messages').todayFor(invoice.customer, now);
        const events = stepEvents({
          steps,
          dueDate: invoice.dueDate,
          nextStepIndex: changed
            ? replannedStepIndex({
                before: scenario.steps,
                after: steps,
                nextStepIndex: row.nextStepIndex,
                dueDate: invoice.dueDate,
                lastStepDate: row.lastStepDate,
              })
            : row.nextStepIndex,
          firstDay: firstDayOfCase({
            periodStart: firstDay,
            customerToday,
            pausedUntil: invoice.customer.pausedUntil,
          }),
          lastDay,
          calendar: calendarOf(settings.automatic.sendWindow),
        });
        for (const { day, stepIndex } of events) {
          if (
            exclusionOf({
              invoice,
              customer: invoice.customer,
              settings: settings.automatic,
              today: day,
            })
          )
            continue;
          const step = steps[stepIndex];
          entries.push({
            day,
            group: `${invoice.customer.documentId}|${scenario.id}|${stepIndex}`,
            caseId: row.id,
            invoiceNumber: invoice.number,
            customerDocumentId: invoice.customer.documentId,
            customerName: invoice.customer.name,
            scenarioId: scenario.id,
            stepIndex,
            level: step.level,
            channel: step.channel,
            amountDue: invoice.amountDue,
            currency: invoice.currency,
          });
        }
      }
    }
  };

  // A walk reads every open case: one at a time per instance, and a forecast asked for
  // while the same one is being computed waits for it instead of walking again.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  const pending = new Map<string, Promise<ForecastDay[]>>();

  return {
    forecast({ days, now = new Date() }: { days: number; now?: Date }): Promise<ForecastDay[]> {
      // The same forecast: the same days, from the same minute.
      const key = `${days}:${Math.floor(now.getTime() / 60_000)}`;
      const shared = pending.get(key);
      if (shared) return shared;
      const run = oneAtATime(() => this.compute(days, now)).finally(() => pending.delete(key));
      pending.set(key, run);
      return run;
    },

    async compute(days: number, now: Date): Promise<ForecastDay[]> {
      const settings = await service('settings').get();
      const { timezone, dayList, lastDay } = period(days, now);
      // Cases looked at before the period ends; a day more covers every customer's zone.
      const entries = await walk({
        where: { nextActionAt: { $lt: zonedInstant(addDays(lastDay, 2), 0, timezone) } },
        days,
        now,
      });
      const minDays = settings.automatic.minDaysBetweenReminders;
      const contacts =
        minDays > 0
          ? await service('reminders').lastContactDates([
              ...new Set(entries.map((entry) => entry.customerDocumentId)),
            ])
          : new Map<string, Date>();
      const paced = paceForecast(entries, {
        minDays,
        lastContact: new Map(
          [...contacts].map(([customer, at]) => [customer, todayIn(timezone, at)])
        ),
        calendar: calendarOf(settings.automatic.sendWindow),
      });
      return summarizeForecast(
        paced.filter((entry) => entry.day <= lastDay),
        dayList
      );
    },

    /** What saving `steps` on a scenario would change in the next `days` days: reminders added, moved and dropped. */
    async scenarioChange({
      scenarioDocumentId,
      steps,
      days = 30,
      now = new Date(),
    }: {
      scenarioDocumentId: string;
      steps: ScenarioStep[];
      days?: number;
      now?: Date;
    }) {
      const { id } = await service('scenarios').findOne(scenarioDocumentId);
      const scenarioId = Number(id);
      const where = { scenario: { id: scenarioId } };
      const [before, after] = await oneAtATime(() =>
        Promise.all([
          walk({ where, days, now }),
          walk({ where, days, now, proposed: { scenarioId, steps } }),
        ])
      );
      return { days, ...diffForecasts(before, after) };
    },
  };
};
