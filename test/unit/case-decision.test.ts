import {
  type CaseFacts,
  decideCase,
} from '../../src/plugins/dunning/server/src/domain/case-decision';

/** Pre-due 5 days before, reminders 3 and 15 days after, a letter 30 days after the due date. */
const steps = [{ offsetDays: -5 }, { offsetDays: 3 }, { offsetDays: 15 }, { offsetDays: 30 }];

const window = { startHour: 9, endHour: 18, days: [1, 2, 3, 4, 5] };

const facts = (
  patch: Partial<CaseFacts> = {},
  invoice: Partial<CaseFacts['invoice']> = {}
): CaseFacts => ({
  invoice: { status: 'open', amountDue: 100, dueDate: '2026-03-20', ...invoice },
  steps,
  nextStepIndex: 0,
  timezone: 'Europe/Paris',
  ...patch,
});

describe('decideCase (SPEC F4.3)', () => {
  it('closes paid, cancelled, draft and settled invoices, and finished or scenario-less cases', () => {
    const now = new Date('2026-03-23T10:00:00Z');
    expect(decideCase({ facts: facts({}, { status: 'paid' }), window, now })).toEqual({
      kind: 'close',
      reason: 'paid',
    });
    expect(decideCase({ facts: facts({}, { status: 'cancelled' }), window, now })).toEqual({
      kind: 'close',
      reason: 'cancelled',
    });
    expect(decideCase({ facts: facts({}, { status: 'draft' }), window, now })).toEqual({
      kind: 'close',
      reason: 'draft',
    });
    expect(decideCase({ facts: facts({}, { amountDue: 0 }), window, now })).toEqual({
      kind: 'close',
      reason: 'nothing_due',
    });
    expect(decideCase({ facts: facts({ nextStepIndex: 4 }), window, now })).toEqual({
      kind: 'close',
      reason: 'completed',
    });
    expect(decideCase({ facts: facts({ steps: null }), window, now })).toEqual({
      kind: 'close',
      reason: 'no_scenario',
    });
  });

  it('waits for the next step, N days before or after the due date, at the window opening', () => {
    // Due 20 March: the pre-due notice is on the 15th, reminder 1 on the 23rd (a Monday).
    expect(decideCase({ facts: facts(), window, now: new Date('2026-03-10T10:00:00Z') })).toEqual({
      kind: 'wait',
      at: new Date('2026-03-15T08:00:00Z'),
    });
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }),
        window,
        now: new Date('2026-03-20T10:00:00Z'),
      })
    ).toEqual({ kind: 'wait', at: new Date('2026-03-23T08:00:00Z') });
  });

  it('acts on the step of the day inside the window', () => {
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }),
        window,
        now: new Date('2026-03-23T08:30:00Z'),
      })
    ).toEqual({ kind: 'act', stepIndex: 1, skipped: [] });
  });

  it("postpones a step due on a public holiday of the customer's calendar to the next business day", () => {
    const french = { ...window, holidays: { country: 'FR', extraClosedDates: [] } };
    // Due 5 May 2026: reminder 1 falls on Friday 8 May (Victory in Europe Day) → Monday 11 May 09:00.
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }, { dueDate: '2026-05-05' }),
        window: french,
        now: new Date('2026-05-08T08:00:00Z'),
      })
    ).toEqual({
      kind: 'postpone',
      at: new Date('2026-05-11T07:00:00Z'),
      stepIndex: 1,
    });
  });

  it('sends only the latest step when several are overdue (catch-up), passing over the others', () => {
    expect(decideCase({ facts: facts(), window, now: new Date('2026-04-06T08:00:00Z') })).toEqual({
      kind: 'act',
      stepIndex: 2,
      skipped: [0, 1],
    });
  });

  it('postpones a due step to the next window opening: the pre-due notice of Sunday 15 March goes on Monday', () => {
    expect(decideCase({ facts: facts(), window, now: new Date('2026-03-15T08:00:00Z') })).toEqual({
      kind: 'postpone',
      at: new Date('2026-03-16T08:00:00Z'),
      stepIndex: 0,
    });
    // After 18:00 on a weekday: the next morning.
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }),
        window,
        now: new Date('2026-03-23T17:30:00Z'),
      })
    ).toEqual({ kind: 'postpone', at: new Date('2026-03-24T08:00:00Z'), stepIndex: 1 });
  });

  it('uses the customer timezone across the DST weeks of Paris and Auckland', () => {
    // Paris springs forward on Sunday 29 March 2026: Friday 27th 09:00 is 08:00Z, Monday 30th 09:00 is 07:00Z.
    const paris = facts({ nextStepIndex: 1 }, { dueDate: '2026-03-26' }); // step day: Sunday 29 March
    expect(decideCase({ facts: paris, window, now: new Date('2026-03-29T09:00:00Z') })).toEqual({
      kind: 'postpone',
      at: new Date('2026-03-30T07:00:00Z'),
      stepIndex: 1,
    });
    expect(decideCase({ facts: paris, window, now: new Date('2026-03-30T07:00:00Z') })).toEqual({
      kind: 'act',
      stepIndex: 1,
      skipped: [],
    });
    // Auckland goes back on Sunday 5 April 2026 (NZDT +13 → NZST +12).
    const auckland = facts(
      { nextStepIndex: 1, timezone: 'Pacific/Auckland' },
      { dueDate: '2026-04-03' }
    ); // step day: Monday 6 April
    // Sunday 22:00 in Auckland: the step day has not come.
    expect(decideCase({ facts: auckland, window, now: new Date('2026-04-05T10:00:00Z') })).toEqual({
      kind: 'wait',
      at: new Date('2026-04-05T21:00:00Z'),
    });
    // Monday 00:00: the day has come, the window opens at 09:00 NZST.
    expect(decideCase({ facts: auckland, window, now: new Date('2026-04-05T12:00:00Z') })).toEqual({
      kind: 'postpone',
      at: new Date('2026-04-05T21:00:00Z'),
      stepIndex: 1,
    });
    expect(decideCase({ facts: auckland, window, now: new Date('2026-04-05T21:00:00Z') })).toEqual({
      kind: 'act',
      stepIndex: 1,
      skipped: [],
    });
    // Auckland springs forward on Sunday 27 September 2026 (+12 → +13).
    const spring = facts(
      { nextStepIndex: 1, timezone: 'Pacific/Auckland' },
      { dueDate: '2026-09-25' }
    ); // step day: Monday 28 September
    expect(decideCase({ facts: spring, window, now: new Date('2026-09-27T10:00:00Z') })).toEqual({
      kind: 'wait',
      at: new Date('2026-09-27T20:00:00Z'),
    });
    expect(decideCase({ facts: spring, window, now: new Date('2026-09-27T19:00:00Z') })).toEqual({
      kind: 'postpone',
      at: new Date('2026-09-27T20:00:00Z'),
      stepIndex: 1,
    });
  });
});

describe('business days in Europe/Paris across DST (F4.8)', () => {
  const french = { ...window, holidays: { country: 'FR', extraClosedDates: [] } };

  it('moves a step due on the Easter Monday after the spring change to Tuesday 09:00 summer time', () => {
    // Due 3 April 2026, reminder 1 (+3) on Easter Monday 6 April; clocks went forward on 29 March.
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }, { dueDate: '2026-04-03' }),
        window: french,
        now: new Date('2026-04-06T08:00:00Z'),
      })
    ).toEqual({ kind: 'postpone', at: new Date('2026-04-07T07:00:00Z'), stepIndex: 1 });
  });

  it("moves a step due on the Sunday of the autumn change, before All Saints' week, to Monday 09:00 winter time", () => {
    // Sunday 25 October 2026: clocks go back; Monday 26 opens at 09:00 CET = 08:00Z.
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }, { dueDate: '2026-10-22' }),
        window: french,
        now: new Date('2026-10-25T10:00:00Z'),
      })
    ).toEqual({ kind: 'postpone', at: new Date('2026-10-26T08:00:00Z'), stepIndex: 1 });
    // Wednesday 11 November (Armistice) → Thursday 12.
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }, { dueDate: '2026-11-08' }),
        window: french,
        now: new Date('2026-11-11T09:00:00Z'),
      })
    ).toEqual({ kind: 'postpone', at: new Date('2026-11-12T08:00:00Z'), stepIndex: 1 });
  });
});
