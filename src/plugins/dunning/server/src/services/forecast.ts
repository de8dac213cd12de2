import type { Core } from '@strapi/strapi';
import { addDays, todayIn, zonedInstant } from '../rules/dates';
import { exclusionOf } from '../rules/exclusions';
import { stepEvents, summarizeForecast, type ForecastDay, type ForecastEntry } from '../rules/forecast';
import type { ScenarioStep } from '../rules/schedule';
import { getPluginConfig, getPluginService } from '../utils/plugin';

/**
 * What the engine would send on the coming days: the open cases due before the end of
 * the period, read page by page, walked with the tick's own rules and a future clock.
 */

const PAGE = 500;

type Scenario = { id: number; steps: ScenarioStep[]; isDefault: boolean };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) => getPluginService(strapi, name);

  return {
    async forecast({ days, now = new Date() }: { days: number; now?: Date }): Promise<ForecastDay[]> {
      const settings = await service('settings').get();
      const timezone = getPluginConfig(strapi).cron.timezone;
      const firstDay = todayIn(timezone, now);
      const dayList = Array.from({ length: days }, (_, index) => addDays(firstDay, index));
      const lastDay = dayList[dayList.length - 1];
      // A day later than the last day in the engine's zone covers every customer zone.
      const end = zonedInstant(addDays(lastDay, 2), 0, timezone);

      const scenarios = (await strapi.db.query('plugin::dunning.scenario' as any).findMany({ select: ['id', 'steps', 'isDefault'] })) as Scenario[];
      const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
      const fallback = scenarios.find((scenario) => scenario.isDefault) ?? null;

      const entries: ForecastEntry[] = [];
      for (let lastId = 0; ; ) {
        const rows = (await strapi.db.query('plugin::dunning.case' as any).findMany({
          where: { state: 'active', nextActionAt: { $lt: end }, id: { $gt: lastId } },
          select: ['id', 'invoiceDocumentId', 'nextStepIndex'],
          populate: { scenario: { select: ['id'] } },
          orderBy: [{ id: 'asc' }],
          limit: PAGE,
        })) as Array<{ id: number; invoiceDocumentId: string; nextStepIndex: number; scenario: { id: number } | null }>;
        if (rows.length === 0) break;
        lastId = rows[rows.length - 1].id;
        const invoices = new Map((await service('receivables').findInvoices(rows.map((row) => row.invoiceDocumentId))).map((invoice) => [invoice.documentId, invoice]));
        for (const row of rows) {
          const invoice = invoices.get(row.invoiceDocumentId);
          const scenario = (row.scenario && byId.get(row.scenario.id)) || fallback;
          if (!invoice?.customer || !scenario) continue;
          const customerToday = service('messages').todayFor(invoice.customer, now);
          const events = stepEvents({
            steps: scenario.steps,
            dueDate: invoice.dueDate,
            nextStepIndex: row.nextStepIndex,
            firstDay: customerToday < firstDay ? firstDay : customerToday,
            lastDay,
            sendDays: settings.automatic.sendWindow.days,
          });
          for (const { day, stepIndex } of events) {
            if (exclusionOf({ invoice, customer: invoice.customer, settings: settings.automatic, today: day })) continue;
            const step = scenario.steps[stepIndex];
            entries.push({
              day,
              customerDocumentId: invoice.customer.documentId,
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
      return summarizeForecast(entries, dayList);
    },
  };
};
