/** The calendar date (`YYYY-MM-DD`) it is at `now` in `timezone`. */
export const todayIn = (timezone: string, now: Date): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
