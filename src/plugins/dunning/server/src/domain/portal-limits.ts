import { addDays } from './dates';

/**
 * How far a customer may go from the portal (SPEC F7.4): a promise names a day from the
 * customer's today to the horizon the settings allow, and no more than is due; promises
 * and disputes are counted per customer over a sliding hour. Every link names its
 * customer and every invoice it may act on is that customer's, so one count bounds each
 * link, each invoice, and several links of one customer together. Pure rules: the
 * service reads the settings, the clock and the recorded actions.
 */

/** The last day a promise made today may name. */
export const latestPromiseDay = (today: string, horizonDays: number): string =>
  addDays(today, horizonDays);

export type PromiseBounds = {
  today: string;
  horizonDays: number;
  amountDue: number;
  currency: string;
};

/** Why a promise is refused, with the bound the customer is told. */
export type PromiseRefusal =
  | { field: 'date'; earliest: string }
  | { field: 'date'; latest: string }
  | { field: 'amount'; most: number; currency: string };

const cents = (amount: number) => Math.round(amount * 100);

/** The promise's faults, none when it may be recorded; a null amount promises all that is due. */
export const promiseRefusalsOf = (
  { date, amount }: { date: string; amount: number | null },
  bounds: PromiseBounds
): PromiseRefusal[] => {
  const latest = latestPromiseDay(bounds.today, bounds.horizonDays);
  const refusals: PromiseRefusal[] = [];
  if (date < bounds.today) refusals.push({ field: 'date', earliest: bounds.today });
  else if (date > latest) refusals.push({ field: 'date', latest });
  if (amount !== null && cents(amount) > cents(bounds.amountDue))
    refusals.push({ field: 'amount', most: bounds.amountDue, currency: bounds.currency });
  return refusals;
};

/**
 * The actions a flood could multiply: each variation of a promise or a dispute form is a
 * new action. Pay now is not counted nor refused: its key holds no value the customer
 * chooses, so it is recorded once per invoice and payment link, and paying is never held up.
 */
export const COUNTED_ACTIONS = ['promise', 'dispute'] as const;

/** The sliding window over which actions are counted. */
export const FLOOD_WINDOW_MS = 60 * 60 * 1000;

/**
 * Whether one more action fits under `limit` per window, given the times of the latest
 * ones within the window (latest first; the first `limit` suffice): null if it does, else
 * in how many seconds it will, when the `limit`-th latest leaves the window.
 */
export const floodRetryAfterSeconds = (recent: Date[], limit: number, now: Date): number | null => {
  if (recent.length < limit) return null;
  const leaving = recent[limit - 1].getTime() + FLOOD_WINDOW_MS;
  return Math.max(1, Math.ceil((leaving - now.getTime()) / 1000));
};
