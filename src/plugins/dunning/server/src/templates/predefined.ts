import type { ReminderType, TemplateChannel } from '../../../shared/vocabulary';

/**
 * The predefined templates installed on first start (SPEC F2.1): five kinds of message,
 * each as an e-mail, a letter and a phone script, in French and English; and the e-mail
 * that carries a statement of account (issue #22, point 2). Each kind's wording is
 * written once per language; the channels frame it.
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
  withTable: boolean;
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
  fr: {
    'pre-due': {
      name: 'Avis avant échéance',
      subject: 'Échéance prochaine : {{invoiceCount}} facture(s) – {{company.name}}',
      message:
        'Nous vous informons que les factures ci-dessous, d’un montant total de {{totalAmount}}, arrivent prochainement à échéance.',
      request: 'Si le règlement est déjà programmé, merci de ne pas tenir compte de ce message.',
      call: 'Objet de l’appel : rappeler l’échéance prochaine et vérifier que les factures ont bien été reçues et validées.',
      withTable: true,
    },
    'reminder-1': {
      name: 'Relance 1',
      subject: 'Rappel : {{invoiceCount}} facture(s) échue(s) – {{company.name}}',
      message:
        'Sauf erreur de notre part, les factures ci-dessous, d’un montant total de {{totalAmount}}, restent impayées à ce jour. Il s’agit probablement d’un simple oubli.',
      request:
        'Nous vous remercions de bien vouloir procéder à leur règlement dans les meilleurs délais. Si votre paiement a été effectué entre-temps, merci de ne pas tenir compte de ce rappel.',
      call: 'Objet de l’appel : signaler les factures échues, vérifier qu’elles ont été reçues et obtenir une date de paiement.',
      withTable: true,
    },
    'reminder-2': {
      name: 'Relance 2',
      subject: 'Deuxième relance : {{totalAmount}} restent dus – {{company.name}}',
      message:
        'Malgré notre précédent rappel, les factures ci-dessous, d’un montant total de {{totalAmount}}, restent impayées. La plus ancienne est échue depuis {{maxDaysOverdue}} jours.',
      request:
        'Nous vous demandons de régler ces factures sous huit jours ou de nous indiquer la date de paiement prévue. Si un désaccord explique ce retard, merci de nous en faire part afin que nous puissions le traiter.',
      call: 'Objet de l’appel : deuxième relance ; obtenir une date de paiement ferme ou la raison du retard (litige, facture non reçue, difficulté de trésorerie).',
      withTable: true,
    },
    'final-notice': {
      name: 'Dernier avis avant recouvrement',
      subject: 'Dernier avis avant recouvrement : {{totalAmount}} – {{company.name}}',
      message:
        'Malgré nos relances, les factures ci-dessous, d’un montant total de {{totalAmount}}, demeurent impayées. Nous vous mettons en demeure de les régler sous huit jours à compter de la réception du présent avis.',
      request:
        'À défaut, nous transmettrons le dossier à notre service de recouvrement. Conformément à l’article L441-10 du Code de commerce, des pénalités de retard ainsi qu’une indemnité forfaitaire pour frais de recouvrement de 40 € par facture pourront vous être facturées.',
      call: 'Objet de l’appel : dernier avis avant recouvrement ; annoncer la mise en demeure, les pénalités de retard et l’indemnité forfaitaire de 40 € par facture ; obtenir un engagement de paiement daté.',
      withTable: true,
      charges:
        '{{#if lateFees.total}}À ce jour, ces retards représentent {{lateFees.interest}} de pénalités (taux annuel de {{lateFees.rate}}) et {{lateFees.indemnity}} d’indemnités forfaitaires, soit {{lateFees.total}}.{{/if}}',
    },
    'thank-you': {
      name: 'Remerciement',
      subject: 'Merci pour votre règlement – {{company.name}}',
      message: 'Nous avons bien reçu votre règlement de {{totalAmount}} et vous en remercions.',
      request: 'Nous restons à votre disposition pour toute question.',
      call: 'Objet de l’appel : remercier pour le règlement reçu et vérifier que tout est en ordre.',
      withTable: false,
    },
    statement: {
      name: 'Relevé de compte',
      subject: 'Votre relevé de compte au {{today}} – {{company.name}}',
      message:
        'Veuillez trouver ci-joint votre relevé de compte au {{today}}. Les factures ci-dessous, d’un montant total de {{totalAmount}}, restent ouvertes dans nos livres.',
      request:
        'Si une facture ne correspond pas à votre comptabilité ou a déjà été réglée, merci de nous le signaler.',
      withTable: true,
    },
  },
  en: {
    'pre-due': {
      name: 'Pre-due notice',
      subject: 'Upcoming due date: {{invoiceCount}} invoice(s) – {{company.name}}',
      message:
        'This is a courtesy notice that the invoices below, totalling {{totalAmount}}, will soon fall due.',
      request: 'If payment is already scheduled, please disregard this message.',
      call: 'Purpose of the call: remind the customer of the upcoming due date and check that the invoices were received and approved.',
      withTable: true,
    },
    'reminder-1': {
      name: 'Reminder 1',
      subject: 'Reminder: {{invoiceCount}} overdue invoice(s) – {{company.name}}',
      message:
        'According to our records, the invoices below, totalling {{totalAmount}}, remain unpaid. This is most likely an oversight.',
      request:
        'We would be grateful if you could arrange payment at your earliest convenience. If you have paid in the meantime, please disregard this reminder.',
      call: 'Purpose of the call: mention the overdue invoices, check they were received, and obtain a payment date.',
      withTable: true,
    },
    'reminder-2': {
      name: 'Reminder 2',
      subject: 'Second reminder: {{totalAmount}} outstanding – {{company.name}}',
      message:
        'Despite our previous reminder, the invoices below, totalling {{totalAmount}}, are still unpaid. The oldest has been overdue for {{maxDaysOverdue}} days.',
      request:
        'Please settle these invoices within eight days or let us know when payment will be made. If a disagreement explains the delay, please tell us so that we can resolve it.',
      call: 'Purpose of the call: second reminder; obtain a firm payment date or the reason for the delay (dispute, invoice not received, cash-flow difficulty).',
      withTable: true,
    },
    'final-notice': {
      name: 'Final notice before collection',
      subject: 'Final notice before collection: {{totalAmount}} – {{company.name}}',
      message:
        'Despite our reminders, the invoices below, totalling {{totalAmount}}, remain unpaid. We formally request payment within eight days of receipt of this notice.',
      request:
        'Failing payment, we will pass the matter to our collection department. Late-payment interest and a fixed compensation for recovery costs of EUR 40 per invoice may be charged.',
      call: 'Purpose of the call: final notice before collection; state the formal demand, late-payment interest and the fixed compensation of EUR 40 per invoice; obtain a dated commitment to pay.',
      withTable: true,
      charges:
        '{{#if lateFees.total}}To date, the delay amounts to {{lateFees.interest}} of late-payment interest (annual rate {{lateFees.rate}}) and {{lateFees.indemnity}} of fixed compensation, {{lateFees.total}} in all.{{/if}}',
    },
    'thank-you': {
      name: 'Thank you',
      subject: 'Thank you for your payment – {{company.name}}',
      message: 'We have received your payment of {{totalAmount}}. Thank you.',
      request: 'Please do not hesitate to contact us with any questions.',
      call: 'Purpose of the call: thank the customer for the payment received and check that everything is in order.',
      withTable: false,
    },
    statement: {
      name: 'Statement of account',
      subject: 'Your statement of account as of {{today}} – {{company.name}}',
      message:
        'Please find attached your statement of account as of {{today}}. The invoices below, totalling {{totalAmount}}, are open in our books.',
      request:
        'If an invoice does not match your records or has already been paid, please let us know.',
      withTable: true,
    },
  },
};

const FRAMES = {
  fr: {
    channel: { email: 'e-mail', letter: 'courrier', phone: 'script d’appel' },
    greeting: '{{#if contact.name}}Bonjour {{contact.name}},{{else}}Bonjour,{{/if}}',
    letterGreeting: 'Madame, Monsieur,',
    closing: 'Cordialement,',
    letterClosing: 'Nous vous prions d’agréer, Madame, Monsieur, nos salutations distinguées.',
    callIntro:
      'Bonjour, {{sender.name}} du service comptabilité de {{company.name}}. Pourrais-je parler à {{#if contact.name}}{{contact.name}}{{else}}la personne chargée des paiements fournisseurs{{/if}} ?',
    callInvoices:
      'Factures concernées :\n{{#each invoices}}- {{number}} : {{amountDue}}, échue le {{dueDate}} ({{daysOverdue}} jours)\n{{/each}}Total : {{totalAmount}}',
    callQuestions:
      'À demander :\n- Les factures ont-elles été reçues et validées ?\n- Quelle date de paiement pouvez-vous nous donner ?\n- Un point bloque-t-il le paiement (litige, bon de commande, adresse de facturation) ?',
    callRecord: 'À noter : la date promise, le montant, la personne jointe, tout litige signalé.',
  },
  en: {
    channel: { email: 'e-mail', letter: 'letter', phone: 'call script' },
    greeting: '{{#if contact.name}}Dear {{contact.name}},{{else}}Hello,{{/if}}',
    letterGreeting: 'Dear Sir or Madam,',
    closing: 'Kind regards,',
    letterClosing: 'Yours faithfully,',
    callIntro:
      'Hello, this is {{sender.name}} from the accounts team at {{company.name}}. May I speak to {{#if contact.name}}{{contact.name}}{{else}}the person in charge of supplier payments{{/if}}?',
    callInvoices:
      'Invoices concerned:\n{{#each invoices}}- {{number}}: {{amountDue}}, due {{dueDate}} ({{daysOverdue}} days)\n{{/each}}Total: {{totalAmount}}',
    callQuestions:
      'Ask:\n- Were the invoices received and approved?\n- What payment date can you give us?\n- Is anything holding the payment up (dispute, purchase order, billing address)?',
    callRecord: 'Record: the promised date, the amount, who you spoke to, any dispute raised.',
  },
};

const paragraphs = (...parts: Array<string | false>) => parts.filter(Boolean).join('\n\n');

const bodyOf = (kind: Kind, channel: Channel, locale: Locale): string => {
  const w = WORDING[locale][kind];
  const f = FRAMES[locale];
  const signature = '{{sender.name}}\n{{company.name}}';
  if (channel === 'email') {
    return paragraphs(
      f.greeting,
      w.message,
      w.withTable && '{{invoicesTable}}',
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
      w.withTable && '{{invoicesTable}}',
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
      name: `${WORDING[locale][kind].name} (${FRAMES[locale].channel[channel]})`,
      type: TYPES[kind],
      channel,
      locale,
      subject: channel === 'phone' ? null : WORDING[locale][kind].subject,
      body: bodyOf(kind, channel, locale),
    }))
  )
);
