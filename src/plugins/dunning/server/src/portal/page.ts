import { escapeHtml } from './message-layout';
import type { ActionRefusal, PortalNotice } from './portal-actions';
import type { PromiseRefusal } from './portal-limits';
import { formatDate, formatMoney } from './template-context';

/**
 * The customer portal's pages (SPEC F7.4, issue #22): standalone HTML in the customer's
 * language, every value escaped. The list page shows a page of the open invoices, each
 * with what the customer may do about it — plain HTML forms that post and come back
 * here, and Pay now's link — so that the page needs no JavaScript.
 */

type PortalLanguage = 'fr' | 'en';

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

/** Open invoices per page of the portal: the page stays light however many a customer has. */
export const PORTAL_PAGE_SIZE = 50;

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

/**
 * The page of the list a `?page=` asks for: absent is the first; a number past the last
 * page is the last (invoices get paid between two clicks); anything but a whole number
 * from 1 is null, refused as a bad address.
 */
export const portalPageOf = (
  requested: unknown,
  total: number
): { page: number; pageCount: number; offset: number } | null => {
  if (
    requested !== undefined &&
    (typeof requested !== 'string' || !/^[1-9][0-9]{0,8}$/.test(requested))
  )
    return null;
  const pageCount = Math.max(1, Math.ceil(total / PORTAL_PAGE_SIZE));
  const page = Math.min(requested === undefined ? 1 : Number(requested), pageCount);
  return { page, pageCount, offset: (page - 1) * PORTAL_PAGE_SIZE };
};

const TEXTS = {
  fr: {
    title: 'Vos factures à régler',
    intro: (customer: string, company: string) =>
      `${customer} — factures en attente de paiement chez ${company}`,
    number: 'Facture',
    dueDate: 'Échéance',
    amountDue: 'Reste dû',
    pdf: 'PDF',
    download: 'Télécharger',
    none: 'Aucune facture en attente de paiement. Merci !',
    expired: [
      'Ce lien a expiré',
      'Utilisez le lien de notre dernier e-mail, ou demandez-nous un nouveau lien.',
    ],
    invalid: [
      "Ce lien n'est pas valide",
      "Vérifiez que vous avez copié le lien complet depuis l'e-mail.",
    ],
    not_yours: [
      "Cette facture n'est pas sur votre compte",
      'Revenez à la liste de vos factures pour choisir celle qui vous concerne.',
    ],
    settled: [
      'Cette facture est déjà réglée',
      "Il ne reste rien à payer sur cette facture : aucune action n'est nécessaire.",
    ],
    payment_unavailable: [
      "Le paiement en ligne n'est pas proposé pour cette facture",
      'Réglez-la par virement, ou promettez une date de paiement depuis la liste de vos factures.',
    ],
    statement: 'Télécharger le relevé de compte (PDF)',
    promisedOn: (date: string) => `Paiement promis pour le ${date}`,
    disputed: 'Contestée',
    payNow: 'Payer en ligne',
    promise: 'Promettre un paiement',
    promiseDate: 'Date de paiement',
    promiseAmount: 'Montant (facultatif, tout le reste dû sinon)',
    promiseSubmit: 'Enregistrer ma promesse',
    dispute: 'Contester cette facture',
    disputeReason: 'Motif',
    disputeComment: 'Commentaire',
    disputeSubmit: 'Envoyer ma contestation',
    notices: {
      promised: (invoice: string) =>
        `Merci : votre promesse de paiement de la facture ${invoice} est enregistrée. Nous suspendons nos relances jusqu'à cette date.`,
      disputed: (invoice: string) =>
        `Votre contestation de la facture ${invoice} est enregistrée. Nous suspendons nos relances et revenons vers vous.`,
    },
    problem: 'Vérifiez votre saisie',
    fields: {
      date: "Date de paiement : une date, aujourd'hui ou plus tard",
      amount: 'Montant : un nombre supérieur à 0, par exemple 150,00',
      reason: 'Motif : choisissez un motif de la liste',
      comment: 'Commentaire : 2 000 caractères au plus, sans caractères de contrôle',
      page: 'Page : un numéro de page de la liste, 1 ou plus',
    },
    bounds: {
      earliest: (date: string) => `Date de paiement : la date ne peut être antérieure au ${date}`,
      latest: (date: string) => `Date de paiement : la date ne peut dépasser le ${date}`,
      most: (amount: string) => `Montant : le montant ne peut dépasser ${amount}, le reste dû`,
    },
    tooMany: (minutes: number) => [
      'Trop de demandes',
      `Vous avez fait beaucoup de demandes en peu de temps. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    ],
    back: 'Revenir à mes factures',
    paging: (from: string, to: string, total: string) => `Factures ${from} à ${to} sur ${total}`,
    pageOf: (page: string, count: string) => `Page ${page} sur ${count}`,
    previous: '← Page précédente',
    next: 'Page suivante →',
  },
  en: {
    title: 'Your open invoices',
    intro: (customer: string, company: string) =>
      `${customer} — invoices awaiting payment with ${company}`,
    number: 'Invoice',
    dueDate: 'Due date',
    amountDue: 'Amount due',
    pdf: 'PDF',
    download: 'Download',
    none: 'You have no invoices awaiting payment. Thank you!',
    expired: [
      'This link has expired',
      'Use the link in our latest e-mail, or ask us for a new one.',
    ],
    invalid: ['This link is not valid', 'Check that you copied the whole link from the e-mail.'],
    not_yours: [
      'This invoice is not on your account',
      'Go back to the list of your invoices and pick yours.',
    ],
    settled: [
      'This invoice is already settled',
      'Nothing is left to pay on this invoice: there is nothing to do.',
    ],
    payment_unavailable: [
      'Online payment is not offered for this invoice',
      'Pay it by bank transfer, or promise a payment date from the list of your invoices.',
    ],
    statement: 'Download the statement of account (PDF)',
    promisedOn: (date: string) => `Payment promised for ${date}`,
    disputed: 'Disputed',
    payNow: 'Pay now',
    promise: 'Promise to pay',
    promiseDate: 'Payment date',
    promiseAmount: 'Amount (optional, otherwise all that is due)',
    promiseSubmit: 'Record my promise',
    dispute: 'Dispute this invoice',
    disputeReason: 'Reason',
    disputeComment: 'Comment',
    disputeSubmit: 'Send my dispute',
    notices: {
      promised: (invoice: string) =>
        `Thank you: your promise to pay invoice ${invoice} is recorded. We hold our reminders until that date.`,
      disputed: (invoice: string) =>
        `Your dispute of invoice ${invoice} is recorded. We hold our reminders and will come back to you.`,
    },
    problem: 'Please check what you entered',
    fields: {
      date: 'Payment date: a date, today or later',
      amount: 'Amount: a number above 0, such as 150.00',
      reason: 'Reason: pick one from the list',
      comment: 'Comment: 2,000 characters at most, without control characters',
      page: 'Page: a page number of the list, 1 or more',
    },
    bounds: {
      earliest: (date: string) => `Payment date: the date must be on or after ${date}`,
      latest: (date: string) => `Payment date: the date must be on or before ${date}`,
      most: (amount: string) => `Amount: the amount cannot exceed ${amount}, the amount due`,
    },
    tooMany: (minutes: number) => [
      'Too many requests',
      `You have sent many requests in a short time. Please try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    ],
    back: 'Back to my invoices',
    paging: (from: string, to: string, total: string) => `Invoices ${from} to ${to} of ${total}`,
    pageOf: (page: string, count: string) => `Page ${page} of ${count}`,
    previous: '← Previous page',
    next: 'Next page →',
  },
};

const DEFAULT_LOCALES: Record<PortalLanguage, string> = { fr: 'fr-FR', en: 'en-GB' };

const portalLanguage = (locale: string | null | undefined): PortalLanguage =>
  locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';

/** The customer's locale for numbers and dates when Intl knows it, else the language's default. */
const formattingLocale = (locale: string | null | undefined, language: PortalLanguage) => {
  try {
    return locale && portalLanguage(locale) === language
      ? Intl.getCanonicalLocales(locale)[0]
      : DEFAULT_LOCALES[language];
  } catch {
    return DEFAULT_LOCALES[language];
  }
};

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#32324d;background:#f6f6f9;margin:0}
main{max-width:760px;margin:40px auto;padding:32px;background:#fff;border-radius:4px;box-shadow:0 1px 4px rgba(33,33,52,.1)}
h1{font-size:1.5rem;margin:0 0 8px}p{color:#666687}table{width:100%;border-collapse:collapse;margin-top:24px}
th,td{padding:10px 8px;border-bottom:1px solid #eaeaef;text-align:left}td.amount,th.amount{text-align:right}a{color:#4945ff}
tr.invoice td{border-bottom:0}td.actions{padding-top:0}details{margin:4px 0}summary{cursor:pointer;color:#4945ff}
form{margin:8px 0}a.pay{display:inline-block;margin-right:8px;padding:6px 12px;border-radius:4px;background:#4945ff;color:#fff;text-decoration:none}nav.paging{margin-top:16px;display:flex;gap:16px;align-items:center}label{display:block;margin:6px 0;color:#32324d}input,select,textarea{font:inherit;padding:4px;max-width:100%}
button{font:inherit;padding:6px 12px;border:0;border-radius:4px;background:#4945ff;color:#fff;cursor:pointer}
.tag{display:inline-block;padding:2px 8px;margin-right:8px;border-radius:4px;background:#eaeaef}.notice{padding:12px;border-radius:4px;background:#eafbe7;color:#2f6846}`;

const page = (language: PortalLanguage, title: string, content: string) =>
  `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
  `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow">` +
  `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${content}</main></body></html>`;

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
  text: (typeof TEXTS)[PortalLanguage],
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
const pagingOf = (
  paging: PortalPaging | null,
  text: (typeof TEXTS)[PortalLanguage],
  format: string
) => {
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
  const language = portalLanguage(locale);
  const text = TEXTS[language];
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
  const language = portalLanguage(locale);
  const text = TEXTS[language];
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
  const language = portalLanguage(locale);
  const [title, advice] = TEXTS[language].tooMany(Math.ceil(retryAfterSeconds / 60));
  return page(
    language,
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(advice)}</p><p><a href="${escapeHtml(backHref)}">${escapeHtml(TEXTS[language].back)}</a></p>`
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
  const chosen = portalLanguage(language?.trim());
  const [title, advice] = TEXTS[chosen][reason];
  const back = backHref
    ? `<p><a href="${escapeHtml(backHref)}">${escapeHtml(TEXTS[chosen].back)}</a></p>`
    : '';
  return page(chosen, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(advice)}</p>${back}`);
};
