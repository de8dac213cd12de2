/**
 * Names of the files the plugin stores (letters), made only of safe characters whatever
 * the customer's reference holds: no separator, no `..`, nothing a file system or a URL
 * treats specially. Pure.
 */

const UNSAFE = /[^A-Za-z0-9._-]+/g;

/** `text` as a file-name part: accents dropped, every run of other characters one dash, no leading dot or dash, at most `max` characters. */
export const safeNamePart = (text: string, max = 60): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(UNSAFE, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, max)
    .replace(/[.-]+$/, '');

/** A file name made safe: its stem and extension each through `safeNamePart`, `file` when nothing is left. */
export const safeFileName = (name: string): string => {
  const dot = name.lastIndexOf('.');
  const stem = safeNamePart(dot > 0 ? name.slice(0, dot) : name, 120) || 'file';
  const extension = dot > 0 ? safeNamePart(name.slice(dot + 1), 10) : '';
  return extension ? `${stem}.${extension}` : stem;
};

type Named = { reference?: string | null; documentId: string };

/** A PDF of a customer: `kind`, the customer's reference (or documentId), then `suffix`. */
const customerPdfName = (kind: string, customer: Named, suffix: string) =>
  `${kind}-${safeNamePart(customer.reference ?? '') || safeNamePart(customer.documentId)}-${safeNamePart(suffix)}.pdf`;

/** The PDF of one letter: the customer's reference (or documentId) and the reminder's documentId. */
export const letterFileName = (customer: Named, reminderDocumentId: string): string =>
  customerPdfName('letter', customer, reminderDocumentId);

/** The statement of account of a customer on a day (`YYYY-MM-DD`). */
export const statementFileName = (customer: Named, today: string): string =>
  customerPdfName('statement', customer, today);
