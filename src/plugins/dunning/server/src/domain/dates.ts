import { cached } from '../helpers';

export { addDays } from '../../../shared/calendar';

const dayFormat = cached(
  (timezone) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
);

/** The calendar date (`YYYY-MM-DD`) it is at `now` in `timezone`. */
export const todayIn = (timezone: string, now: Date): string => dayFormat(timezone).format(now);

/** Whole days from `from` to `to`, both `YYYY-MM-DD`. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export const isoWeekday = (date: string): number => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
};

const wallFormat = cached(
  (timezone) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
);

/** Wall-clock components of `instant` in `timezone`, read as if they were UTC. */
const wallAsUtc = (instant: number, timezone: string): number => {
  const parts = wallFormat(timezone).formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  return Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'));
};

/**
 * The instant it is `hour`:00 on `date` in `timezone`. On a spring-forward day an hour
 * that does not exist comes out one hour later, as clocks show it.
 */
export const zonedInstant = (date: string, hour: number, timezone: string): Date => {
  const target = Date.parse(`${date}T00:00:00Z`) + hour * 3600000;
  let instant = target - (wallAsUtc(target, timezone) - target);
  instant += target - wallAsUtc(instant, timezone);
  return new Date(instant);
};
