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

/** The PDF of one letter: the customer's reference (or documentId) and the reminder's documentId. */
export const letterFileName = (customer: { reference?: string | null; documentId: string }, reminderDocumentId: string): string =>
  `letter-${safeNamePart(customer.reference ?? '') || safeNamePart(customer.documentId)}-${safeNamePart(reminderDocumentId)}.pdf`;
