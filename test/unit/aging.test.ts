import { agingDueDateRanges } from '../../src/plugins/dunning/server/src/domain/aging';
import { addDays } from '../../src/plugins/dunning/server/src/domain/dates';

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
