import { agingDueDateRanges } from '../../src/plugins/dunning/server/src/domain/aging';
import { addDays } from '../../src/plugins/dunning/server/src/domain/dates';
import {
  isoWeekKey,
  periodOf,
  periodsBetween,
} from '../../src/plugins/dunning/server/src/domain/periods';
import { periodCount } from '../../src/plugins/dunning/shared/calendar';

describe('report periods (SPEC F6.3)', () => {
  it('keys months as YYYY-MM and weeks as ISO 8601 weeks', () => {
    expect(periodOf('2026-02-14', 'month')).toEqual({
      key: '2026-02',
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(periodOf('2024-02-14', 'month').to).toBe('2024-02-29');
    expect(periodOf('2026-12-31', 'month')).toEqual({
      key: '2026-12',
      from: '2026-12-01',
      to: '2026-12-31',
    });
    expect(periodOf('2026-01-01', 'week')).toEqual({
      key: '2026-W01',
      from: '2025-12-29',
      to: '2026-01-04',
    });
    expect(isoWeekKey('2027-01-01')).toBe('2026-W53');
    expect(isoWeekKey('2024-12-30')).toBe('2025-W01');
    expect(isoWeekKey('2021-01-03')).toBe('2020-W53');
    expect(isoWeekKey('2026-06-15')).toBe('2026-W25');
  });

  it('starts each period at local midnight, across DST changes', () => {
    const months = periodsBetween({
      from: '2026-02-10',
      to: '2026-04-02',
      granularity: 'month',
      timezone: 'Europe/Paris',
    });
    expect(months.map((p) => [p.key, p.start.toISOString(), p.end.toISOString()])).toEqual([
      ['2026-02', '2026-01-31T23:00:00.000Z', '2026-02-28T23:00:00.000Z'],
      ['2026-03', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
      ['2026-04', '2026-03-31T22:00:00.000Z', '2026-04-30T22:00:00.000Z'],
    ]);
    const weeks = periodsBetween({
      from: '2026-03-25',
      to: '2026-04-01',
      granularity: 'week',
      timezone: 'Europe/Paris',
    });
    expect(weeks.map((p) => [p.key, p.start.toISOString()])).toEqual([
      ['2026-W13', '2026-03-22T23:00:00.000Z'],
      ['2026-W14', '2026-03-29T22:00:00.000Z'],
    ]);
  });

  it('counts periods without building them', () => {
    expect(periodCount('2026-01-15', '2026-12-01', 'month')).toBe(12);
    expect(periodCount('2025-11-30', '2026-02-01', 'month')).toBe(4);
    expect(periodCount('2026-01-01', '2026-01-31', 'week')).toBe(5);
    expect(periodCount('2026-01-01', '2026-01-31', 'week')).toBe(
      periodsBetween({ from: '2026-01-01', to: '2026-01-31', granularity: 'week', timezone: 'UTC' })
        .length
    );
  });
});

describe('aging buckets', () => {
  it('puts days overdue in not due, 1–30, 31–60, 61–90, more than 90', () => {
    const today = '2026-03-31';
    const ranges = agingDueDateRanges(today);
    const bucketOf = (daysOverdue: number) => {
      const due = addDays(today, -daysOverdue);
      return ranges
        .filter((r) => (!r.dueFrom || due >= r.dueFrom) && (!r.dueBefore || due < r.dueBefore))
        .map((r) => r.key);
    };
    expect([-10, 0, 1, 30, 31, 60, 61, 90, 91, 400].map(bucketOf)).toEqual([
      ['not_due'],
      ['not_due'],
      ['1_30'],
      ['1_30'],
      ['31_60'],
      ['31_60'],
      ['61_90'],
      ['61_90'],
      ['over_90'],
      ['over_90'],
    ]);
  });

  it('gives the due-date ranges the database compares with', () => {
    expect(agingDueDateRanges('2026-03-31')).toEqual([
      { key: 'not_due', dueFrom: '2026-03-31', dueBefore: null },
      { key: '1_30', dueFrom: '2026-03-01', dueBefore: '2026-03-31' },
      { key: '31_60', dueFrom: '2026-01-30', dueBefore: '2026-03-01' },
      { key: '61_90', dueFrom: '2025-12-31', dueBefore: '2026-01-30' },
      { key: 'over_90', dueFrom: null, dueBefore: '2025-12-31' },
    ]);
  });
});
