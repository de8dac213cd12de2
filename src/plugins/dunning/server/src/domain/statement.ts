import { createHash } from 'node:crypto';

import { isPaused } from './exclusions';
import { type LateFees, totalLateFees } from './late-fees';
import { recipientsOfInvoice } from './recipients';
import type { CustomerRecord, InvoiceRecord } from './records';

/**
 * Statement of account totals (F3.1, F3.5): per currency, what the open invoices
 * still owe, their late charges (F4.9) and the two together. Amounts in different
 * currencies are never added up. Pure; money is rounded to cents.
 */

export type StatementTotal = {
  currency: string;
  amountDue: number;
  lateCharges: number;
  total: number;
};

const round = (amount: number) => Math.round(amount * 100) / 100;

/** Sorted by currency, each currency of the lines once. */
export const statementTotals = (
  lines: Array<Pick<LateFees, 'indemnity' | 'interest'> & { currency: string; amountDue: number }>
): StatementTotal[] =>
  totalLateFees(lines).map(({ currency, total: lateCharges }) => {
    const amountDue = round(
      lines
        .filter((line) => line.currency === currency)
        .reduce((sum, line) => sum + line.amountDue, 0)
    );
    return { currency, amountDue, lateCharges, total: round(amountDue + lateCharges) };
  });

export type StatementSkipReason = 'stop_dunning' | 'paused' | 'nothing_due' | 'no_address';

/**
 * Why a customer gets no monthly statement on its `today` (F3.5): its dunning stopped or
 * paused, no open invoice, or no reminder address on any of them (F1.3); null when it
 * gets one.
 */
export const statementSkipReason = (
  customer: Pick<CustomerRecord, 'stopDunning' | 'pausedUntil'>,
  openInvoices: InvoiceRecord[],
  today: string
): StatementSkipReason | null => {
  if (customer.stopDunning) return 'stop_dunning';
  if (isPaused(customer.pausedUntil, today)) return 'paused';
  if (openInvoices.length === 0) return 'nothing_due';
  if (!openInvoices.some((invoice) => recipientsOfInvoice(invoice).recipients.length > 0))
    return 'no_address';
  return null;
};

/**
 * The key a customer's statement of account is kept under for the portal: the customer,
 * its day (the statement is dated, late charges run by the day), and all else it is
 * made of — the customer's record, its open invoices' figures (how many, how much, the
 * latest write: a payment, promise, dispute or correction changes them) and the
 * settings (company, late fees) — so a kept statement is never an outdated one.
 */
export const statementCacheKey = ({
  customer,
  today,
  ledger,
  settings,
}: {
  customer: CustomerRecord;
  today: string;
  ledger: unknown;
  settings: unknown;
}): string =>
  `${customer.documentId}:${today}:${createHash('sha256')
    .update(JSON.stringify([customer, ledger, settings]))
    .digest('base64url')}`;
