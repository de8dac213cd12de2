import {
  type BusinessCalendar,
  easterSunday,
  isBusinessDay,
  nextBusinessDay,
  publicHolidays,
} from '../../src/plugins/dunning/server/src/domain/holidays';

const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5];
const france: BusinessCalendar = {
  country: 'FR',
  extraClosedDates: [],
  weekdays: MONDAY_TO_FRIDAY,
};
const england: BusinessCalendar = {
  country: 'GB',
  extraClosedDates: [],
  weekdays: MONDAY_TO_FRIDAY,
};

describe('easterSunday', () => {
  it.each([
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'], // the latest possible
    [2285, '2285-03-22'], // the earliest possible
  ])('%i: %s', (year, easter) => {
    expect(easterSunday(year)).toBe(easter);
  });
});

describe('publicHolidays: France', () => {
  it('lists the eleven holidays of 2026, Easter-based ones included', () => {
    expect(publicHolidays('FR', 2026)).toEqual([
      '2026-01-01',
      '2026-04-06', // Easter Monday
      '2026-05-01',
      '2026-05-08',
      '2026-05-14', // Ascension Thursday
      '2026-05-25', // Whit Monday
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  it.each([
    [2024, ['2024-04-01', '2024-05-09', '2024-05-20']],
    [2025, ['2025-04-21', '2025-05-29', '2025-06-09']],
    [2027, ['2027-03-29', '2027-05-06', '2027-05-17']],
  ])('%i: Easter Monday, Ascension and Whit Monday follow Easter', (year, movable) => {
    expect(publicHolidays('FR', year)).toEqual(expect.arrayContaining(movable));
    expect(publicHolidays('FR', year)).toHaveLength(11);
  });

  it('lists a day once when Ascension falls on 1 May (2008)', () => {
    const holidays = publicHolidays('FR', 2008);
    expect(holidays.filter((day) => day === '2008-05-01')).toHaveLength(1);
    expect(holidays).toHaveLength(10);
  });
});

describe('publicHolidays: England and Wales', () => {
  it('2026: Good Friday, Easter Monday, the May and August Mondays, Boxing Day moved to Monday', () => {
    expect(publicHolidays('GB', 2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-26', // a Saturday
      '2026-12-28',
    ]);
  });

  it('2027: Christmas on a Saturday gives Monday 27 and Tuesday 28 December', () => {
    expect(publicHolidays('GB', 2027)).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-25',
      '2027-12-26',
      '2027-12-27',
      '2027-12-28',
    ]);
  });

  it('2022: Christmas on a Sunday moves to Tuesday 27, after Boxing Day on Monday 26', () => {
    expect(publicHolidays('GB', 2022).filter((day) => day >= '2022-12-24')).toEqual([
      '2022-12-25',
      '2022-12-26',
      '2022-12-27',
    ]);
  });

  it.each([
    [2022, '2022-01-03'], // Saturday 1 January
    [2023, '2023-01-02'], // Sunday 1 January
  ])('%i: New Year on a weekend moves to %s', (year, substitute) => {
    expect(publicHolidays('GB', year)).toContain(substitute);
  });

  it.each([
    [2025, '2025-05-05', '2025-05-26', '2025-08-25'],
    [2028, '2028-05-01', '2028-05-29', '2028-08-28'],
  ])(
    '%i: early May, spring and summer bank holidays are Mondays',
    (year, earlyMay, spring, summer) => {
      expect(publicHolidays('GB', year)).toEqual(
        expect.arrayContaining([earlyMay, spring, summer])
      );
    }
  );
});

describe('publicHolidays: other countries', () => {
  it('knows none for a country it has no rules for, or none', () => {
    expect(publicHolidays('DE', 2026)).toEqual([]);
    expect(publicHolidays(null, 2026)).toEqual([]);
  });

  it('gives a copy the caller may change', () => {
    publicHolidays('FR', 2026).pop();
    expect(publicHolidays('FR', 2026)).toHaveLength(11);
  });
});

describe('isBusinessDay', () => {
  it('is false on weekends and holidays, true on other weekdays', () => {
    expect(isBusinessDay('2026-05-07', france)).toBe(true);
    expect(isBusinessDay('2026-05-08', france)).toBe(false); // Victoire 1945, a Friday
    expect(isBusinessDay('2026-05-09', france)).toBe(false);
    expect(isBusinessDay('2026-05-08', england)).toBe(true);
  });

  it('closes on the extra dates', () => {
    expect(isBusinessDay('2026-05-15', { ...france, extraClosedDates: ['2026-05-15'] })).toBe(
      false
    );
  });

  it('follows the open weekdays, holidays still closing a Saturday', () => {
    const sixDays = { ...england, weekdays: [1, 2, 3, 4, 5, 6] };
    expect(isBusinessDay('2026-05-09', sixDays)).toBe(true);
    expect(isBusinessDay('2027-12-25', sixDays)).toBe(false);
  });

  it('has only weekdays and extra dates without a known country', () => {
    expect(isBusinessDay('2026-12-25', { ...france, country: 'DE' })).toBe(true);
    expect(isBusinessDay('2026-12-25', { ...france, country: null })).toBe(true);
  });
});

describe('nextBusinessDay', () => {
  it('is the day itself when open', () => {
    expect(nextBusinessDay('2026-05-07', france)).toBe('2026-05-07');
  });

  it('goes past a Friday holiday and the weekend to Monday', () => {
    expect(nextBusinessDay('2026-05-08', france)).toBe('2026-05-11');
  });

  it('goes past Ascension Thursday and a closed Friday', () => {
    expect(nextBusinessDay('2026-05-14', { ...france, extraClosedDates: ['2026-05-15'] })).toBe(
      '2026-05-18'
    );
  });

  it('goes past Christmas and its substitute days', () => {
    expect(nextBusinessDay('2027-12-25', england)).toBe('2027-12-29');
  });

  it('crosses into the next year and its holidays', () => {
    expect(nextBusinessDay('2022-12-31', england)).toBe('2023-01-03');
  });

  it('is null when the calendar opens on no weekday', () => {
    expect(nextBusinessDay('2026-05-08', { ...france, weekdays: [] })).toBeNull();
  });
});
