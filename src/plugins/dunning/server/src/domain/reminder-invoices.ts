import type { ReminderInvoice } from '../../../shared/contracts/reminders';

/**
 * The invoices a reminder covers (SPEC F4.3, F5.2): each may be left out with its reason
 * (`excluded`), and disputed ones are marked. Pure.
 */

export type { ReminderInvoice } from '../../../shared/contracts/reminders';

/**
 * A reminder's invoices with what follows from them: the amount and the number of the
 * invoices it still covers (those not excluded), kept as columns for the batch view's sums.
 */
export const coverage = (invoices: ReminderInvoice[]) => {
  const included = invoices.filter((invoice) => !invoice.excluded);
  return {
    invoices,
    amount: Math.round(included.reduce((sum, invoice) => sum + invoice.amountDue, 0) * 100) / 100,
    invoiceCount: included.length,
  };
};

/** The coverage of a new reminder on these invoices as they are now, none left out. */
export const coverageOf = (
  invoices: Array<
    Pick<ReminderInvoice, 'documentId' | 'number' | 'dueDate' | 'amountDue' | 'currency'>
  >
) =>
  coverage(
    invoices.map(({ documentId, number, dueDate, amountDue, currency }) => ({
      documentId,
      number,
      dueDate,
      amountDue,
      currency,
    }))
  );

/** One reminder of the batch view and the invoices a person ticked (null: as planned). */
export type BatchSelection = { reminderDocumentId: string; invoiceDocumentIds: string[] | null };

/**
 * The invoices as a person ticked them: a ticked invoice goes, whatever the reason it
 * was left out for (a disputed one only goes when ticked); an unticked one stays out,
 * with its reason or as deselected.
 */
export const applySelection = (
  invoices: ReminderInvoice[],
  ticked: string[] | null
): ReminderInvoice[] => {
  if (ticked === null) return invoices;
  const chosen = new Set(ticked);
  return invoices.map(({ excluded, ...invoice }) =>
    chosen.has(invoice.documentId) ? invoice : { ...invoice, excluded: excluded ?? 'deselected' }
  );
};
