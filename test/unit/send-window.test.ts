import {
  isInWindow,
  nextWindowOpening,
  type SendWindow,
} from '../../src/plugins/dunning/server/src/domain/send-window';

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
