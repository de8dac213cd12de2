/** The calendar date (`YYYY-MM-DD`) it is at `now` in `timezone`. */
export const todayIn = (timezone: string, now: Date): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);

/** `date` (`YYYY-MM-DD`) moved by whole calendar days. */
export const addDays = (date: string, days: number): string => {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
};
