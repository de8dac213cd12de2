import {
  FLOOD_WINDOW_MS,
  floodRetryAfterSeconds,
  latestPromiseDay,
  promiseRefusalsOf,
} from '../../src/plugins/dunning/server/src/domain/portal-limits';

const bounds = { today: '2026-12-06', horizonDays: 60, amountDue: 500, currency: 'EUR' };

describe('portal promises are bounded (SPEC F7.4)', () => {
  it("ends the horizon the settings give after the customer's today, across a year's end", () => {
    expect(latestPromiseDay('2026-12-06', 60)).toBe('2027-02-04');
    expect(latestPromiseDay('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('takes a day from today to the horizon, both included, and any amount up to what is due', () => {
    for (const date of ['2026-12-06', '2027-01-01', '2027-02-04']) {
      for (const amount of [null, 0.01, 499.99, 500, 500.004])
        expect(promiseRefusalsOf({ date, amount }, bounds)).toEqual([]);
    }
  });

  it('names the earliest day for a day in the past and the latest for one past the horizon', () => {
    expect(promiseRefusalsOf({ date: '2026-12-05', amount: null }, bounds)).toEqual([
      { field: 'date', earliest: '2026-12-06' },
    ]);
    expect(promiseRefusalsOf({ date: '2027-02-05', amount: null }, bounds)).toEqual([
      { field: 'date', latest: '2027-02-04' },
    ]);
    expect(promiseRefusalsOf({ date: '2099-12-31', amount: 0.01 }, bounds)).toEqual([
      { field: 'date', latest: '2027-02-04' },
    ]);
  });

  it('refuses more than is due, to the cent, and says both faults at once', () => {
    expect(promiseRefusalsOf({ date: '2027-01-01', amount: 500.01 }, bounds)).toEqual([
      { field: 'amount', most: 500, currency: 'EUR' },
    ]);
    expect(
      promiseRefusalsOf({ date: '2027-01-01', amount: 1200.5 }, { ...bounds, amountDue: 1200.5 })
    ).toEqual([]);
    expect(promiseRefusalsOf({ date: '2099-12-31', amount: 9999 }, bounds)).toEqual([
      { field: 'date', latest: '2027-02-04' },
      { field: 'amount', most: 500, currency: 'EUR' },
    ]);
  });
});

describe('portal actions are rate-limited over a sliding hour (SPEC F7.4)', () => {
  const now = new Date('2026-12-06T10:00:00Z');
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it('lets an action through while fewer than the limit are in the window', () => {
    expect(floodRetryAfterSeconds([], 10, now)).toBeNull();
    expect(
      floodRetryAfterSeconds(
        Array.from({ length: 9 }, (_, i) => ago(i)),
        10,
        now
      )
    ).toBeNull();
  });

  it('at the limit, says when the limit-th latest leaves the window', () => {
    const recent = Array.from({ length: 10 }, (_, i) => ago(i * 5)); // 0, 5, … 45 minutes ago
    expect(floodRetryAfterSeconds(recent, 10, now)).toBe(15 * 60);
    expect(floodRetryAfterSeconds(recent, 3, now)).toBe(50 * 60);
  });

  it('never says less than a second', () => {
    expect(floodRetryAfterSeconds([new Date(now.getTime() - FLOOD_WINDOW_MS + 10)], 1, now)).toBe(
      1
    );
  });
});
