import {
  type LateFeeSettings,
  lateFeesOf,
  totalLateFees,
} from '../../src/plugins/dunning/server/src/domain/late-fees';

const settings: LateFeeSettings = { enabled: true, indemnity: 40, annualRatePercent: 12.15 };
const ZEROS = { daysOverdue: 0, indemnity: 0, interest: 0, total: 0 };

describe('lateFeesOf (SPEC F4.9)', () => {
  it('charges the indemnity and interest per day overdue, rounded to cents', () => {
    // 1000 × 12.15 % × 30 / 365 = 9.9863…
    expect(
      lateFeesOf({ dueDate: '2026-03-01', amountDue: 1000, today: '2026-03-31', settings })
    ).toEqual({
      daysOverdue: 30,
      indemnity: 40,
      interest: 9.99,
      total: 49.99,
    });
  });

  it('counts interest from the day after the due date', () => {
    // 1000 × 10 % / 365 = 0.2739…
    expect(
      lateFeesOf({
        dueDate: '2026-03-01',
        amountDue: 1000,
        today: '2026-03-02',
        settings: { ...settings, annualRatePercent: 10 },
      })
    ).toEqual({
      daysOverdue: 1,
      indemnity: 40,
      interest: 0.27,
      total: 40.27,
    });
  });

  it('charges nothing on the due date or before it', () => {
    expect(
      lateFeesOf({ dueDate: '2026-03-01', amountDue: 1000, today: '2026-03-01', settings })
    ).toEqual(ZEROS);
    expect(
      lateFeesOf({ dueDate: '2026-03-01', amountDue: 1000, today: '2026-02-20', settings })
    ).toEqual(ZEROS);
  });

  it('charges nothing when switched off, or with nothing due', () => {
    expect(
      lateFeesOf({
        dueDate: '2026-03-01',
        amountDue: 1000,
        today: '2026-03-31',
        settings: { ...settings, enabled: false },
      })
    ).toEqual(ZEROS);
    expect(
      lateFeesOf({ dueDate: '2026-03-01', amountDue: 0, today: '2026-03-31', settings })
    ).toEqual(ZEROS);
  });

  it('counts 29 February as a day overdue but keeps a 365-day year', () => {
    expect(
      lateFeesOf({
        dueDate: '2024-02-28',
        amountDue: 36500,
        today: '2024-03-01',
        settings: { ...settings, annualRatePercent: 10 },
      })
    ).toEqual({
      daysOverdue: 2,
      indemnity: 40,
      interest: 20,
      total: 60,
    });
    // A whole leap year overdue: 366 / 365 of a year's interest, 100.2739…
    expect(
      lateFeesOf({
        dueDate: '2024-01-01',
        amountDue: 1000,
        today: '2025-01-01',
        settings: { ...settings, annualRatePercent: 10 },
      }).interest
    ).toBe(100.27);
  });

  it('takes the legal 40 when no indemnity is set, and any other amount set', () => {
    expect(
      lateFeesOf({
        dueDate: '2026-03-01',
        amountDue: 1000,
        today: '2026-03-31',
        settings: { enabled: true, annualRatePercent: 12.15 },
      }).indemnity
    ).toBe(40);
    expect(
      lateFeesOf({
        dueDate: '2026-03-01',
        amountDue: 1000,
        today: '2026-03-31',
        settings: { ...settings, indemnity: 0 },
      }).total
    ).toBe(9.99);
  });

  it('charges only the indemnity at a rate of 0', () => {
    expect(
      lateFeesOf({
        dueDate: '2026-03-01',
        amountDue: 1000,
        today: '2026-03-31',
        settings: { ...settings, annualRatePercent: 0 },
      })
    ).toEqual({
      daysOverdue: 30,
      indemnity: 40,
      interest: 0,
      total: 40,
    });
  });

  it('rounds the interest on an amount with cents', () => {
    // 333.33 × 10.5 % × 17 / 365 = 1.6301…
    expect(
      lateFeesOf({
        dueDate: '2026-03-01',
        amountDue: 333.33,
        today: '2026-03-18',
        settings: { ...settings, annualRatePercent: 10.5 },
      }).interest
    ).toBe(1.63);
  });
});

describe('totalLateFees', () => {
  it('sums per currency, sorted, rounded to cents', () => {
    expect(
      totalLateFees([
        { currency: 'GBP', indemnity: 40, interest: 1.5 },
        { currency: 'EUR', indemnity: 40, interest: 0.1 },
        { currency: 'EUR', indemnity: 40, interest: 0.2 },
        { currency: 'EUR', indemnity: 0, interest: 0 },
      ])
    ).toEqual([
      { currency: 'EUR', indemnity: 80, interest: 0.3, total: 80.3 },
      { currency: 'GBP', indemnity: 40, interest: 1.5, total: 41.5 },
    ]);
  });

  it('is empty for no invoices', () => {
    expect(totalLateFees([])).toEqual([]);
  });

  it('follows a change of the annual rate to the cent (e.g. the half-yearly update of the ECB rate)', () => {
    const at = (annualRatePercent: number) =>
      lateFeesOf({
        dueDate: '2026-01-15',
        amountDue: 2500,
        today: '2026-03-01',
        settings: { enabled: true, annualRatePercent },
      });
    // 45 days: 2 500 × 12.15 % × 45 / 365 = 37.4486… → 37.45; at 11.90 %: 36.6780… → 36.68.
    expect(at(12.15)).toMatchObject({ daysOverdue: 45, interest: 37.45, total: 77.45 });
    expect(at(11.9)).toMatchObject({ daysOverdue: 45, interest: 36.68, total: 76.68 });
  });
});
