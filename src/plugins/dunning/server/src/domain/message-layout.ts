import { escapeHtml } from '../helpers';
import { languageOf, TEXTS, type Texts } from '../texts';
import type { TemplateContext } from './template-context';

/**
 * Turns a rendered plain-text template into the message forms: paragraphs separated by
 * blank lines, line breaks kept, and the two block helpers ({{invoicesTable}},
 * {{accessInvoicesButton}}) placed as blocks. Templates render block helpers as tokens;
 * this module replaces them for each output.
 */

export type Block = 'invoicesTable' | 'accessInvoicesButton';

const TOKEN = (block: Block) => `\u0001${block}\u0001`;
const TOKEN_PATTERN = /\u0001(invoicesTable|accessInvoicesButton)\u0001/g;

/** What the helpers return while rendering: a token this module finds again. */
export const blockToken = TOKEN;

export type Labels = Texts['labels'];

/** The labels of the blocks in the language of `language` (a locale), texts/. */
export const labelsFor = (language: string): Labels => TEXTS[languageOf(language)].labels;

const INVOICE_COLUMNS = ['number', 'issueDate', 'dueDate', 'amountDue', 'daysOverdue'] as const;

const htmlBlock = (block: Block, context: TemplateContext, labels: Labels): string => {
  if (block === 'accessInvoicesButton') {
    return `<p><a href="${escapeHtml(context.portalUrl)}" style="display:inline-block;padding:10px 18px;background:#4945ff;color:#ffffff;border-radius:4px;text-decoration:none;font-weight:600">${escapeHtml(labels.access)}</a></p>`;
  }
  const cell = 'style="padding:6px 10px;border-bottom:1px solid #dcdce4;text-align:left"';
  const head = INVOICE_COLUMNS.map(
    (column) => `<th ${cell}>${escapeHtml(labels[column])}</th>`
  ).join('');
  const rows = context.invoices
    .map(
      (invoice) =>
        `<tr>${INVOICE_COLUMNS.map((column) => `<td ${cell}>${escapeHtml(invoice[column])}</td>`).join('')}</tr>`
    )
    .join('');
  const total = `<tr><th ${cell} colspan="3">${escapeHtml(labels.total)}</th><th ${cell}>${escapeHtml(context.totalAmount)}</th><th ${cell}></th></tr>`;
  return (
    `<table style="border-collapse:collapse;margin:8px 0">` +
    `<thead><tr>${head}</tr></thead><tbody>${rows}${total}</tbody></table>`
  );
};

const textBlock = (block: Block, context: TemplateContext, labels: Labels): string => {
  if (block === 'accessInvoicesButton') return `${labels.access}: ${context.portalUrl}`;
  const lines = context.invoices.map(
    (invoice) =>
      `- ${invoice.number} | ${labels.dueDate} ${invoice.dueDate} | ${invoice.amountDue} | ${labels.daysOverdue}: ${invoice.daysOverdue}`
  );
  return [...lines, `${labels.total}: ${context.totalAmount}`].join('\n');
};

const paragraphs = (rendered: string) =>
  rendered
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ''))
    .filter((paragraph) => paragraph.trim() !== '');

/**
 * A message as a clerk edits it (the pop-up): the text as rendered for the customer,
 * every block written back as its helper (`{{invoicesTable}}`) so that it stays live.
 * `rendered` came from the non-escaping render.
 */
export const toEditableText = (rendered: string): string =>
  rendered.replace(TOKEN_PATTERN, (_, block: Block) => `{{${block}}}`);

const BLOCK_PATTERN = /\{\{\s*(invoicesTable|accessInvoicesButton)\s*\}\}/g;

/**
 * The clerk's edited text as the two renders would have given it, for toHtml and
 * toText: the words are the clerk's own (nothing in them is a placeholder, and the HTML
 * form escapes them), each block helper becomes its live block.
 */
export const fromEditableText = (text: string): { escaped: string; plain: string } => {
  const words = text.replace(/\u0001/g, '');
  const blocks = (value: string) => value.replace(BLOCK_PATTERN, (_, block: Block) => TOKEN(block));
  return { escaped: blocks(escapeHtml(words)), plain: blocks(words) };
};

/** `rendered` came from the HTML-escaping render: only block tokens are raw. */
export const toHtml = (rendered: string, context: TemplateContext, labels: Labels): string => {
  const body = paragraphs(rendered)
    .map((paragraph) => {
      const alone = paragraph.trim().match(/^\u0001(invoicesTable|accessInvoicesButton)\u0001$/);
      if (alone) return htmlBlock(alone[1] as Block, context, labels);
      const inline = paragraph.replace(TOKEN_PATTERN, (_, block: Block) =>
        htmlBlock(block, context, labels)
      );
      return `<p>${inline.replace(/\n/g, '<br>\n')}</p>`;
    })
    .join('\n');
  return `<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#32324d">\n${body}\n</div>`;
};

/** `rendered` came from the non-escaping render. */
export const toText = (rendered: string, context: TemplateContext, labels: Labels): string =>
  paragraphs(rendered)
    .map((paragraph) =>
      paragraph.replace(TOKEN_PATTERN, (_, block: Block) => textBlock(block, context, labels))
    )
    .join('\n\n');

/** A letter as the PDF lays it out: text paragraphs, and the invoices table where the template puts it. */
export type LetterPart = { kind: 'text'; text: string } | { kind: 'invoicesTable' };

/** A letter to print: its subject, its parts, the data its invoices table shows, the labels of its language. */
export type Letter = {
  subject: string;
  parts: LetterPart[];
  context: TemplateContext;
  labels: Labels;
};

/** A rendered message as a letter, labelled in the language of the template it was rendered from. */
export const toLetter = (
  subject: string,
  parts: LetterPart[],
  context: TemplateContext,
  locale: string
): Letter => ({ subject, parts, context, labels: labelsFor(locale) });

export const toLetterParts = (
  rendered: string,
  context: TemplateContext,
  labels: Labels
): LetterPart[] =>
  paragraphs(rendered).flatMap((paragraph): LetterPart[] => {
    if (paragraph.trim() === TOKEN('invoicesTable')) return [{ kind: 'invoicesTable' }];
    const text = paragraph.replace(TOKEN_PATTERN, (_, block: Block) =>
      textBlock(block, context, labels)
    );
    return [{ kind: 'text', text }];
  });

/** One line, no control characters: what a subject header may hold. Non-breaking spaces stay. */
export const toSubject = (rendered: string): string =>
  rendered
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, 255);
