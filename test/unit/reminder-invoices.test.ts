import {
  applySelection,
  coverage,
  coverageOf,
  type ReminderInvoice,
} from '../../src/plugins/dunning/server/src/domain/reminder-invoices';

const invoice = (documentId: string, amountDue: number, patch: Partial<ReminderInvoice> = {}) => ({
  documentId,
  number: `F-${documentId}`,
  dueDate: '2026-03-20',
  amountDue,
  currency: 'EUR',
  ...patch,
});

describe("a reminder's invoices (SPEC F4.3, F5.2)", () => {
  it('sums the amount and counts the invoices still covered, leaving out the excluded ones', () => {
    const invoices = [
      invoice('a', 100.1),
      invoice('b', 0.2),
      invoice('c', 50, { excluded: 'disputed', disputed: true }),
    ];
    expect(coverage(invoices)).toEqual({ invoices, amount: 100.3, invoiceCount: 2 });
    expect(coverage([invoice('a', 10, { excluded: 'deselected' })])).toMatchObject({
      amount: 0,
      invoiceCount: 0,
    });
  });

  it('covers every invoice of a new reminder, keeping only the fields a reminder stores', () => {
    const extra = { ...invoice('a', 12.5), status: 'open', total: 99 };
    expect(coverageOf([extra, invoice('b', 7.5)])).toEqual({
      invoices: [invoice('a', 12.5), invoice('b', 7.5)],
      amount: 20,
      invoiceCount: 2,
    });
  });

  it('keeps the invoices as planned when nobody ticked', () => {
    const invoices = [invoice('a', 1), invoice('b', 2, { excluded: 'disputed' })];
    expect(applySelection(invoices, null)).toBe(invoices);
  });

  it('sends what a person ticked, even left out before, and keeps the unticked out with their reason', () => {
    const invoices = [
      invoice('a', 1),
      invoice('b', 2, { excluded: 'disputed', disputed: true }),
      invoice('c', 3, { excluded: 'below_threshold' }),
      invoice('d', 4),
    ];
    expect(applySelection(invoices, ['b', 'd'])).toEqual([
      invoice('a', 1, { excluded: 'deselected' }),
      invoice('b', 2, { disputed: true }),
      invoice('c', 3, { excluded: 'below_threshold' }),
      invoice('d', 4),
    ]);
  });
});
