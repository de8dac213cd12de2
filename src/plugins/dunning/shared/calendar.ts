/** Calendar days (`YYYY-MM-DD`) as requests name them: pure, shared by the server's domain and the contracts. */

/** `date` (`YYYY-MM-DD`) moved by whole calendar days. */
export const addDays = (date: string, days: number): string => {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
};

/** The days a query may name: anything outside is a typo or a probe, not a report. */
export const FIRST_DAY = '2000-01-01';
export const LAST_DAY = '2099-12-31';

/** Whether `value` is a real calendar day (`2025-02-30` is not) between FIRST_DAY and LAST_DAY. */
export const isCalendarDay = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value &&
  value >= FIRST_DAY &&
  value <= LAST_DAY;

export type Granularity = 'week' | 'month';

const dayOfWeek = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0

/** The Monday of `date`'s ISO week. */
export const mondayOf = (date: string) => addDays(date, -dayOfWeek(date));

/** How many report periods (calendar months or ISO weeks) run from `from` to `to`. */
export const periodCount = (from: string, to: string, granularity: Granularity): number => {
  if (granularity === 'week')
    return (Date.parse(mondayOf(to)) - Date.parse(mondayOf(from))) / (7 * 86400000) + 1;
  const months = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  return months(to) - months(from) + 1;
};
