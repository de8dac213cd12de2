import { cached } from '../helpers';
import { addDays, todayIn, zonedInstant } from './dates';
import { type BusinessCalendar, isBusinessDay, nextBusinessDay } from './holidays';

/**
 * The hours and days reminders may leave (SPEC F4.2, F4.8): e.g. 9:00–18:00, Monday to
 * Friday except the public holidays of France, Europe/Paris. Computed on the wall clock
 * of the window's timezone, so daylight-saving changes move nothing.
 */

export type Holidays = Pick<BusinessCalendar, 'country' | 'extraClosedDates'>;

export type SendWindow = {
  /** First hour mail may leave, 0–23. */
  startHour: number;
  /** Hour mail stops, 1–24 (exclusive). */
  endHour: number;
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Public holidays of a country, and further closed days; none when absent. */
  holidays?: Holidays;
  timezone: string;
};

/** The business days of a window. */
export const calendarOf = (window: Pick<SendWindow, 'days' | 'holidays'>): BusinessCalendar => ({
  country: window.holidays?.country ?? null,
  extraClosedDates: window.holidays?.extraClosedDates ?? [],
  weekdays: window.days,
});

const hourFormat = cached(
  (timezone) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', hourCycle: 'h23' })
);

/** Hour on the wall clock of `timezone` at `instant`. */
export const wallHour = (instant: Date, timezone: string): number =>
  Number(hourFormat(timezone).format(instant));

export const isInWindow = (instant: Date, window: SendWindow): boolean => {
  const hour = wallHour(instant, window.timezone);
  return (
    isBusinessDay(todayIn(window.timezone, instant), calendarOf(window)) &&
    hour >= window.startHour &&
    hour < window.endHour
  );
};

/**
 * The first instant at or after `now` inside the window (`now` itself when open): today's
 * opening if it is still to come on a business day, else the next business day's. Null
 * when the window has no business day at all.
 */
export const nextWindowOpening = (now: Date, window: SendWindow): Date | null => {
  if (isInWindow(now, window)) return now;
  const calendar = calendarOf(window);
  const today = todayIn(window.timezone, now);
  const day =
    isBusinessDay(today, calendar) && wallHour(now, window.timezone) < window.startHour
      ? today
      : nextBusinessDay(addDays(today, 1), calendar);
  return day ? zonedInstant(day, window.startHour, window.timezone) : null;
};
