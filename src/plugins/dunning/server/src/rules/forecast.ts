import { addDays } from './dates';
import { dueStep, type ScenarioStep } from './schedule';

/**
 * What the engine will do on the coming days (SPEC F4.7, issue "forecast"): the same
 * step rule as the tick, walked day by day with a future clock. Pure.
 */

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export const isoWeekday = (date: string): number => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
};

export type StepEvent = { day: string; stepIndex: number };

/**
 * The steps one case will reach from `firstDay` to `lastDay` (inclusive), each on the
 * first send day on or after its date; a step whose day passes while another is due
 * later is passed over, as the tick does.
 */
export const stepEvents = ({
  steps,
  dueDate,
  nextStepIndex,
  firstDay,
  lastDay,
  sendDays,
}: {
  steps: Pick<ScenarioStep, 'offsetDays'>[];
  dueDate: string;
  nextStepIndex: number;
  firstDay: string;
  lastDay: string;
  /** ISO weekdays mail may leave. */
  sendDays: number[];
}): StepEvent[] => {
  const events: StepEvent[] = [];
  let next = nextStepIndex;
  for (let day = firstDay; day <= lastDay && next < steps.length; day = addDays(day, 1)) {
    if (!sendDays.includes(isoWeekday(day))) continue;
    const due = dueStep({ steps, dueDate, nextStepIndex: next, today: day });
    if (!due) continue;
    events.push({ day, stepIndex: due.index });
    next = due.index + 1;
  }
  return events;
};

export type ForecastEntry = {
  day: string;
  customerDocumentId: string;
  scenarioId: number;
  stepIndex: number;
  level: string;
  channel: string;
  amountDue: number;
  currency: string;
};

export type ForecastDay = {
  day: string;
  /** One reminder per customer and step, as the tick groups them. */
  reminders: number;
  customers: number;
  invoices: number;
  amounts: Array<{ currency: string; amount: number }>;
  steps: Array<{ level: string; channel: string; reminders: number; invoices: number }>;
};

const round = (amount: number) => Math.round(amount * 100) / 100;

/** Sums the entries per day, grouped as the tick would send them. */
export const summarizeForecast = (entries: ForecastEntry[], days: string[]): ForecastDay[] =>
  days.map((day) => {
    const today = entries.filter((entry) => entry.day === day);
    const reminders = new Set(today.map((entry) => `${entry.customerDocumentId}|${entry.scenarioId}|${entry.stepIndex}`));
    const amounts = new Map<string, number>();
    const steps = new Map<string, { level: string; channel: string; reminders: Set<string>; invoices: number }>();
    for (const entry of today) {
      amounts.set(entry.currency, (amounts.get(entry.currency) ?? 0) + entry.amountDue);
      const key = `${entry.level}|${entry.channel}`;
      const step = steps.get(key) ?? { level: entry.level, channel: entry.channel, reminders: new Set<string>(), invoices: 0 };
      step.reminders.add(`${entry.customerDocumentId}|${entry.scenarioId}|${entry.stepIndex}`);
      step.invoices++;
      steps.set(key, step);
    }
    return {
      day,
      reminders: reminders.size,
      customers: new Set(today.map((entry) => entry.customerDocumentId)).size,
      invoices: today.length,
      amounts: [...amounts].map(([currency, amount]) => ({ currency, amount: round(amount) })).sort((a, b) => a.currency.localeCompare(b.currency)),
      steps: [...steps.values()].map(({ reminders: group, ...step }) => ({ ...step, reminders: group.size })),
    };
  });
