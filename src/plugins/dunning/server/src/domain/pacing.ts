import { addDays } from './dates';

/**
 * Pacing (SPEC F4.8): how close together reminders may come, and how late a missed
 * step may still go out. Pure; dates are calendar dates `YYYY-MM-DD`.
 */

/**
 * The first day on or after `candidate` that is at least `minDaysBetween` days after the
 * customer's last reminder: exactly that many days later is allowed.
 */
export const firstPacedDay = ({
  lastReminderDate,
  minDaysBetween,
  candidate,
}: {
  /** The day the customer was last reminded; null when never. */
  lastReminderDate: string | null;
  minDaysBetween: number;
  candidate: string;
}): string => {
  if (!lastReminderDate) return candidate;
  const earliest = addDays(lastReminderDate, minDaysBetween);
  return earliest > candidate ? earliest : candidate;
};

export type Lateness = 'in_time' | 'too_late';

/**
 * Whether a step due on `stepDate` may still be sent `today`: up to `maxLateDays` days
 * after its date, then it is recorded as skipped ('too_late'). Null means no limit.
 */
export const stepLateness = ({
  stepDate,
  today,
  maxLateDays,
}: {
  stepDate: string;
  today: string;
  maxLateDays: number | null;
}): Lateness =>
  maxLateDays !== null && today > addDays(stepDate, maxLateDays) ? 'too_late' : 'in_time';
