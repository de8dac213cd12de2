import { escapeHtml } from './message-layout';
import { formatDate, formatMoney } from './template-context';

/**
 * The customer portal's pages (SPEC F7.4): standalone HTML in the customer's language,
 * every value escaped. The list page shows the open invoices and nothing else.
 */

type PortalLanguage = 'fr' | 'en';

export type PortalInvoice = { number: string; dueDate: string; amountDue: number; currency: string; pdfHref: string | null };

export type PortalRefusal = 'expired' | 'invalid';

const TEXTS = {
  fr: {
    title: 'Vos factures à régler',
    intro: (customer: string, company: string) => `${customer} — factures en attente de paiement chez ${company}`,
    number: 'Facture',
    dueDate: 'Échéance',
    amountDue: 'Reste dû',
    pdf: 'PDF',
    download: 'Télécharger',
    none: 'Aucune facture en attente de paiement. Merci !',
    expired: ['Ce lien a expiré', 'Utilisez le lien de notre dernier e-mail, ou demandez-nous un nouveau lien.'],
    invalid: ["Ce lien n'est pas valide", "Vérifiez que vous avez copié le lien complet depuis l'e-mail."],
  },
  en: {
    title: 'Your open invoices',
    intro: (customer: string, company: string) => `${customer} — invoices awaiting payment with ${company}`,
    number: 'Invoice',
    dueDate: 'Due date',
    amountDue: 'Amount due',
    pdf: 'PDF',
    download: 'Download',
    none: 'You have no invoices awaiting payment. Thank you!',
    expired: ['This link has expired', 'Use the link in our latest e-mail, or ask us for a new one.'],
    invalid: ['This link is not valid', 'Check that you copied the whole link from the e-mail.'],
  },
};

const DEFAULT_LOCALES: Record<PortalLanguage, string> = { fr: 'fr-FR', en: 'en-GB' };

const portalLanguage = (locale: string | null | undefined): PortalLanguage =>
  locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';

/** The customer's locale for numbers and dates when Intl knows it, else the language's default. */
const formattingLocale = (locale: string | null | undefined, language: PortalLanguage) => {
  try {
    return locale && portalLanguage(locale) === language ? Intl.getCanonicalLocales(locale)[0] : DEFAULT_LOCALES[language];
  } catch {
    return DEFAULT_LOCALES[language];
  }
};

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#32324d;background:#f6f6f9;margin:0}
main{max-width:760px;margin:40px auto;padding:32px;background:#fff;border-radius:4px;box-shadow:0 1px 4px rgba(33,33,52,.1)}
h1{font-size:1.5rem;margin:0 0 8px}p{color:#666687}table{width:100%;border-collapse:collapse;margin-top:24px}
th,td{padding:10px 8px;border-bottom:1px solid #eaeaef;text-align:left}td.amount,th.amount{text-align:right}a{color:#4945ff}`;

const page = (language: PortalLanguage, title: string, content: string) =>
  `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
  `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow">` +
  `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${content}</main></body></html>`;

export const renderPortalPage = ({
  locale,
  customerName,
  companyName,
  invoices,
}: {
  locale: string | null;
  customerName: string;
  companyName: string;
  invoices: PortalInvoice[];
}): string => {
  const language = portalLanguage(locale);
  const text = TEXTS[language];
  const format = formattingLocale(locale, language);
  const rows = invoices
    .map(
      (invoice) =>
        `<tr><td>${escapeHtml(invoice.number)}</td><td>${escapeHtml(formatDate(invoice.dueDate, format))}</td>` +
        `<td class="amount">${escapeHtml(formatMoney(invoice.amountDue, invoice.currency, format))}</td>` +
        `<td>${invoice.pdfHref ? `<a href="${escapeHtml(invoice.pdfHref)}">${escapeHtml(text.download)}</a>` : ''}</td></tr>`
    )
    .join('');
  const table = invoices.length
    ? `<table><thead><tr><th>${escapeHtml(text.number)}</th><th>${escapeHtml(text.dueDate)}</th>` +
      `<th class="amount">${escapeHtml(text.amountDue)}</th><th>${escapeHtml(text.pdf)}</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>${escapeHtml(text.none)}</p>`;
  return page(language, text.title, `<h1>${escapeHtml(text.title)}</h1><p>${escapeHtml(text.intro(customerName, companyName))}</p>${table}`);
};

/** The page a refused link gets, in the language the browser prefers. */
export const renderPortalRefusal = (reason: PortalRefusal, acceptLanguage: string | undefined): string => {
  const language = portalLanguage(acceptLanguage?.trim());
  const [title, advice] = TEXTS[language][reason];
  return page(language, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(advice)}</p>`);
};
