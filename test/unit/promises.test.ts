import {
  type PaymentPromise,
  promiseState,
  resumeDay,
} from '../../src/plugins/dunning/server/src/domain/promises';

const promise = (amount: number | null): PaymentPromise => ({
  date: '2026-04-10',
  amount,
  recordedAt: '2026-04-01T09:30:00.000Z',
  recordedBy: 'Camille',
});

/** An invoice of 1200 due when the customer promised, with a grace of 3 days. */
const stateOf = (amount: number | null, amountDue: number, today: string, graceDays = 3) =>
  promiseState({
    promise: promise(amount),
    amountDue,
    amountDueWhenPromised: 1200,
    today,
    graceDays,
  });

describe('promiseState (SPEC F4.6)', () => {
  it('is none without a promise', () => {
    expect(
      promiseState({
        promise: null,
        amountDue: 1200,
        amountDueWhenPromised: 1200,
        today: '2026-04-20',
        graceDays: 3,
      })
    ).toBe('none');
  });

  it('is pending until the date plus the grace days, broken the day after', () => {
    expect(stateOf(null, 1200, '2026-04-01')).toBe('pending');
    expect(stateOf(null, 1200, '2026-04-10')).toBe('pending');
    expect(stateOf(null, 1200, '2026-04-13')).toBe('pending');
    expect(stateOf(null, 1200, '2026-04-14')).toBe('broken');
  });

  it('breaks the day after the date without grace', () => {
    expect(stateOf(null, 1200, '2026-04-10', 0)).toBe('pending');
    expect(stateOf(null, 1200, '2026-04-11', 0)).toBe('broken');
  });

  it('is kept once the invoice is paid, before or after the date', () => {
    expect(stateOf(null, 0, '2026-04-05')).toBe('kept');
    expect(stateOf(500, 0, '2026-04-20')).toBe('kept');
  });

  it('is kept by a partial payment covering the amount promised', () => {
    expect(stateOf(500, 700, '2026-04-09')).toBe('kept');
    expect(stateOf(500, 650, '2026-04-20')).toBe('kept');
  });

  it('is not kept by a payment one cent short', () => {
    expect(stateOf(500, 700.01, '2026-04-13')).toBe('pending');
    expect(stateOf(500, 700.01, '2026-04-14')).toBe('broken');
  });

  it('compares amounts in cents, where 1200.30 − 1000.10 is not quite 200.20 in floating point', () => {
    expect(
      promiseState({
        promise: promise(200.2),
        amountDue: 1000.1,
        amountDueWhenPromised: 1200.3,
        today: '2026-04-20',
        graceDays: 3,
      })
    ).toBe('kept');
  });

  it('asks for the whole balance when no amount was promised', () => {
    expect(stateOf(null, 200, '2026-04-13')).toBe('pending');
    expect(stateOf(null, 200, '2026-04-14')).toBe('broken');
  });

  it('asks for the whole balance when more was promised than was due', () => {
    expect(
      promiseState({
        promise: promise(1500),
        amountDue: 100,
        amountDueWhenPromised: 1200,
        today: '2026-04-14',
        graceDays: 3,
      })
    ).toBe('broken');
    expect(
      promiseState({
        promise: promise(1500),
        amountDue: 0,
        amountDueWhenPromised: 1200,
        today: '2026-04-14',
        graceDays: 3,
      })
    ).toBe('kept');
  });
});

describe('resumeDay', () => {
  it('is the day after the grace period, the first day the promise is broken', () => {
    expect(resumeDay(promise(null), 3)).toBe('2026-04-14');
    expect(resumeDay(promise(null), 0)).toBe('2026-04-11');
    expect(stateOf(null, 1200, resumeDay(promise(null), 3))).toBe('broken');
  });

  it('crosses a month end', () => {
    expect(resumeDay({ date: '2026-04-28' }, 5)).toBe('2026-05-04');
  });
});
