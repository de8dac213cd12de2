import { stepInstant } from '../../src/plugins/dunning/server/src/domain/case-decision';
import { zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';

/** Pre-due notice 5 days before, reminders 3, 15 and 30 days after the due date. */
const steps = [{ offsetDays: -5 }, { offsetDays: 3 }, { offsetDays: 15 }, { offsetDays: 30 }];

const dueDate = '2026-03-20';

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
