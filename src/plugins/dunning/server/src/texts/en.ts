/**
 * Every text the server writes in English, in one place: the customer portal's pages,
 * the labels of the e-mails, letters and statements of account, the notices to the
 * senders, and the predefined templates' wording.
 */
export const en = {
  /** The customer portal's pages (portal/page.ts): the list, its forms, refusals and problems. */
  portal: {
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
  /** The invoices table, the portal button and the statement of account (domain/message-layout.ts). */
  labels: {
    number: 'Invoice',
    issueDate: 'Issued',
    dueDate: 'Due',
    amountDue: 'Amount due',
    daysOverdue: 'Days overdue',
    total: 'Total',
    access: 'Access invoices',
    statement: 'Statement of account',
    lateCharges: 'Late charges',
    totalWithCharges: 'Total with charges',
  },
  /** The notices a sender gets about the automatic reminders sent in their name (domain/notices.ts). */
  notices: {
    one: (customer: string) => `[Dunning] Reminder sent in your name to ${customer}`,
    digest: (count: number, day: string) =>
      `[Dunning] ${count} reminder${count > 1 ? 's' : ''} sent in your name (${day})`,
    intro: 'The automatic reminders below went out in your name. Replies come to you.',
    invoices: 'Invoices',
    amount: 'Amount',
    to: 'To',
  },
  /** The predefined templates (templates/predefined.ts): each kind's wording, and the channels' frames. */
  templates: {
    wording: {
      'pre-due': {
        name: 'Pre-due notice',
        subject: 'Upcoming due date: {{invoiceCount}} invoice(s) – {{company.name}}',
        message:
          'This is a courtesy notice that the invoices below, totalling {{totalAmount}}, will soon fall due.',
        request: 'If payment is already scheduled, please disregard this message.',
        call: 'Purpose of the call: remind the customer of the upcoming due date and check that the invoices were received and approved.',
      },
      'reminder-1': {
        name: 'Reminder 1',
        subject: 'Reminder: {{invoiceCount}} overdue invoice(s) – {{company.name}}',
        message:
          'According to our records, the invoices below, totalling {{totalAmount}}, remain unpaid. This is most likely an oversight.',
        request:
          'We would be grateful if you could arrange payment at your earliest convenience. If you have paid in the meantime, please disregard this reminder.',
        call: 'Purpose of the call: mention the overdue invoices, check they were received, and obtain a payment date.',
      },
      'reminder-2': {
        name: 'Reminder 2',
        subject: 'Second reminder: {{totalAmount}} outstanding – {{company.name}}',
        message:
          'Despite our previous reminder, the invoices below, totalling {{totalAmount}}, are still unpaid. The oldest has been overdue for {{maxDaysOverdue}} days.',
        request:
          'Please settle these invoices within eight days or let us know when payment will be made. If a disagreement explains the delay, please tell us so that we can resolve it.',
        call: 'Purpose of the call: second reminder; obtain a firm payment date or the reason for the delay (dispute, invoice not received, cash-flow difficulty).',
      },
      'final-notice': {
        name: 'Final notice before collection',
        subject: 'Final notice before collection: {{totalAmount}} – {{company.name}}',
        message:
          'Despite our reminders, the invoices below, totalling {{totalAmount}}, remain unpaid. We formally request payment within eight days of receipt of this notice.',
        request:
          'Failing payment, we will pass the matter to our collection department. Late-payment interest and a fixed compensation for recovery costs of EUR 40 per invoice may be charged.',
        call: 'Purpose of the call: final notice before collection; state the formal demand, late-payment interest and the fixed compensation of EUR 40 per invoice; obtain a dated commitment to pay.',
        charges:
          '{{#if lateFees.total}}To date, the delay amounts to {{lateFees.interest}} of late-payment interest (annual rate {{lateFees.rate}}) and {{lateFees.indemnity}} of fixed compensation, {{lateFees.total}} in all.{{/if}}',
      },
      'thank-you': {
        name: 'Thank you',
        subject: 'Thank you for your payment – {{company.name}}',
        message: 'We have received your payment of {{totalAmount}}. Thank you.',
        request: 'Please do not hesitate to contact us with any questions.',
        call: 'Purpose of the call: thank the customer for the payment received and check that everything is in order.',
      },
      statement: {
        name: 'Statement of account',
        subject: 'Your statement of account as of {{today}} – {{company.name}}',
        message:
          'Please find attached your statement of account as of {{today}}. The invoices below, totalling {{totalAmount}}, are open in our books.',
        request:
          'If an invoice does not match your records or has already been paid, please let us know.',
      },
    },
    frames: {
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
  },
};
