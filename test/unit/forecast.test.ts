import { isoWeekday } from '../../src/plugins/dunning/server/src/domain/dates';
import {
  firstDayOfCase,
  type ForecastEntry,
  paceForecast,
  stepEvents,
  summarizeForecast,
} from '../../src/plugins/dunning/server/src/domain/forecast';

/** Pre-due 5 days before, reminders 3 and 15 days after, a letter 30 days after the due date. */
const steps = [{ offsetDays: -5 }, { offsetDays: 3 }, { offsetDays: 15 }, { offsetDays: 30 }];

const window = { startHour: 9, endHour: 18, days: [1, 2, 3, 4, 5] };

const calendar = { country: null, extraClosedDates: [], weekdays: window.days };

describe('forecast (the tick with a future clock)', () => {
  it('knows ISO weekdays', () => {
    expect(['2026-03-16', '2026-03-21', '2026-03-22'].map(isoWeekday)).toEqual([1, 6, 7]);
  });

  it('walks a case through the coming days on send days only, latest step first when several fall due', () => {
    // Steps on Sun 15 (→ Mon 16), Mon 23, Sat 4 April (→ Mon 6), Sun 19 April (→ Mon 20).
    expect(
      stepEvents({
        steps,
        dueDate: '2026-03-20',
        nextStepIndex: 0,
        firstDay: '2026-03-14',
        lastDay: '2026-04-30',
        calendar,
      })
    ).toEqual([
      { day: '2026-03-16', stepIndex: 0 },
      { day: '2026-03-23', stepIndex: 1 },
      { day: '2026-04-06', stepIndex: 2 },
      { day: '2026-04-20', stepIndex: 3 },
    ]);
    expect(
      stepEvents({
        steps,
        dueDate: '2026-03-20',
        nextStepIndex: 0,
        firstDay: '2026-04-01',
        lastDay: '2026-04-10',
        calendar,
      })
    ).toEqual([
      { day: '2026-04-01', stepIndex: 1 },
      { day: '2026-04-06', stepIndex: 2 },
    ]);
  });

  it("starts a paused customer's walk on the day its pause ends, where the tick sends the step that is due then", () => {
    expect(
      firstDayOfCase({ periodStart: '2026-03-14', customerToday: '2026-03-14', pausedUntil: null })
    ).toBe('2026-03-14');
    // A customer whose time zone is still on the day before starts with the period.
    expect(
      firstDayOfCase({ periodStart: '2026-03-14', customerToday: '2026-03-13', pausedUntil: null })
    ).toBe('2026-03-14');
    expect(
      firstDayOfCase({ periodStart: '2026-03-14', customerToday: '2026-03-15', pausedUntil: null })
    ).toBe('2026-03-15');
    expect(
      firstDayOfCase({
        periodStart: '2026-03-14',
        customerToday: '2026-03-14',
        pausedUntil: '2026-03-30',
      })
    ).toBe('2026-03-30');
    // A pause that ended is history.
    expect(
      firstDayOfCase({
        periodStart: '2026-03-14',
        customerToday: '2026-03-14',
        pausedUntil: '2026-03-14',
      })
    ).toBe('2026-03-14');
    // Paused until Mon 30 March: the steps of the 16th and 23rd pass; the one due on the 30th goes, then 6 April.
    const firstDay = firstDayOfCase({
      periodStart: '2026-03-14',
      customerToday: '2026-03-14',
      pausedUntil: '2026-03-30',
    });
    expect(
      stepEvents({
        steps,
        dueDate: '2026-03-20',
        nextStepIndex: 0,
        firstDay,
        lastDay: '2026-04-10',
        calendar,
      })
    ).toEqual([
      { day: '2026-03-30', stepIndex: 1 },
      { day: '2026-04-06', stepIndex: 2 },
    ]);
  });

  it('sums per day as the tick groups: one reminder per customer and step', () => {
    const base = { scenarioId: 1, level: 'Reminder 1', channel: 'email', currency: 'EUR' };
    const [monday, tuesday] = summarizeForecast(
      [
        {
          ...base,
          day: '2026-03-23',
          group: 'a|1|1',
          caseId: 1,
          invoiceNumber: 'F-1',
          customerName: 'A',
          customerDocumentId: 'a',
          stepIndex: 1,
          amountDue: 100,
        },
        {
          ...base,
          day: '2026-03-23',
          group: 'a|1|1',
          caseId: 2,
          invoiceNumber: 'F-2',
          customerName: 'A',
          customerDocumentId: 'a',
          stepIndex: 1,
          amountDue: 50.5,
        },
        {
          ...base,
          day: '2026-03-23',
          group: 'b|1|1',
          caseId: 3,
          invoiceNumber: 'F-3',
          customerName: 'B',
          customerDocumentId: 'b',
          stepIndex: 1,
          amountDue: 20,
          currency: 'GBP',
        },
      ],
      ['2026-03-23', '2026-03-24']
    );
    expect(monday).toEqual({
      day: '2026-03-23',
      reminders: 2,
      customers: 2,
      invoices: 3,
      amounts: [
        { currency: 'EUR', amount: 150.5 },
        { currency: 'GBP', amount: 20 },
      ],
      steps: [{ level: 'Reminder 1', channel: 'email', reminders: 2, invoices: 3 }],
    });
    expect(tuesday).toEqual({
      day: '2026-03-24',
      reminders: 0,
      customers: 0,
      invoices: 0,
      amounts: [],
      steps: [],
    });
  });
});

describe('forecast with pacing and holidays (F4.8)', () => {
  const entry = (customerDocumentId: string, day: string, stepIndex: number): ForecastEntry => ({
    day,
    group: `${customerDocumentId}|7|${stepIndex}`,
    caseId: 1,
    invoiceNumber: `${customerDocumentId}-${day}`,
    customerName: customerDocumentId.toUpperCase(),
    customerDocumentId,
    scenarioId: 7,
    stepIndex,
    level: `Step ${stepIndex}`,
    channel: 'email',
    amountDue: 10,
    currency: 'EUR',
  });

  it('moves a step falling on a French holiday to the next business day', () => {
    const french = { country: 'FR', extraClosedDates: [], weekdays: window.days };
    // Due 5 May 2026: reminder 1 (+3 days) would fall on Friday 8 May, a holiday.
    expect(
      stepEvents({
        steps,
        dueDate: '2026-05-05',
        nextStepIndex: 1,
        firstDay: '2026-05-06',
        lastDay: '2026-05-15',
        calendar: french,
      })
    ).toEqual([{ day: '2026-05-11', stepIndex: 1 }]);
  });

  it('keeps at least N days between two reminders to a customer and sends what falls in between with the next one', () => {
    const paced = paceForecast(
      [
        entry('a', '2026-03-16', 0),
        entry('a', '2026-03-18', 1),
        entry('a', '2026-03-23', 2),
        entry('b', '2026-03-17', 0),
      ],
      { minDays: 5, lastContact: new Map([['b', '2026-03-13']]), calendar }
    );
    expect(paced.map((row) => [row.customerDocumentId, row.day, row.group])).toEqual([
      ['a', '2026-03-16', 'a|2026-03-16'],
      ['a', '2026-03-23', 'a|2026-03-23'], // 18 March waits until 21 March, a Saturday: Monday 23, with step 2
      ['a', '2026-03-23', 'a|2026-03-23'],
      ['b', '2026-03-18', 'b|2026-03-18'], // reached on the 13th: not before the 18th
    ]);
    const [, , , , , , , monday] = summarizeForecast(
      paced,
      Array.from({ length: 8 }, (_, index) => `2026-03-${String(16 + index).padStart(2, '0')}`)
    );
    expect(monday).toMatchObject({ day: '2026-03-23', reminders: 1, invoices: 2 });
  });
});
