import type { ActionRefusal, PortalNotice } from '../domain/portal-actions';
import type { PromiseRefusal } from '../domain/portal-limits';
import { formatDate, formatMoney } from '../domain/template-context';
import { escapeHtml } from '../helpers';
import { type Language, languageOf, TEXTS, type Texts } from '../texts';
import { PORTAL_STYLE } from './style';

/**
 * The customer portal's pages (SPEC F7.4, docs/portal.md): standalone HTML in the
 * customer's language (its words in texts/, its style sheet in style.ts), every value
 * escaped. The list page shows a page of the open invoices, each
 * with what the customer may do about it — plain HTML forms that post and come back
 * here, and Pay now's link — so that the page needs no JavaScript.
 */

/**
 * Where the invoice's forms post, and Pay now's link; a null one is not offered (no
 * dispute flag mapped, no payment link the policy allows).
 */
export type PortalInvoiceActions = {
  promiseHref: string;
  disputeHref: string | null;
  payHref: string | null;
};

export type PortalInvoice = {
  number: string;
  dueDate: string;
  amountDue: number;
  currency: string;
  pdfHref: string | null;
  promisedDate?: string | null;
  disputed?: boolean;
  actions?: PortalInvoiceActions;
};

/** What the page says back after an action, about which invoice. */
export type PortalPageNotice = { done: PortalNotice; invoiceNumber: string };

/**
 * A refused link (expired, invalid), a refused action on an invoice (not the customer's,
 * nothing left to pay), or Pay now on an invoice without a payment link the policy allows.
 */
export type PortalRefusal = 'expired' | 'invalid' | ActionRefusal | 'payment_unavailable';

/** The fields of the portal's forms (and the page's address). */
const FORM_FIELDS = ['date', 'amount', 'reason', 'comment', 'page'] as const;
export type PortalFormField = (typeof FORM_FIELDS)[number];

/** What a posted form got wrong: a field by its name (any key the form had), or a bound a value went past. */
export type PortalFormProblem = string | PromiseRefusal;

// A posted key may be any text ("constructor", "__proto__"): only the forms' own fields have a label.
const isFormField = (name: string): name is PortalFormField =>
  (FORM_FIELDS as readonly string[]).includes(name);

/** Where the list stands: the page shown, of how many, and the invoices' positions on it (1-based). */
export type PortalPaging = {
  page: number;
  pageCount: number;
  total: number;
  from: number;
  to: number;
  previousHref: string | null;
  nextHref: string | null;
};

const DEFAULT_LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

/** The customer's locale for numbers and dates when Intl knows it, else the language's default. */
const formattingLocale = (locale: string | null | undefined, language: Language) => {
  try {
    return locale && languageOf(locale) === language
      ? Intl.getCanonicalLocales(locale)[0]
      : DEFAULT_LOCALES[language];
  } catch {
    return DEFAULT_LOCALES[language];
  }
};

const page = (language: Language, title: string, content: string) =>
  `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
  `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow">` +
  `<title>${escapeHtml(title)}</title><style>${PORTAL_STYLE}</style></head><body><main>${content}</main></body></html>`;

const post = (href: string, content: string) =>
  `<form method="post" action="${escapeHtml(href)}">${content}</form>`;

const field = (label: string, control: string) =>
  `<label>${escapeHtml(label)}<br>${control}</label>`;

/**
 * The invoice's status and actions, under its row: Pay now (a link: navigating to the
 * payment site is not a form's submission, which the host's `form-action 'self'` would
 * block, docs/portal.md "Pay now in a browser"), promise to pay, dispute.
 */
const actionsOf = (
  invoice: PortalInvoice,
  text: Texts['portal'],
  format: string,
  today: string,
  latestPromise: string,
  disputeReasons: string[]
) => {
  const { actions } = invoice;
  if (!actions) return '';
  const tags = [
    invoice.promisedDate ? text.promisedOn(formatDate(invoice.promisedDate, format)) : null,
    invoice.disputed ? text.disputed : null,
  ].filter((tag): tag is string => tag !== null);
  const parts = [
    tags.map((tag) => `<span class="tag">${escapeHtml(tag)}</span>`).join(''),
    actions.payHref
      ? `<a class="pay" href="${escapeHtml(actions.payHref)}">${escapeHtml(text.payNow)}</a>`
      : '',
    `<details><summary>${escapeHtml(text.promise)}</summary>` +
      post(
        actions.promiseHref,
        field(
          text.promiseDate,
          `<input type="date" name="date" min="${escapeHtml(today)}"${latestPromise ? ` max="${escapeHtml(latestPromise)}"` : ''} required>`
        ) +
          field(
            text.promiseAmount,
            '<input type="text" name="amount" inputmode="decimal" autocomplete="off">'
          ) +
          `<button type="submit">${escapeHtml(text.promiseSubmit)}</button>`
      ) +
      '</details>',
    actions.disputeHref && !invoice.disputed
      ? `<details><summary>${escapeHtml(text.dispute)}</summary>` +
        post(
          actions.disputeHref,
          field(
            text.disputeReason,
            `<select name="reason" required>${disputeReasons.map((reason) => `<option>${escapeHtml(reason)}</option>`).join('')}</select>`
          ) +
            field(
              text.disputeComment,
              '<textarea name="comment" rows="3" cols="50" maxlength="2000"></textarea>'
            ) +
            `<button type="submit">${escapeHtml(text.disputeSubmit)}</button>`
        ) +
        '</details>'
      : '',
  ];
  return `<tr><td colspan="4" class="actions">${parts.join('')}</td></tr>`;
};

/** Under the list, when it spans pages: which invoices these are, and the previous and next pages. */
const pagingOf = (paging: PortalPaging | null, text: Texts['portal'], format: string) => {
  if (!paging || paging.pageCount <= 1) return '';
  const count = (value: number) => new Intl.NumberFormat(format).format(value);
  const link = (href: string | null, label: string, rel: string) =>
    href ? `<a href="${escapeHtml(href)}" rel="${rel}">${escapeHtml(label)}</a>` : '';
  return (
    `<nav class="paging" aria-label="${escapeHtml(text.pageOf(count(paging.page), count(paging.pageCount)))}">` +
    `${link(paging.previousHref, text.previous, 'prev')}<span>${escapeHtml(text.paging(count(paging.from), count(paging.to), count(paging.total)))} · ` +
    `${escapeHtml(text.pageOf(count(paging.page), count(paging.pageCount)))}</span>${link(paging.nextHref, text.next, 'next')}</nav>`
  );
};

export const renderPortalPage = ({
  locale,
  customerName,
  companyName,
  invoices,
  statementHref = null,
  notice = null,
  disputeReasons = [],
  today = '',
  latestPromise = '',
  paging = null,
}: {
  locale: string | null;
  customerName: string;
  companyName: string;
  invoices: PortalInvoice[];
  statementHref?: string | null;
  notice?: PortalPageNotice | null;
  /** The dispute reasons, in the customer's language. */
  disputeReasons?: string[];
  /** The customer's today: no promise before it. */
  today?: string;
  /** The last day a promise may name (the settings' horizon after today). */
  latestPromise?: string;
  /** Where the list stands when it spans more than one page. */
  paging?: PortalPaging | null;
}): string => {
  const language = languageOf(locale);
  const text = TEXTS[language].portal;
  const format = formattingLocale(locale, language);
  const rows = invoices
    .map(
      (invoice) =>
        `<tr${invoice.actions ? ' class="invoice"' : ''}><td>${escapeHtml(invoice.number)}</td><td>${escapeHtml(formatDate(invoice.dueDate, format))}</td>` +
        `<td class="amount">${escapeHtml(formatMoney(invoice.amountDue, invoice.currency, format))}</td>` +
        `<td>${invoice.pdfHref ? `<a href="${escapeHtml(invoice.pdfHref)}">${escapeHtml(text.download)}</a>` : ''}</td></tr>` +
        actionsOf(invoice, text, format, today, latestPromise, disputeReasons)
    )
    .join('');
  const table = invoices.length
    ? `<table><thead><tr><th>${escapeHtml(text.number)}</th><th>${escapeHtml(text.dueDate)}</th>` +
      `<th class="amount">${escapeHtml(text.amountDue)}</th><th>${escapeHtml(text.pdf)}</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>${escapeHtml(text.none)}</p>`;
  const said = notice
    ? `<p class="notice" role="status">${escapeHtml(text.notices[notice.done](notice.invoiceNumber))}</p>`
    : '';
  const statement =
    statementHref && invoices.length
      ? `<p><a href="${escapeHtml(statementHref)}">${escapeHtml(text.statement)}</a></p>`
      : '';
  return page(
    language,
    text.title,
    `<h1>${escapeHtml(text.title)}</h1><p>${escapeHtml(text.intro(customerName, companyName))}</p>${said}${statement}${table}${pagingOf(paging, text, format)}`
  );
};

/** The page of a form posted with bad values: each field to fix, named, with the bound it went past, and the way back. */
export const renderPortalProblem = (
  problems: PortalFormProblem[],
  locale: string | null,
  backHref: string
): string => {
  const language = languageOf(locale);
  const text = TEXTS[language].portal;
  const format = formattingLocale(locale, language);
  const said = (problem: PortalFormProblem) => {
    if (typeof problem === 'string') return isFormField(problem) ? text.fields[problem] : problem;
    if ('most' in problem)
      return text.bounds.most(formatMoney(problem.most, problem.currency, format));
    return 'latest' in problem
      ? text.bounds.latest(formatDate(problem.latest, format))
      : text.bounds.earliest(formatDate(problem.earliest, format));
  };
  const items = problems.map((problem) => `<li>${escapeHtml(said(problem))}</li>`).join('');
  return page(
    language,
    text.problem,
    `<h1>${escapeHtml(text.problem)}</h1><ul>${items}</ul><p><a href="${escapeHtml(backHref)}">${escapeHtml(text.back)}</a></p>`
  );
};

/** The page of a link or an invoice that sent too many actions within the hour: when to try again, and the way back. */
export const renderPortalTooMany = (
  retryAfterSeconds: number,
  locale: string | null,
  backHref: string
): string => {
  const language = languageOf(locale);
  const [title, advice] = TEXTS[language].portal.tooMany(Math.ceil(retryAfterSeconds / 60));
  return page(
    language,
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(advice)}</p><p><a href="${escapeHtml(backHref)}">${escapeHtml(TEXTS[language].portal.back)}</a></p>`
  );
};

/**
 * The page a refusal gets: a refused link in the language the browser prefers, a
 * refused action in the customer's (either passes as `language`), with the way back when known.
 */
export const renderPortalRefusal = (
  reason: PortalRefusal,
  language: string | null | undefined,
  backHref: string | null = null
): string => {
  const chosen = languageOf(language?.trim());
  const [title, advice] = TEXTS[chosen].portal[reason];
  const back = backHref
    ? `<p><a href="${escapeHtml(backHref)}">${escapeHtml(TEXTS[chosen].portal.back)}</a></p>`
    : '';
  return page(chosen, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(advice)}</p>${back}`);
};
