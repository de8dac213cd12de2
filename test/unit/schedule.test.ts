import { stepInstant } from '../../src/plugins/dunning/server/src/domain/case-decision';
import { zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';
import {
  belowCustomerThreshold,
  type ExclusionInput,
  exclusionOf,
} from '../../src/plugins/dunning/server/src/domain/exclusions';
import { dueStep, stepDate } from '../../src/plugins/dunning/server/src/domain/schedule';
import {
  isInWindow,
  nextWindowOpening,
  type SendWindow,
} from '../../src/plugins/dunning/server/src/domain/send-window';

/** Pre-due notice 5 days before, reminders 3, 15 and 30 days after the due date. */
const steps = [{ offsetDays: -5 }, { offsetDays: 3 }, { offsetDays: 15 }, { offsetDays: 30 }];
const dueDate = '2026-03-20';

describe('step dates (SPEC F4.1)', () => {
  it('counts days before and after the due date, across months and DST', () => {
    expect(steps.map((step) => stepDate(dueDate, step))).toEqual([
      '2026-03-15',
      '2026-03-23',
      '2026-04-04',
      '2026-04-19',
    ]);
    expect(stepDate('2024-02-27', { offsetDays: 3 })).toBe('2024-03-01');
  });
});

describe('dueStep (SPEC F4.3: only the latest overdue step)', () => {
  it('is null before the first step day', () => {
    expect(dueStep({ steps, dueDate, nextStepIndex: 0, today: '2026-03-14' })).toBeNull();
  });

  it('gives the step on its day', () => {
    expect(dueStep({ steps, dueDate, nextStepIndex: 0, today: '2026-03-15' })).toEqual({
      index: 0,
      skipped: [],
    });
    expect(dueStep({ steps, dueDate, nextStepIndex: 1, today: '2026-03-23' })).toEqual({
      index: 1,
      skipped: [],
    });
  });

  it('sends only the latest when several steps are overdue, the others being skipped', () => {
    expect(dueStep({ steps, dueDate, nextStepIndex: 0, today: '2026-04-05' })).toEqual({
      index: 2,
      skipped: [0, 1],
    });
  });

  it('does not go back to a step already done', () => {
    expect(dueStep({ steps, dueDate, nextStepIndex: 3, today: '2026-04-05' })).toBeNull();
    expect(dueStep({ steps, dueDate, nextStepIndex: 4, today: '2027-01-01' })).toBeNull();
  });
});

describe('exclusionOf (SPEC F4.3)', () => {
  const base: ExclusionInput = {
    invoice: { status: 'open', amountDue: 500, disputed: false, promisedPaymentDate: null },
    customer: { stopDunning: false, disputed: false, pausedUntil: null },
    settings: { minInvoiceAmount: 50, skipFuturePromises: true, promiseGraceDays: 0 },
    today: '2026-04-01',
  };
  const withInvoice = (invoice: Partial<ExclusionInput['invoice']>) => ({
    ...base,
    invoice: { ...base.invoice, ...invoice },
  });

  it('lets an open invoice through', () => {
    expect(exclusionOf(base)).toBeNull();
  });

  it.each([
    ['paid', withInvoice({ status: 'paid' })],
    ['cancelled', withInvoice({ status: 'cancelled' })],
    ['draft', withInvoice({ status: 'draft' })],
    ['nothing_due', withInvoice({ amountDue: 0 })],
    [
      'stop_dunning',
      { ...base, customer: { stopDunning: true, disputed: false, pausedUntil: '2026-05-01' } },
    ],
    [
      'paused',
      { ...base, customer: { stopDunning: false, disputed: true, pausedUntil: '2026-04-02' } },
    ],
    ['disputed_invoice', withInvoice({ disputed: true })],
    [
      'disputed_customer',
      { ...base, customer: { stopDunning: false, disputed: true, pausedUntil: '2026-04-01' } },
    ],
    ['promised', withInvoice({ promisedPaymentDate: '2026-04-01' })],
    ['below_invoice_threshold', withInvoice({ amountDue: 49.99 })],
  ])('gives %s', (reason, input) => {
    expect(exclusionOf(input as ExclusionInput)).toBe(reason);
  });

  it('keeps a promise for its grace period after the date (F4.6)', () => {
    const grace = (days: number) => ({
      ...withInvoice({ promisedPaymentDate: '2026-03-29' }),
      settings: { ...base.settings, promiseGraceDays: days },
    });
    expect(exclusionOf(grace(3))).toBe('promised'); // 29 March + 3 days: paused until 1 April inclusive
    expect(exclusionOf(grace(2))).toBeNull();
  });

  it('ignores a promise that is past, and a promise when the setting is off', () => {
    expect(exclusionOf(withInvoice({ promisedPaymentDate: '2026-03-31' }))).toBeNull();
    expect(
      exclusionOf({
        ...withInvoice({ promisedPaymentDate: '2026-05-01' }),
        settings: { ...base.settings, skipFuturePromises: false },
      })
    ).toBeNull();
  });

  it('applies the per-customer threshold to the grouped amounts', () => {
    expect(belowCustomerThreshold([40, 50], 100)).toBe(true);
    expect(belowCustomerThreshold([40, 60], 100)).toBe(false);
  });
});

describe('send window (SPEC F4.2) across DST', () => {
  const paris: SendWindow = {
    startHour: 9,
    endHour: 18,
    days: [1, 2, 3, 4, 5],
    timezone: 'Europe/Paris',
  };
  const auckland: SendWindow = { ...paris, timezone: 'Pacific/Auckland' };

  it('is open on weekdays between the hours, on the local clock', () => {
    expect(isInWindow(new Date('2026-03-27T08:00:00Z'), paris)).toBe(true); // Fri 09:00 CET
    expect(isInWindow(new Date('2026-03-27T07:59:00Z'), paris)).toBe(false);
    expect(isInWindow(new Date('2026-03-30T07:00:00Z'), paris)).toBe(true); // Mon 09:00 CEST
    expect(isInWindow(new Date('2026-03-28T10:00:00Z'), paris)).toBe(false); // Saturday
  });

  it('opens next on Monday 09:00 local time after the spring-forward weekend in Paris', () => {
    // Friday 18:30 CET → Monday 09:00 CEST (UTC+2), after the change of 29 March 2026.
    expect(nextWindowOpening(new Date('2026-03-27T17:30:00Z'), paris)?.toISOString()).toBe(
      '2026-03-30T07:00:00.000Z'
    );
  });

  it('opens next on Monday 09:00 after the autumn change in Paris', () => {
    // Friday 23 October 2026 19:00 CEST → Monday 26 October 09:00 CET (UTC+1).
    expect(nextWindowOpening(new Date('2026-10-23T17:00:00Z'), paris)?.toISOString()).toBe(
      '2026-10-26T08:00:00.000Z'
    );
  });

  it('handles Auckland, whose clocks go back in April and forward in September', () => {
    // Friday 3 April 2026 19:00 NZDT → Monday 6 April 09:00 NZST (UTC+12) after the change of 5 April.
    expect(nextWindowOpening(new Date('2026-04-03T06:00:00Z'), auckland)?.toISOString()).toBe(
      '2026-04-05T21:00:00.000Z'
    );
    // Friday 25 September 2026 19:00 NZST → Monday 28 September 09:00 NZDT (UTC+13) after the change of 27 September.
    expect(nextWindowOpening(new Date('2026-09-25T07:00:00Z'), auckland)?.toISOString()).toBe(
      '2026-09-27T20:00:00.000Z'
    );
  });

  it('skips public holidays and extra closed days (F4.8)', () => {
    const french = { ...paris, holidays: { country: 'FR', extraClosedDates: ['2026-05-11'] } };
    // Friday 8 May 2026 is a holiday in France; Monday 11 May a company closure.
    expect(isInWindow(new Date('2026-05-08T08:00:00Z'), french)).toBe(false);
    expect(nextWindowOpening(new Date('2026-05-07T17:00:00Z'), french)?.toISOString()).toBe(
      '2026-05-12T07:00:00.000Z'
    );
    // Easter Monday 6 April 2026: the Friday evening's next opening is Tuesday.
    expect(nextWindowOpening(new Date('2026-04-03T17:00:00Z'), french)?.toISOString()).toBe(
      '2026-04-07T07:00:00.000Z'
    );
  });

  it('returns now when the window is open, and null for a window with no day', () => {
    const now = new Date('2026-03-27T10:15:00Z');
    expect(nextWindowOpening(now, paris)).toBe(now);
    expect(nextWindowOpening(now, { ...paris, days: [] })).toBeNull();
  });
});

describe('zonedInstant and stepInstant', () => {
  it('puts an hour of a calendar day on the right instant, summer and winter', () => {
    expect(zonedInstant('2026-01-15', 9, 'Europe/Paris').toISOString()).toBe(
      '2026-01-15T08:00:00.000Z'
    );
    expect(zonedInstant('2026-07-15', 9, 'Europe/Paris').toISOString()).toBe(
      '2026-07-15T07:00:00.000Z'
    );
    expect(zonedInstant('2026-03-29', 9, 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T07:00:00.000Z'
    );
    expect(zonedInstant('2026-04-05', 9, 'Pacific/Auckland').toISOString()).toBe(
      '2026-04-04T21:00:00.000Z'
    );
  });

  it('moves a non-existent spring-forward hour forward, as clocks do', () => {
    expect(zonedInstant('2026-03-29', 2, 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T01:00:00.000Z'
    );
  });

  it('puts a step on its day at the window opening, in the customer timezone', () => {
    const window = { startHour: 9, endHour: 18, days: [1, 2, 3, 4, 5] };
    expect(stepInstant(dueDate, steps[1], window, 'Europe/Paris').toISOString()).toBe(
      '2026-03-23T08:00:00.000Z'
    );
    expect(stepInstant(dueDate, steps[1], window, 'Pacific/Auckland').toISOString()).toBe(
      '2026-03-22T20:00:00.000Z'
    );
  });
});
