import { escapeHtml } from './message-layout';

/**
 * The notices an admin gets about the automatic reminders sent in their name (SPEC
 * F4.4), in their admin language. Pure: plain data in, mail parts out.
 */

export type NoticeItem = {
  customerName: string;
  invoiceNumbers: string[];
  amount: string;
  recipients: string[];
  level: string | null;
};

const WORDS = {
  en: {
    one: (customer: string) => `[Dunning] Reminder sent in your name to ${customer}`,
    digest: (count: number, day: string) =>
      `[Dunning] ${count} reminder${count > 1 ? 's' : ''} sent in your name (${day})`,
    intro: 'The automatic reminders below went out in your name. Replies come to you.',
    invoices: 'Invoices',
    amount: 'Amount',
    to: 'To',
  },
  fr: {
    one: (customer: string) => `[Relances] Relance envoyée en votre nom à ${customer}`,
    digest: (count: number, day: string) =>
      `[Relances] ${count} relance${count > 1 ? 's' : ''} envoyée${count > 1 ? 's' : ''} en votre nom (${day})`,
    intro:
      'Les relances automatiques ci-dessous sont parties en votre nom. Les réponses vous parviennent.',
    invoices: 'Factures',
    amount: 'Montant',
    to: 'À',
  },
};

export const noticeLanguage = (preferred: string | null | undefined): 'en' | 'fr' =>
  (preferred ?? '').toLowerCase().startsWith('fr') ? 'fr' : 'en';

/** One notice for one reminder (mode "each"), or a digest of several (mode "digest") when `day` is given. */
export const composeNotice = (items: NoticeItem[], language: 'en' | 'fr', day?: string) => {
  const words = WORDS[language];
  const subject = day ? words.digest(items.length, day) : words.one(items[0].customerName);
  const line = (item: NoticeItem) =>
    `${item.customerName}${item.level ? ` — ${item.level}` : ''}\n  ${words.invoices}: ${item.invoiceNumbers.join(', ')}\n  ${words.amount}: ${item.amount}\n  ${words.to}: ${item.recipients.join(', ')}`;
  const text = [words.intro, ...items.map(line)].join('\n\n');
  const html = `<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#32324d"><p>${escapeHtml(words.intro)}</p>${items
    .map((item) => `<p>${escapeHtml(line(item)).replace(/\n/g, '<br>')}</p>`)
    .join('')}</div>`;
  return { subject, text, html };
};
