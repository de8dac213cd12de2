/**
 * Everything a template may use (SPEC F2.2). The editor lists these with their
 * examples, and a template naming anything else is refused with its line.
 * Values arrive formatted for the customer's locale: templates never format.
 */

export type Placeholder = { name: string; description: string; example: string };

/** Paths valid at the top of a template. */
export const PLACEHOLDERS: Placeholder[] = [
  { name: 'customer.name', description: 'Customer name', example: 'Atelier Martin Lyon' },
  { name: 'customer.reference', description: 'Customer reference', example: 'CUST-0042' },
  {
    name: 'customer.address',
    description: 'Customer postal address',
    example: '12 rue de la République, 69002 Lyon',
  },
  {
    name: 'contact.name',
    description: 'Name of the contact the reminder goes to',
    example: 'Camille Martin',
  },
  {
    name: 'contact.email',
    description: 'First address the reminder goes to',
    example: 'camille@atelier-martin.test',
  },
  {
    name: 'sender.name',
    description: 'Name of the person who sends the reminder',
    example: 'Louise Bernard',
  },
  {
    name: 'sender.email',
    description: "Sender's e-mail address",
    example: 'louise@yourcompany.test',
  },
  { name: 'company.name', description: 'Your company name', example: 'Your Company SAS' },
  {
    name: 'company.address',
    description: 'Your company postal address',
    example: '1 place Bellecour, 69002 Lyon',
  },
  {
    name: 'company.email',
    description: 'Your accounts receivable e-mail',
    example: 'billing@yourcompany.test',
  },
  {
    name: 'company.phone',
    description: 'Your accounts receivable phone',
    example: '+33 4 00 00 00 00',
  },
  {
    name: 'totalAmount',
    description: 'Total amount due of the invoices, with currency',
    example: '1 500,00 €',
  },
  { name: 'currency', description: 'Currency code', example: 'EUR' },
  { name: 'invoiceCount', description: 'Number of invoices', example: '2' },
  {
    name: 'oldestDueDate',
    description: 'Earliest due date of the invoices',
    example: '15 octobre 2026',
  },
  { name: 'maxDaysOverdue', description: 'Days overdue of the oldest invoice', example: '40' },
  { name: 'today', description: 'Date of the reminder', example: '24 novembre 2026' },
  {
    name: 'portalUrl',
    description: 'Signed link to the customer portal (valid 30 days by default)',
    example: 'https://…/api/dunning/portal/…',
  },
  {
    name: 'lateFees.indemnity',
    description:
      'Fixed recovery indemnities of the overdue invoices (empty when late charges are off)',
    example: '80,00 €',
  },
  {
    name: 'lateFees.interest',
    description: 'Late interest to date at the annual rate',
    example: '17,32 €',
  },
  {
    name: 'lateFees.total',
    description:
      'Indemnities and interest; use {{#if lateFees.total}} … {{/if}} to mention them only when due',
    example: '97,32 €',
  },
  { name: 'lateFees.rate', description: 'Annual late interest rate', example: '12,15 %' },
  {
    name: 'invoices',
    description: 'List of invoices, for {{#each invoices}} … {{/each}}',
    example: '',
  },
  {
    name: 'invoicesTable',
    description: 'Table of the invoices (number, dates, amount due, days overdue)',
    example: '',
  },
  {
    name: 'accessInvoicesButton',
    description: '"Access invoices" button linking to the customer portal',
    example: '',
  },
];

/** Paths valid inside {{#each invoices}} … {{/each}}. */
export const INVOICE_PLACEHOLDERS: Placeholder[] = [
  { name: 'number', description: 'Invoice number', example: 'INV-2026-00042' },
  { name: 'issueDate', description: 'Issue date', example: '15 septembre 2026' },
  { name: 'dueDate', description: 'Due date', example: '15 octobre 2026' },
  { name: 'total', description: 'Invoice total, with currency', example: '1 800,00 €' },
  { name: 'amountDue', description: 'Amount still due, with currency', example: '1 200,50 €' },
  { name: 'daysOverdue', description: 'Days past the due date (0 when not due)', example: '40' },
  {
    name: 'lateFees.indemnity',
    description: 'Fixed recovery indemnity of this invoice, when overdue',
    example: '40,00 €',
  },
  {
    name: 'lateFees.interest',
    description: 'Late interest of this invoice to date',
    example: '15,98 €',
  },
  {
    name: 'lateFees.total',
    description: 'Indemnity and interest of this invoice',
    example: '55,98 €',
  },
];

/** Helpers the templates may call; they take no arguments. */
export const BLOCK_HELPERS = ['invoicesTable', 'accessInvoicesButton'] as const;
