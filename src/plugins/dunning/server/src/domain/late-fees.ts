import { daysBetween } from './dates';

/**
 * Late-payment charges between businesses (SPEC F4.9, French Code de commerce L441-10,
 * EU directive 2011/7): a fixed recovery indemnity per invoice and interest per day
 * overdue. Pure; money is rounded to cents.
 */

/** The law sets 40 EUR; it is applied as 40 in the invoice's own currency. */
export const RECOVERY_INDEMNITY = 40;

export type LateFeeSettings = {
  enabled: boolean;
  /** Per overdue invoice; RECOVERY_INDEMNITY when not set. */
  indemnity?: number;
  /** E.g. 12.15 for 12.15 % a year. */
  annualRatePercent: number;
};

export type LateFees = { daysOverdue: number; indemnity: number; interest: number; total: number };

const NO_FEES: LateFees = { daysOverdue: 0, indemnity: 0, interest: 0, total: 0 };

const round = (amount: number) => Math.round(amount * 100) / 100;

/**
 * Interest runs from the day after the due date and is rounded once, at the end. The year
 * counts 365 days even in a leap year, so a clerk gets the same figure by hand.
 */
export const lateFeesOf = ({
  dueDate,
  amountDue,
  today,
  settings,
}: {
  dueDate: string;
  amountDue: number;
  /** `YYYY-MM-DD` in the customer's timezone. */
  today: string;
  settings: LateFeeSettings;
}): LateFees => {
  const daysOverdue = daysBetween(dueDate, today);
  if (!settings.enabled || daysOverdue <= 0 || amountDue <= 0) return { ...NO_FEES };
  const indemnity = round(settings.indemnity ?? RECOVERY_INDEMNITY);
  const interest = round((amountDue * settings.annualRatePercent * daysOverdue) / 100 / 365);
  return { daysOverdue, indemnity, interest, total: round(indemnity + interest) };
};

export type CurrencyLateFees = {
  currency: string;
  indemnity: number;
  interest: number;
  total: number;
};

/** Sums per currency, sorted by currency: charges in euros and pounds are not added up. */
export const totalLateFees = (
  list: Array<Pick<LateFees, 'indemnity' | 'interest'> & { currency: string }>
): CurrencyLateFees[] => {
  const sums = new Map<string, { indemnity: number; interest: number }>();
  for (const fees of list) {
    const sum = sums.get(fees.currency) ?? { indemnity: 0, interest: 0 };
    sum.indemnity += fees.indemnity;
    sum.interest += fees.interest;
    sums.set(fees.currency, sum);
  }
  return [...sums]
    .map(([currency, sum]) => ({
      currency,
      indemnity: round(sum.indemnity),
      interest: round(sum.interest),
      total: round(sum.indemnity + sum.interest),
    }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
};
