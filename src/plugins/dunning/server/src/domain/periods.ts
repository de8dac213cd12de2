import { addDays, type Granularity, mondayOf } from '../../../shared/calendar';
import { zonedInstant } from './dates';

export type { Granularity } from '../../../shared/calendar';

/**
 * Report periods (SPEC F6.3): calendar months or ISO weeks (Monday to Sunday) in the
 * business time zone, as instants the database compares its timestamps with. Grouping
 * by these boundaries works alike on SQLite (epoch milliseconds) and PostgreSQL
 * (timestamptz), and a period starts at local midnight whatever the DST offset.
 */

export type Period = { key: string; from: string; to: string; start: Date; end: Date };

/** `YYYY-Www`, the ISO 8601 week `date` falls in (its year is the year of its Thursday). */
export const isoWeekKey = (date: string): string => {
  const thursday = addDays(mondayOf(date), 3);
  const year = Number(thursday.slice(0, 4));
  const firstThursday = addDays(mondayOf(`${year}-01-04`), 3);
  const week = 1 + Math.round((Date.parse(thursday) - Date.parse(firstThursday)) / (7 * 86400000));
  return `${year}-W${String(week).padStart(2, '0')}`;
};

const firstOfNextMonth = (date: string) => {
  const [year, month] = date.split('-').map(Number);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
};

/** The period containing `date`: its key and its first and last calendar days. */
export const periodOf = (date: string, granularity: Granularity) => {
  if (granularity === 'month') {
    const from = `${date.slice(0, 7)}-01`;
    return { key: date.slice(0, 7), from, to: addDays(firstOfNextMonth(from), -1) };
  }
  const from = mondayOf(date);
  return { key: isoWeekKey(date), from, to: addDays(from, 6) };
};

/** Every period from the one containing `from` to the one containing `to` (inclusive days). */
export const periodsBetween = ({
  from,
  to,
  granularity,
  timezone,
}: {
  from: string;
  to: string;
  granularity: Granularity;
  timezone: string;
}): Period[] => {
  const periods: Period[] = [];
  for (let day = from; day <= to;) {
    const period = periodOf(day, granularity);
    const next = addDays(period.to, 1);
    periods.push({
      ...period,
      start: zonedInstant(period.from, 0, timezone),
      end: zonedInstant(next, 0, timezone),
    });
    day = next;
  }
  return periods;
};
