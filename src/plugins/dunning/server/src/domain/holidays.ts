import { addDays, isoWeekday } from './dates';

/**
 * Public holidays and business days (SPEC F4.8): reminders are not due on a day the
 * customer's offices are closed. Pure; dates are calendar dates `YYYY-MM-DD`.
 */

export type BusinessCalendar = {
  /** ISO 3166 code: holidays are known for 'FR' and 'GB'; any other code, or null, has none. */
  country: string | null;
  /** Further days the business is closed, e.g. a company closure. */
  extraClosedDates: string[];
  /** ISO weekdays the business is open: 1 = Monday … 7 = Sunday. */
  weekdays: number[];
};

const dateOf = (year: number, month: number, day: number): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Easter Sunday in the Gregorian calendar: the anonymous algorithm (Meeus, Jones, Butcher). */
export const easterSunday = (year: number): string => {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dateOf(year, month, day);
};

const firstMonday = (year: number, month: number): string => {
  let day = dateOf(year, month, 1);
  while (isoWeekday(day) !== 1) day = addDays(day, 1);
  return day;
};

/** For May and August: the week before the next month's first Monday. */
const lastMonday = (year: number, month: number): string =>
  addDays(firstMonday(year, month + 1), -7);

const france = (year: number): string[] => {
  const easter = easterSunday(year);
  return [
    dateOf(year, 1, 1),
    addDays(easter, 1), // Easter Monday
    dateOf(year, 5, 1),
    dateOf(year, 5, 8),
    addDays(easter, 39), // Ascension Thursday
    addDays(easter, 50), // Whit Monday
    dateOf(year, 7, 14),
    dateOf(year, 8, 15),
    dateOf(year, 11, 1),
    dateOf(year, 11, 11),
    dateOf(year, 12, 25),
  ];
};

/**
 * England and Wales. A fixed holiday on a weekend gives a substitute: the next weekday
 * not already a holiday, so Christmas on a Saturday moves to Monday and Boxing Day to
 * Tuesday. The weekend day itself stays listed, for businesses open on Saturdays.
 * One-off days (jubilees, coronations, state funerals) are proclaimed case by case:
 * they go in `extraClosedDates`.
 */
const englandAndWales = (year: number): string[] => {
  const easter = easterSunday(year);
  const fixed = [dateOf(year, 1, 1), dateOf(year, 12, 25), dateOf(year, 12, 26)];
  const holidays = [
    ...fixed,
    addDays(easter, -2), // Good Friday
    addDays(easter, 1), // Easter Monday
    firstMonday(year, 5), // early May bank holiday
    lastMonday(year, 5), // spring bank holiday
    lastMonday(year, 8), // summer bank holiday
  ];
  const isWeekend = (date: string) => isoWeekday(date) >= 6;
  for (const date of fixed.filter(isWeekend)) {
    let substitute = addDays(date, 1);
    while (isWeekend(substitute) || holidays.includes(substitute))
      substitute = addDays(substitute, 1);
    holidays.push(substitute);
  }
  return holidays;
};

const HOLIDAYS_OF: Record<string, (year: number) => string[]> = { FR: france, GB: englandAndWales };

const memo = new Map<string, Set<string>>();

const holidaySet = (country: string | null, year: number): Set<string> => {
  const rule = country ? HOLIDAYS_OF[country] : undefined;
  if (!rule) return new Set();
  const key = `${country}|${year}`;
  let holidays = memo.get(key);
  if (!holidays) {
    holidays = new Set(rule(year));
    memo.set(key, holidays);
  }
  return holidays;
};

/** The public holidays of `country` in `year`, sorted; none for a country not known here. */
export const publicHolidays = (country: string | null, year: number): string[] =>
  [...holidaySet(country, year)].sort();

export const isBusinessDay = (date: string, calendar: BusinessCalendar): boolean =>
  calendar.weekdays.includes(isoWeekday(date)) &&
  !calendar.extraClosedDates.includes(date) &&
  !holidaySet(calendar.country, Number(date.slice(0, 4))).has(date);

/**
 * The first business day on or after `date`; null when the calendar opens on no weekday.
 * With one open weekday the walk ends: holidays are a few a year and extra dates finite.
 */
export const nextBusinessDay = (date: string, calendar: BusinessCalendar): string | null => {
  if (!calendar.weekdays.some((weekday) => weekday >= 1 && weekday <= 7)) return null;
  let day = date;
  while (!isBusinessDay(day, calendar)) day = addDays(day, 1);
  return day;
};
