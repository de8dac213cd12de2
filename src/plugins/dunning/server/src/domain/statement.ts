import { totalLateFees, type LateFees } from './late-fees';

/**
 * Statement of account totals (issue #22, point 2): per currency, what the open invoices
 * still owe, their late charges (F4.9) and the two together. Amounts in different
 * currencies are never added up. Pure; money is rounded to cents.
 */

export type StatementTotal = { currency: string; amountDue: number; lateCharges: number; total: number };

const round = (amount: number) => Math.round(amount * 100) / 100;

/** Sorted by currency, each currency of the lines once. */
export const statementTotals = (lines: Array<Pick<LateFees, 'indemnity' | 'interest'> & { currency: string; amountDue: number }>): StatementTotal[] =>
  totalLateFees(lines).map(({ currency, total: lateCharges }) => {
    const amountDue = round(lines.filter((line) => line.currency === currency).reduce((sum, line) => sum + line.amountDue, 0));
    return { currency, amountDue, lateCharges, total: round(amountDue + lateCharges) };
  });
