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
