import { isCalendarDay } from '../../src/plugins/dunning/shared/calendar';
import { reminderListSchema } from '../../src/plugins/dunning/shared/contracts/reminders';
import { reportSchema } from '../../src/plugins/dunning/shared/contracts/reports';

/** Every query is bounded (README.md, "Security"), without Strapi. */
describe('bounded query parameters', () => {
  it.each([['2026-02-28'], ['2024-02-29'], ['2000-01-01'], ['2099-12-31']])(
    '%s is a calendar day',
    (day) => {
      expect(isCalendarDay(day)).toBe(true);
    }
  );

  it.each([
    ['2025-02-29'],
    ['2026-02-30'],
    ['2026-04-31'],
    ['2026-13-01'],
    ['1999-12-31'],
    ['2100-01-01'],
    ['1000-01-01'],
    ['2999-01-01'],
    ['26-01-01'],
    ['2026-1-1'],
    [''],
  ])('%p is not', (day) => {
    expect(isCalendarDay(day)).toBe(false);
  });

  it('caps a report range at both ends, today ending one without `to`', () => {
    expect(
      reportSchema.safeParse({ from: '2020-01-01', to: '2029-12-31', granularity: 'month' }).success
    ).toBe(true);
    expect(
      reportSchema.safeParse({ from: '2020-01-01', to: '2030-01-01', granularity: 'month' }).success
    ).toBe(false);
    const weeks = reportSchema.safeParse({ from: '2000-01-01', granularity: 'week' });
    expect(weeks.success ? null : weeks.error.issues[0]).toMatchObject({
      path: ['from'],
      message: expect.stringMatching(/^at most 120 weeks from from to today/),
    });
  });

  it('stops paging at 100,000 rows whatever the page size', () => {
    expect(reminderListSchema.safeParse({ page: '1000', pageSize: '100' }).success).toBe(true);
    expect(reminderListSchema.safeParse({ page: '1001', pageSize: '100' }).success).toBe(false);
    expect(reminderListSchema.safeParse({ page: '1e300' }).success).toBe(false);
  });
});
