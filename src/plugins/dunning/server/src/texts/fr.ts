import type { en } from './en';

/**
 * Every text the server writes in French, in one place: the customer portal's pages,
 * the labels of the e-mails, letters and statements of account, the notices to the
 * senders, and the predefined templates' wording.
 */
export const fr: typeof en = {
  /** The customer portal's pages (portal/page.ts): the list, its forms, refusals and problems. */
  portal: {
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
  /** The invoices table, the portal button and the statement of account (domain/message-layout.ts). */
  labels: {
    number: 'Facture',
    issueDate: 'Émise le',
    dueDate: 'Échéance',
    amountDue: 'Reste dû',
    daysOverdue: 'Jours de retard',
    total: 'Total',
    access: 'Accéder à mes factures',
    statement: 'Relevé de compte',
    lateCharges: 'Pénalités de retard',
    totalWithCharges: 'Total pénalités comprises',
  },
  /** The notices a sender gets about the automatic reminders sent in their name (domain/notices.ts). */
  notices: {
    one: (customer: string) => `[Relances] Relance envoyée en votre nom à ${customer}`,
    digest: (count: number, day: string) =>
      `[Relances] ${count} relance${count > 1 ? 's' : ''} envoyée${count > 1 ? 's' : ''} en votre nom (${day})`,
    intro:
      'Les relances automatiques ci-dessous sont parties en votre nom. Les réponses vous parviennent.',
    invoices: 'Factures',
    amount: 'Montant',
    to: 'À',
  },
  /** The predefined templates (templates/predefined.ts): each kind's wording, and the channels' frames. */
  templates: {
    wording: {
      'pre-due': {
        name: 'Avis avant échéance',
        subject: 'Échéance prochaine : {{invoiceCount}} facture(s) – {{company.name}}',
        message:
          'Nous vous informons que les factures ci-dessous, d’un montant total de {{totalAmount}}, arrivent prochainement à échéance.',
        request: 'Si le règlement est déjà programmé, merci de ne pas tenir compte de ce message.',
        call: 'Objet de l’appel : rappeler l’échéance prochaine et vérifier que les factures ont bien été reçues et validées.',
      },
      'reminder-1': {
        name: 'Relance 1',
        subject: 'Rappel : {{invoiceCount}} facture(s) échue(s) – {{company.name}}',
        message:
          'Sauf erreur de notre part, les factures ci-dessous, d’un montant total de {{totalAmount}}, restent impayées à ce jour. Il s’agit probablement d’un simple oubli.',
        request:
          'Nous vous remercions de bien vouloir procéder à leur règlement dans les meilleurs délais. Si votre paiement a été effectué entre-temps, merci de ne pas tenir compte de ce rappel.',
        call: 'Objet de l’appel : signaler les factures échues, vérifier qu’elles ont été reçues et obtenir une date de paiement.',
      },
      'reminder-2': {
        name: 'Relance 2',
        subject: 'Deuxième relance : {{totalAmount}} restent dus – {{company.name}}',
        message:
          'Malgré notre précédent rappel, les factures ci-dessous, d’un montant total de {{totalAmount}}, restent impayées. La plus ancienne est échue depuis {{maxDaysOverdue}} jours.',
        request:
          'Nous vous demandons de régler ces factures sous huit jours ou de nous indiquer la date de paiement prévue. Si un désaccord explique ce retard, merci de nous en faire part afin que nous puissions le traiter.',
        call: 'Objet de l’appel : deuxième relance ; obtenir une date de paiement ferme ou la raison du retard (litige, facture non reçue, difficulté de trésorerie).',
      },
      'final-notice': {
        name: 'Dernier avis avant recouvrement',
        subject: 'Dernier avis avant recouvrement : {{totalAmount}} – {{company.name}}',
        message:
          'Malgré nos relances, les factures ci-dessous, d’un montant total de {{totalAmount}}, demeurent impayées. Nous vous mettons en demeure de les régler sous huit jours à compter de la réception du présent avis.',
        request:
          'À défaut, nous transmettrons le dossier à notre service de recouvrement. Conformément à l’article L441-10 du Code de commerce, des pénalités de retard ainsi qu’une indemnité forfaitaire pour frais de recouvrement de 40 € par facture pourront vous être facturées.',
        call: 'Objet de l’appel : dernier avis avant recouvrement ; annoncer la mise en demeure, les pénalités de retard et l’indemnité forfaitaire de 40 € par facture ; obtenir un engagement de paiement daté.',
        charges:
          '{{#if lateFees.total}}À ce jour, ces retards représentent {{lateFees.interest}} de pénalités (taux annuel de {{lateFees.rate}}) et {{lateFees.indemnity}} d’indemnités forfaitaires, soit {{lateFees.total}}.{{/if}}',
      },
      'thank-you': {
        name: 'Remerciement',
        subject: 'Merci pour votre règlement – {{company.name}}',
        message: 'Nous avons bien reçu votre règlement de {{totalAmount}} et vous en remercions.',
        request: 'Nous restons à votre disposition pour toute question.',
        call: 'Objet de l’appel : remercier pour le règlement reçu et vérifier que tout est en ordre.',
      },
      statement: {
        name: 'Relevé de compte',
        subject: 'Votre relevé de compte au {{today}} – {{company.name}}',
        message:
          'Veuillez trouver ci-joint votre relevé de compte au {{today}}. Les factures ci-dessous, d’un montant total de {{totalAmount}}, restent ouvertes dans nos livres.',
        request:
          'Si une facture ne correspond pas à votre comptabilité ou a déjà été réglée, merci de nous le signaler.',
      },
    },
    frames: {
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
  },
};
