import { daysBetween } from './dates';

/**
 * DSO, days sales outstanding (F6.3, docs/admin-api.md "Reports: DSO and top debtors"), by the standard formula:
 * receivables at the end of the period ÷ credit sales of the period × days in the
 * period. The period in progress ends today: its receivables are today's, its sales
 * those issued so far, its days those elapsed (today included).
 */

/** Days of the period `from`–`to` (inclusive) up to `today`; 0 for a period not begun. */
export const dsoDays = ({ from, to }: { from: string; to: string }, today: string): number =>
  today < from ? 0 : daysBetween(from, to < today ? to : today) + 1;

/** DSO in days, to one decimal; null without sales (or days) to divide by. */
export const dsoOf = ({
  receivables,
  sales,
  days,
}: {
  receivables: number;
  sales: number;
  days: number;
}): number | null =>
  sales > 0 && days > 0 ? Math.round((receivables / sales) * days * 10) / 10 : null;
