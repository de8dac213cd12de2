import {
  MAX_PAUSE_DAYS,
  pauseEndProblem,
  pauseInForce,
} from '../../src/plugins/dunning/server/src/domain/pause';

/** A customer's dunning paused until a day (README.md, "Pausing a customer"), without Strapi. */

describe('pauseEndProblem', () => {
  it('takes a day after today, up to a year and a day ahead', () => {
    expect(pauseEndProblem('2026-04-02', '2026-04-01')).toBeNull();
    expect(pauseEndProblem('2027-04-02', '2026-04-01')).toBeNull();
    expect(MAX_PAUSE_DAYS).toBe(366);
  });

  it('refuses today, the past and further than a year and a day', () => {
    expect(pauseEndProblem('2026-04-01', '2026-04-01')).toBe(
      'must be a day after today (2026-04-01)'
    );
    expect(pauseEndProblem('2025-12-31', '2026-04-01')).toBe(
      'must be a day after today (2026-04-01)'
    );
    expect(pauseEndProblem('2027-04-03', '2026-04-01')).toBe(
      'must be 366 days from today at most (2027-04-02)'
    );
  });
});

describe('pauseInForce', () => {
  it('shows a pause until its day, not after', () => {
    const customer = { pausedUntil: '2026-04-10', pauseReason: 'Merger' };
    expect(pauseInForce(customer, '2026-04-09')).toEqual(customer);
    expect(pauseInForce(customer, '2026-04-10')).toEqual({ pausedUntil: null, pauseReason: null });
  });
});
