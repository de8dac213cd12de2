import { addDays } from './dates';

/**
 * A customer's promise to pay an invoice (SPEC F4.6): it pauses reminders until its date
 * plus a grace period; unpaid by then it is broken and reminders resume. Pure.
 */

export type PaymentPromise = {
  /** The day the customer said they would pay, `YYYY-MM-DD`. */
  date: string;
  /** The amount promised; null for the whole balance. */
  amount: number | null;
  /** ISO instant the promise was recorded. */
  recordedAt: string;
  /** Who recorded it. */
  recordedBy: string;
};

export type PromiseState = 'none' | 'pending' | 'kept' | 'broken';

const cents = (amount: number) => Math.round(amount * 100);

/**
 * Judged on the balances of `today`: kept once the invoice is paid, or once what was paid
 * since the promise covers the amount promised, even before the date.
 */
export const promiseState = ({
  promise,
  amountDue,
  amountDueWhenPromised,
  today,
  graceDays,
}: {
  promise: PaymentPromise | null;
  amountDue: number;
  amountDueWhenPromised: number;
  /** `YYYY-MM-DD` in the customer's timezone. */
  today: string;
  graceDays: number;
}): PromiseState => {
  if (!promise) return 'none';
  if (amountDue <= 0) return 'kept';
  // In cents, so that 1000.10 − 500.10 covers a promise of 500.
  if (
    promise.amount !== null &&
    cents(amountDueWhenPromised) - cents(amountDue) >= cents(promise.amount)
  )
    return 'kept';
  return today < resumeDay(promise, graceDays) ? 'pending' : 'broken';
};

/** The day reminders resume if the promise is broken: the day after the grace period. */
export const resumeDay = (promise: Pick<PaymentPromise, 'date'>, graceDays: number): string =>
  addDays(promise.date, graceDays + 1);
