/**
 * The hours and days reminders may leave (SPEC F4.2): e.g. 9:00–18:00, Monday to
 * Friday, Europe/Paris. Computed on the wall clock of the window's timezone, so
 * daylight-saving changes move nothing.
 */

export type SendWindow = {
  /** First hour mail may leave, 0–23. */
  startHour: number;
  /** Hour mail stops, 1–24 (exclusive). */
  endHour: number;
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: number[];
  timezone: string;
};

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Weekday and hour on the wall clock of `timezone` at `instant`. */
export const wallClock = (instant: Date, timezone: string): { weekday: number; hour: number } => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const value = (type: string) => parts.find((part) => part.type === type)!.value;
  return { weekday: WEEKDAYS[value('weekday')], hour: Number(value('hour')) };
};

export const isInWindow = (instant: Date, window: SendWindow): boolean => {
  const { weekday, hour } = wallClock(instant, window.timezone);
  return window.days.includes(weekday) && hour >= window.startHour && hour < window.endHour;
};

const HALF_HOUR = 1800000;

/**
 * The first instant at or after `now` inside the window (`now` itself when open), or
 * null when the window has no hour at all. Windows open on a wall-clock hour, which is
 * always a whole or half UTC hour (zones are offset by whole or half hours), so walking
 * real time in half hours finds the opening exactly, across daylight-saving changes.
 */
export const nextWindowOpening = (now: Date, window: SendWindow): Date | null => {
  if (isInWindow(now, window)) return now;
  const first = Math.ceil(now.getTime() / HALF_HOUR) * HALF_HOUR;
  for (let step = 0; step < 8 * 48; step++) {
    const instant = new Date(first + step * HALF_HOUR);
    if (isInWindow(instant, window)) return instant;
  }
  return null;
};
