import type { ReminderType, TemplateChannel } from '../../../shared/vocabulary';
import { TEXTS } from '../texts';

/**
 * The predefined templates installed on first start (SPEC F2.1): five kinds of message,
 * each as an e-mail, a letter and a phone script, in French and English; and the e-mail
 * that carries a statement of account (F3.5). Each kind's wording is written once per
 * language, in texts/; the channels frame it.
 */

export type PredefinedTemplate = {
  predefinedKey: string;
  name: string;
  type: ReminderType;
  channel: TemplateChannel;
  locale: 'fr' | 'en';
  subject: string | null;
  body: string;
};

type Kind = 'pre-due' | 'reminder-1' | 'reminder-2' | 'final-notice' | 'thank-you' | 'statement';
type Locale = PredefinedTemplate['locale'];
type Channel = PredefinedTemplate['channel'];

type Wording = {
  name: string;
  subject: string;
  /** The message itself, between greeting and closing; the invoice table follows it. */
  message: string;
  /** After the table; may be empty. */
  request: string;
  /** What the caller says and asks (the kinds with a phone script). */
  call?: string;
  /** F4.9: the late-payment charges to date, shown only when there are some. */
  charges?: string;
};

const TYPES: Record<Kind, PredefinedTemplate['type']> = {
  'pre-due': 'pre_due',
  'reminder-1': 'reminder',
  'reminder-2': 'reminder',
  'final-notice': 'reminder',
  'thank-you': 'thank_you',
  statement: 'statement',
};

/** The kinds whose message shows the invoices table (all but the thank-you). */
const WITH_TABLE: Record<Kind, boolean> = {
  'pre-due': true,
  'reminder-1': true,
  'reminder-2': true,
  'final-notice': true,
  'thank-you': false,
  statement: true,
};

/** The channels each kind is written for: a statement of account goes by e-mail, the PDF attached. */
const CHANNELS_OF: Record<Kind, Channel[]> = {
  'pre-due': ['email', 'letter', 'phone'],
  'reminder-1': ['email', 'letter', 'phone'],
  'reminder-2': ['email', 'letter', 'phone'],
  'final-notice': ['email', 'letter', 'phone'],
  'thank-you': ['email', 'letter', 'phone'],
  statement: ['email'],
};

const WORDING: Record<Locale, Record<Kind, Wording>> = {
  fr: TEXTS.fr.templates.wording,
  en: TEXTS.en.templates.wording,
};

const paragraphs = (...parts: Array<string | false>) => parts.filter(Boolean).join('\n\n');

const bodyOf = (kind: Kind, channel: Channel, locale: Locale): string => {
  const w = WORDING[locale][kind];
  const f = TEXTS[locale].templates.frames;
  const signature = '{{sender.name}}\n{{company.name}}';
  if (channel === 'email') {
    return paragraphs(
      f.greeting,
      w.message,
      WITH_TABLE[kind] && '{{invoicesTable}}',
      w.request,
      w.charges ?? false,
      '{{accessInvoicesButton}}',
      `${f.closing}\n${signature}`
    );
  }
  if (channel === 'letter') {
    return paragraphs(
      f.letterGreeting,
      w.message,
      WITH_TABLE[kind] && '{{invoicesTable}}',
      w.request,
      w.charges ?? false,
      f.letterClosing,
      signature
    );
  }
  return paragraphs(
    f.callIntro,
    w.call ?? false,
    f.callInvoices,
    w.charges ?? false,
    f.callQuestions,
    f.callRecord
  );
};

const KINDS = Object.keys(TYPES) as Kind[];
const LOCALES: Locale[] = ['fr', 'en'];

export const PREDEFINED_TEMPLATES: PredefinedTemplate[] = LOCALES.flatMap((locale) =>
  KINDS.flatMap((kind) =>
    CHANNELS_OF[kind].map((channel) => ({
      predefinedKey: `${kind}.${channel}.${locale}`,
      name: `${WORDING[locale][kind].name} (${TEXTS[locale].templates.frames.channel[channel]})`,
      type: TYPES[kind],
      channel,
      locale,
      subject: channel === 'phone' ? null : WORDING[locale][kind].subject,
      body: bodyOf(kind, channel, locale),
    }))
  )
);
