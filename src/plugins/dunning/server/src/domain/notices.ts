import { escapeHtml } from '../helpers';
import { type Language, languageOf, TEXTS } from '../texts';

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

/** The language of a notice: the admin's preferred language, French or English (texts/). */
export const noticeLanguage = (preferred: string | null | undefined): Language =>
  languageOf(preferred);

/** One notice for one reminder (mode "each"), or a digest of several (mode "digest") when `day` is given. */
export const composeNotice = (items: NoticeItem[], language: Language, day?: string) => {
  const words = TEXTS[language].notices;
  const subject = day ? words.digest(items.length, day) : words.one(items[0].customerName);
  const line = (item: NoticeItem) =>
    `${item.customerName}${item.level ? ` — ${item.level}` : ''}\n  ${words.invoices}: ${item.invoiceNumbers.join(', ')}\n  ${words.amount}: ${item.amount}\n  ${words.to}: ${item.recipients.join(', ')}`;
  const text = [words.intro, ...items.map(line)].join('\n\n');
  const html = `<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#32324d"><p>${escapeHtml(words.intro)}</p>${items
    .map((item) => `<p>${escapeHtml(line(item)).replace(/\n/g, '<br>')}</p>`)
    .join('')}</div>`;
  return { subject, text, html };
};
