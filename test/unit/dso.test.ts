import { dsoDays, dsoOf } from '../../src/plugins/dunning/server/src/domain/dso';

describe('DSO, the standard formula (F6.3)', () => {
  it('counts the days of a past period whole, of the period in progress up to today, of a later one none', () => {
    expect(dsoDays({ from: '2026-02-01', to: '2026-02-28' }, '2026-12-02')).toBe(28);
    expect(dsoDays({ from: '2024-02-01', to: '2024-02-29' }, '2024-03-01')).toBe(29);
    expect(dsoDays({ from: '2026-12-01', to: '2026-12-31' }, '2026-12-02')).toBe(2);
    expect(dsoDays({ from: '2026-12-01', to: '2026-12-31' }, '2026-12-01')).toBe(1);
    expect(dsoDays({ from: '2026-11-30', to: '2026-12-06' }, '2026-12-06')).toBe(7);
    expect(dsoDays({ from: '2027-01-01', to: '2027-01-31' }, '2026-12-02')).toBe(0);
  });

  it('divides receivables by sales and multiplies by the days, to one decimal', () => {
    expect(dsoOf({ receivables: 2500, sales: 2000, days: 28 })).toBe(35);
    expect(dsoOf({ receivables: 700, sales: 300, days: 31 })).toBe(72.3);
    expect(dsoOf({ receivables: 1000, sales: 3000, days: 31 })).toBe(10.3);
    expect(dsoOf({ receivables: 0, sales: 400, days: 31 })).toBe(0);
  });

  it('has no DSO without sales or days', () => {
    expect(dsoOf({ receivables: 500, sales: 0, days: 28 })).toBeNull();
    expect(dsoOf({ receivables: 500, sales: 100, days: 0 })).toBeNull();
  });
});
