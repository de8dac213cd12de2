import { addDays } from './dates';

/**
 * Why an invoice is not reminded (SPEC F4.3, F5.2). Pure; the first
 * reason that applies wins, in the order a clerk would give them.
 */

/** An invoice with nothing left to chase: its case closes. */
export type ClosingReason = 'paid' | 'cancelled' | 'draft' | 'nothing_due';

export type ExclusionReason =
  | ClosingReason
  | 'stop_dunning'
  /** The customer's dunning is paused until a day after today. */
  | 'paused'
  | 'disputed_invoice'
  | 'disputed_customer'
  | 'promised'
  | 'below_invoice_threshold'
  | 'below_customer_threshold'
  /** F4.8: the step was missed by more than the maximum lateness. */
  | 'too_late';

export type InvoiceState = {
  status: 'draft' | 'open' | 'paid' | 'cancelled' | 'unknown';
  amountDue: number;
};

export type ExclusionInput = {
  invoice: InvoiceState & { disputed: boolean; promisedPaymentDate: string | null };
  customer: { stopDunning: boolean; disputed: boolean; pausedUntil: string | null };
  settings: { minInvoiceAmount: number; skipFuturePromises: boolean; promiseGraceDays: number };
  /** `YYYY-MM-DD` in the customer's timezone. */
  today: string;
};

/** A pause holds until its day: on `pausedUntil` itself dunning resumes. Both `YYYY-MM-DD` in the customer's time zone. */
export const isPaused = (pausedUntil: string | null, today: string): boolean =>
  pausedUntil !== null && today < pausedUntil;

export const closingReasonOf = (invoice: InvoiceState): ClosingReason | null => {
  if (invoice.status === 'paid') return 'paid';
  if (invoice.status === 'cancelled') return 'cancelled';
  if (invoice.status !== 'open') return 'draft';
  if (invoice.amountDue <= 0) return 'nothing_due';
  return null;
};

export const exclusionOf = ({
  invoice,
  customer,
  settings,
  today,
}: ExclusionInput): ExclusionReason | null => {
  const closing = closingReasonOf(invoice);
  if (closing) return closing;
  if (customer.stopDunning) return 'stop_dunning';
  if (isPaused(customer.pausedUntil, today)) return 'paused';
  if (invoice.disputed) return 'disputed_invoice';
  if (customer.disputed) return 'disputed_customer';
  // F4.6: a promise pauses reminders until its date and the grace period after it.
  if (
    settings.skipFuturePromises &&
    invoice.promisedPaymentDate &&
    addDays(invoice.promisedPaymentDate, settings.promiseGraceDays) >= today
  )
    return 'promised';
  if (invoice.amountDue < settings.minInvoiceAmount) return 'below_invoice_threshold';
  return null;
};

/** The per-customer threshold applies to the sum of the invoices a reminder would group. */
export const belowCustomerThreshold = (amounts: number[], minCustomerAmount: number): boolean =>
  amounts.reduce((sum, amount) => sum + amount, 0) < minCustomerAmount;
