import { addDays } from './dates';

/**
 * Overdue aging buckets of open invoices (SPEC F6.3), counted in whole days past the due
 * date: not yet due, 1–30, 31–60, 61–90 and more than 90 days.
 */

export const AGING_BUCKETS = [
  { key: 'not_due', minDays: null, maxDays: 0 },
  { key: '1_30', minDays: 1, maxDays: 30 },
  { key: '31_60', minDays: 31, maxDays: 60 },
  { key: '61_90', minDays: 61, maxDays: 90 },
  { key: 'over_90', minDays: 91, maxDays: null },
] as const;

export type AgingBucket = (typeof AGING_BUCKETS)[number]['key'];

/**
 * The buckets as due-date ranges on `today` (`YYYY-MM-DD`, either bound may be
 * open): the database compares due dates with them, which reads the same on SQLite
 * (text dates) and PostgreSQL (date columns).
 */
export const agingDueDateRanges = (today: string) =>
  AGING_BUCKETS.map((bucket) => ({
    key: bucket.key as AgingBucket,
    /** due date >= this */
    dueFrom: bucket.maxDays === null ? null : addDays(today, -bucket.maxDays),
    /** due date < this */
    dueBefore: bucket.minDays === null ? null : addDays(today, 1 - bucket.minDays),
  }));
