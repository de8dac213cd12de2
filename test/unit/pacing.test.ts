import { firstPacedDay, stepLateness } from '../../src/plugins/dunning/server/src/domain/pacing';

describe('firstPacedDay (SPEC F4.8: minimum days between two reminders)', () => {
  it('keeps the candidate for a customer never reminded', () => {
    expect(
      firstPacedDay({ lastReminderDate: null, minDaysBetween: 7, candidate: '2026-03-12' })
    ).toBe('2026-03-12');
  });

  it('moves a candidate too close to the last reminder', () => {
    expect(
      firstPacedDay({ lastReminderDate: '2026-03-10', minDaysBetween: 7, candidate: '2026-03-12' })
    ).toBe('2026-03-17');
    expect(
      firstPacedDay({ lastReminderDate: '2026-03-10', minDaysBetween: 7, candidate: '2026-03-16' })
    ).toBe('2026-03-17');
  });

  it('allows exactly the minimum gap, and anything later', () => {
    expect(
      firstPacedDay({ lastReminderDate: '2026-03-10', minDaysBetween: 7, candidate: '2026-03-17' })
    ).toBe('2026-03-17');
    expect(
      firstPacedDay({ lastReminderDate: '2026-03-10', minDaysBetween: 7, candidate: '2026-04-01' })
    ).toBe('2026-04-01');
  });

  it('counts calendar days across a month end and 29 February', () => {
    expect(
      firstPacedDay({ lastReminderDate: '2024-02-26', minDaysBetween: 5, candidate: '2024-02-27' })
    ).toBe('2024-03-02');
  });

  it('lets a second reminder go the same day with a minimum of 0', () => {
    expect(
      firstPacedDay({ lastReminderDate: '2026-03-10', minDaysBetween: 0, candidate: '2026-03-10' })
    ).toBe('2026-03-10');
  });
});

describe('stepLateness (SPEC F4.8: maximum lateness)', () => {
  const stepDate = '2026-03-20';

  it('sends up to the last allowed day, then records the step as too late', () => {
    expect(stepLateness({ stepDate, today: '2026-03-20', maxLateDays: 3 })).toBe('in_time');
    expect(stepLateness({ stepDate, today: '2026-03-23', maxLateDays: 3 })).toBe('in_time');
    expect(stepLateness({ stepDate, today: '2026-03-24', maxLateDays: 3 })).toBe('too_late');
  });

  it('with 0, sends only on the step day', () => {
    expect(stepLateness({ stepDate, today: '2026-03-20', maxLateDays: 0 })).toBe('in_time');
    expect(stepLateness({ stepDate, today: '2026-03-21', maxLateDays: 0 })).toBe('too_late');
  });

  it('never finds a step too late without a limit', () => {
    expect(stepLateness({ stepDate, today: '2027-03-20', maxLateDays: null })).toBe('in_time');
  });

  it('does not find a step late before its day', () => {
    expect(stepLateness({ stepDate, today: '2026-03-01', maxLateDays: 0 })).toBe('in_time');
  });
});
