import { addDays } from './dates';
import { isPaused } from './exclusions';

/**
 * A pause of a customer's dunning (README.md, "Pausing a customer"): until a day, with a reason. The
 * pause itself is `isPaused` (domain/exclusions.ts); this is what a pause may be set to.
 */

/** How far ahead a pause may end: a year and a day. */
export const MAX_PAUSE_DAYS = 366;

/** Why `until` cannot end a pause set `today` (both `YYYY-MM-DD`, the customer's); null when it can. */
export const pauseEndProblem = (until: string, today: string): string | null => {
  if (until <= today) return `must be a day after today (${today})`;
  const last = addDays(today, MAX_PAUSE_DAYS);
  if (until > last) return `must be ${MAX_PAUSE_DAYS} days from today at most (${last})`;
  return null;
};

/** A customer's pause as shown: its day and reason while in force on `today`, else none (an ended pause is history). */
export const pauseInForce = (
  customer: { pausedUntil: string | null; pauseReason: string | null },
  today: string
) =>
  isPaused(customer.pausedUntil, today)
    ? { pausedUntil: customer.pausedUntil, pauseReason: customer.pauseReason }
    : { pausedUntil: null, pauseReason: null };
