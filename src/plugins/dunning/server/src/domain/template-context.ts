import { cached } from '../helpers';
import { daysBetween } from './dates';
import { type LateFeeSettings, lateFeesOf, totalLateFees } from './late-fees';

/**
 * Builds the plain data a template renders (SPEC F2.2): every value formatted for the
 * customer's locale, nothing but strings and arrays of strings, never an ORM object.
 */

/** The inert portal link of previews on sample data: it opens nothing. */
export const SAMPLE_PORTAL_URL = 'https://example.test/api/dunning/portal/sample';

export type ContextInvoice = {
  number: string;
  issueDate: string | null;
  dueDate: string;
  total: number | null;
  amountDue: number;
  currency: string;
};

export type ContextInput = {
  /** The customer's locale (BCP 47), e.g. fr-FR. */
  locale: string;
  /** `YYYY-MM-DD` in the customer's timezone. */
  today: string;
  customer: { name: string; reference?: string | null; address?: string | null };
  contact: { name?: string | null; email?: string | null } | null;
  sender: { name: string; email: string };
  company: { name: string; address: string; email: string; phone: string };
  invoices: ContextInvoice[];
  portalUrl: string;
  /** F4.9: late-payment charges, when switched on. */
  lateFees: LateFeeSettings;
};

/** Late-payment charges as a template shows them; empty strings when there are none. */
export type TemplateLateFees = { indemnity: string; interest: string; total: string };

export type TemplateInvoice = {
  number: string;
  issueDate: string;
  dueDate: string;
  total: string;
  amountDue: string;
  daysOverdue: string;
  lateFees: TemplateLateFees;
};

export type TemplateContext = {
  customer: { name: string; reference: string; address: string };
  contact: { name: string; email: string };
  sender: { name: string; email: string };
  company: ContextInput['company'];
  invoices: TemplateInvoice[];
  totalAmount: string;
  currency: string;
  invoiceCount: string;
  oldestDueDate: string;
  maxDaysOverdue: string;
  today: string;
  portalUrl: string;
  lateFees: TemplateLateFees & { rate: string };
};

const moneyFormat = cached((key) => {
  const [locale, currency] = key.split('|');
  return new Intl.NumberFormat(locale, { style: 'currency', currency });
});
const longDateFormat = cached(
  (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })
);
const percentFormat = cached(
  (locale) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 })
);

export const formatMoney = (amount: number, currency: string, locale: string): string =>
  moneyFormat(`${locale}|${currency}`).format(amount);

export const formatDate = (date: string | null, locale: string): string =>
  date ? longDateFormat(locale).format(new Date(`${date.slice(0, 10)}T00:00:00Z`)) : '';

/** Sums per currency, e.g. "1 500,00 € + 200,00 £" when a selection mixes currencies. */
const formatTotals = (invoices: ContextInvoice[], locale: string): string => {
  const totals = new Map<string, number>();
  for (const invoice of invoices)
    totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.amountDue);
  return [...totals]
    .map(([currency, amount]) => formatMoney(Math.round(amount * 100) / 100, currency, locale))
    .join(' + ');
};

/** Control characters, but tab and line breaks (U+0001 marks the layout's blocks: domain/message-layout.ts). */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Text from records (names, numbers, addresses) without control characters: no value can forge a block. */
const text = (value: string) => value.replace(CONTROLS, '');

export const buildTemplateContext = (input: ContextInput): TemplateContext => {
  const { locale, today } = input;
  const sorted = [...input.invoices].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const overdueDays = (invoice: ContextInvoice) => Math.max(0, daysBetween(invoice.dueDate, today));
  const fees = sorted.map((invoice) => ({
    currency: invoice.currency,
    ...lateFeesOf({
      dueDate: invoice.dueDate,
      amountDue: invoice.amountDue,
      today,
      settings: input.lateFees,
    }),
  }));
  // Charges read as amounts, or as nothing when there are none ({{#if lateFees.total}}).
  const shown = (amount: number, currency: string) =>
    amount > 0 ? formatMoney(amount, currency, locale) : '';
  const sums = totalLateFees(fees).filter((sum) => sum.total > 0);
  const joined = (key: 'indemnity' | 'interest' | 'total') =>
    sums.map((sum) => formatMoney(sum[key], sum.currency, locale)).join(' + ');

  return {
    customer: {
      name: text(input.customer.name),
      reference: text(input.customer.reference ?? ''),
      address: text(input.customer.address ?? ''),
    },
    contact: { name: text(input.contact?.name ?? ''), email: text(input.contact?.email ?? '') },
    sender: { name: text(input.sender.name), email: text(input.sender.email) },
    company: {
      name: text(input.company.name),
      address: text(input.company.address),
      email: text(input.company.email),
      phone: text(input.company.phone),
    },
    invoices: sorted.map((invoice, index) => ({
      number: text(invoice.number),
      issueDate: formatDate(invoice.issueDate, locale),
      dueDate: formatDate(invoice.dueDate, locale),
      total: invoice.total === null ? '' : formatMoney(invoice.total, invoice.currency, locale),
      amountDue: formatMoney(invoice.amountDue, invoice.currency, locale),
      daysOverdue: String(overdueDays(invoice)),
      lateFees: {
        indemnity: shown(fees[index].indemnity, invoice.currency),
        interest: shown(fees[index].interest, invoice.currency),
        total: shown(fees[index].total, invoice.currency),
      },
    })),
    totalAmount: formatTotals(sorted, locale),
    currency: [...new Set(sorted.map((invoice) => invoice.currency))].join(', '),
    invoiceCount: String(sorted.length),
    oldestDueDate: formatDate(sorted[0]?.dueDate ?? null, locale),
    maxDaysOverdue: String(sorted.length ? overdueDays(sorted[0]) : 0),
    today: formatDate(today, locale),
    portalUrl: input.portalUrl,
    lateFees: {
      indemnity: joined('indemnity'),
      interest: joined('interest'),
      total: joined('total'),
      rate: input.lateFees.enabled
        ? percentFormat(locale).format(input.lateFees.annualRatePercent / 100)
        : '',
    },
  };
};
