/**
 * A French message's input with two open invoices, for the template context and the
 * message layout's unit tests, and the euro amounts as French text.
 */
export const input = {
  locale: 'fr-FR',
  today: '2026-11-24',
  customer: { name: 'Acme <Industries>', reference: 'ACME', address: null },
  contact: { name: 'Camille', email: 'c@acme.test' },
  sender: { name: 'Louise', email: 'l@us.test' },
  company: { name: 'Us', address: '', email: '', phone: '' },
  invoices: [
    {
      number: 'F-2',
      issueDate: '2026-10-01',
      dueDate: '2026-11-21',
      total: 299.5,
      amountDue: 299.5,
      currency: 'EUR',
    },
    {
      number: 'F-1',
      issueDate: '2026-09-15',
      dueDate: '2026-10-15',
      total: 1800,
      amountDue: 1200.5,
      currency: 'EUR',
    },
  ],
  portalUrl: 'https://portal.test/x?a=1&b=2',
  lateFees: { enabled: true, indemnity: 40, annualRatePercent: 12.15 },
};

export const eur = (amount: number) =>
  new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(amount);
