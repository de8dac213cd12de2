import { addDays } from './dates';
import { isPaused } from './exclusions';
import { type BusinessCalendar, isBusinessDay, nextBusinessDay } from './holidays';
import { dueStep, type ScenarioStep } from './schedule';

/**
 * What the engine will do on the coming days (SPEC F4.7, issue "forecast"): the same
 * step rule as the tick, walked day by day with a future clock. Pure.
 */

export type StepEvent = { day: string; stepIndex: number };

/**
 * The first day a case's steps may go out: the period's first day, or later the
 * customer's today (its time zone may be behind), or the day its pause ends — the tick
 * holds a paused customer's due steps until then (domain/planning.ts).
 */
export const firstDayOfCase = ({
  periodStart,
  customerToday,
  pausedUntil,
}: {
  periodStart: string;
  customerToday: string;
  pausedUntil: string | null;
}): string => {
  const start = customerToday > periodStart ? customerToday : periodStart;
  return isPaused(pausedUntil, start) ? pausedUntil! : start;
};

/**
 * The steps one case will reach from `firstDay` to `lastDay` (inclusive), each on the
 * first business day on or after its date; a step whose day passes while another is due
 * later is passed over, as the tick does.
 */
export const stepEvents = ({
  steps,
  dueDate,
  nextStepIndex,
  firstDay,
  lastDay,
  calendar,
}: {
  steps: Pick<ScenarioStep, 'offsetDays'>[];
  dueDate: string;
  nextStepIndex: number;
  firstDay: string;
  lastDay: string;
  /** The days mail may leave. */
  calendar: BusinessCalendar;
}): StepEvent[] => {
  const events: StepEvent[] = [];
  let next = nextStepIndex;
  for (let day = firstDay; day <= lastDay && next < steps.length; day = addDays(day, 1)) {
    if (!isBusinessDay(day, calendar)) continue;
    const due = dueStep({ steps, dueDate, nextStepIndex: next, today: day });
    if (!due) continue;
    events.push({ day, stepIndex: due.index });
    next = due.index + 1;
  }
  return events;
};

export type ForecastEntry = {
  day: string;
  /** The reminder the entry goes out in: one per customer and step, or per customer and day when paced. */
  group: string;
  caseId: number;
  invoiceNumber: string;
  customerName: string;
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
    const reminders = new Set(today.map((entry) => entry.group));
    const amounts = new Map<string, number>();
    const steps = new Map<
      string,
      { level: string; channel: string; reminders: Set<string>; invoices: number }
    >();
    for (const entry of today) {
      amounts.set(entry.currency, (amounts.get(entry.currency) ?? 0) + entry.amountDue);
      const key = `${entry.level}|${entry.channel}`;
      const step = steps.get(key) ?? {
        level: entry.level,
        channel: entry.channel,
        reminders: new Set<string>(),
        invoices: 0,
      };
      step.reminders.add(entry.group);
      step.invoices++;
      steps.set(key, step);
    }
    return {
      day,
      reminders: reminders.size,
      customers: new Set(today.map((entry) => entry.customerDocumentId)).size,
      invoices: today.length,
      amounts: [...amounts]
        .map(([currency, amount]) => ({ currency, amount: round(amount) }))
        .sort((a, b) => a.currency.localeCompare(b.currency)),
      steps: [...steps.values()].map(({ reminders: group, ...step }) => ({
        ...step,
        reminders: group.size,
      })),
    };
  });

/**
 * Pacing (SPEC F4.8) over the forecast: per customer, a reminder at most every
 * `minDays` days after the last one (`lastContact`, a day); what falls in between waits
 * for the next allowed business day and goes out with it.
 */
export const paceForecast = (
  entries: ForecastEntry[],
  {
    minDays,
    lastContact,
    calendar,
  }: { minDays: number; lastContact: Map<string, string>; calendar: BusinessCalendar }
): ForecastEntry[] => {
  if (minDays <= 0) return entries;
  const byCustomer = new Map<string, ForecastEntry[]>();
  for (const entry of entries)
    byCustomer.set(entry.customerDocumentId, [
      ...(byCustomer.get(entry.customerDocumentId) ?? []),
      entry,
    ]);
  return [...byCustomer].flatMap(([customer, list]) => {
    const last = lastContact.get(customer);
    let allowed = last ? addDays(last, minDays) : null;
    let current: string | null = null;
    return [...list]
      .sort((a, b) => a.day.localeCompare(b.day))
      .map((entry) => {
        if (!current || entry.day > current) {
          const candidate = allowed && allowed > entry.day ? allowed : entry.day;
          current = isBusinessDay(candidate, calendar)
            ? candidate
            : (nextBusinessDay(candidate, calendar) ?? candidate);
          allowed = addDays(current, minDays);
        }
        return { ...entry, day: current, group: `${customer}|${current}` };
      });
  });
};

export type ForecastChange = {
  invoiceNumber: string;
  customerName: string;
  level: string;
  channel: string;
  amountDue: number;
  currency: string;
  before: string | null;
  after: string | null;
};

export type ForecastDiff = {
  added: ForecastChange[];
  moved: ForecastChange[];
  dropped: ForecastChange[];
  totals: Record<
    'added' | 'moved' | 'dropped',
    { invoices: number; amounts: Array<{ currency: string; amount: number }> }
  >;
};

/**
 * What changes between two forecasts of the same cases (SPEC F4.7): a case's step of the
 * same level on another day is moved; a level only before is dropped, only after added.
 */
export const diffForecasts = (before: ForecastEntry[], after: ForecastEntry[]): ForecastDiff => {
  const key = (entry: ForecastEntry) => `${entry.caseId}|${entry.level}`;
  const change = (
    entry: ForecastEntry,
    was: string | null,
    will: string | null
  ): ForecastChange => ({
    invoiceNumber: entry.invoiceNumber,
    customerName: entry.customerName,
    level: entry.level,
    channel: entry.channel,
    amountDue: entry.amountDue,
    currency: entry.currency,
    before: was,
    after: will,
  });
  const old = new Map(before.map((entry) => [key(entry), entry]));
  const next = new Map(after.map((entry) => [key(entry), entry]));
  const diff: Omit<ForecastDiff, 'totals'> = { added: [], moved: [], dropped: [] };
  for (const [id, entry] of next) {
    const was = old.get(id);
    if (!was) diff.added.push(change(entry, null, entry.day));
    else if (was.day !== entry.day) diff.moved.push(change(entry, was.day, entry.day));
  }
  for (const [id, entry] of old)
    if (!next.has(id)) diff.dropped.push(change(entry, entry.day, null));
  const total = (changes: ForecastChange[]) => {
    const sums = new Map<string, number>();
    for (const item of changes)
      sums.set(item.currency, (sums.get(item.currency) ?? 0) + item.amountDue);
    return {
      invoices: changes.length,
      amounts: [...sums]
        .map(([currency, amount]) => ({ currency, amount: round(amount) }))
        .sort((a, b) => a.currency.localeCompare(b.currency)),
    };
  };
  const byDay = (a: ForecastChange, b: ForecastChange) =>
    (a.after ?? a.before ?? '').localeCompare(b.after ?? b.before ?? '') ||
    a.invoiceNumber.localeCompare(b.invoiceNumber);
  return {
    added: diff.added.sort(byDay),
    moved: diff.moved.sort(byDay),
    dropped: diff.dropped.sort(byDay),
    totals: { added: total(diff.added), moved: total(diff.moved), dropped: total(diff.dropped) },
  };
};
