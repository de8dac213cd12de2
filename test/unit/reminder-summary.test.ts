import {
  addressesOf,
  EVENT_OF_STATUS,
  REMINDER_EVENTS,
  toReminderSummary,
} from '../../src/plugins/dunning/server/src/domain/reminder-summary';

describe('a reminder as the pages and the Content API show it (SPEC F7.3)', () => {
  const stored = {
    documentId: 'r-1',
    createdAt: '2026-03-23T09:00:00.000Z',
    sentAt: '2026-03-23T09:01:00.000Z',
    channel: 'email',
    type: 'reminder',
    trigger: 'automatic',
    status: 'sent',
    customerDocumentId: 'c-1',
    customerName: 'Acme',
    level: 'Reminder 1',
    subject: 'Reminder: 2 overdue invoices',
    amount: '150.50',
    currency: 'EUR',
    invoices: [
      { documentId: 'i-1', number: 'F-1', dueDate: '2026-03-01', amountDue: 100, currency: 'EUR' },
      {
        documentId: 'i-2',
        number: 'F-2',
        dueDate: '2026-03-02',
        amountDue: 20,
        currency: 'EUR',
        excluded: 'disputed',
      },
      { documentId: 'i-3', number: 'F-3', dueDate: '2026-03-03', amountDue: 50.5, currency: 'EUR' },
    ],
    recipients: [{ name: 'Camille', address: 'c@acme.test' }, { address: 'ap@acme.test' }],
    senderName: 'Louise',
    messageId: '<m-1@us.test>',
    serverResponse: '250 OK',
    document: { id: 4, name: 'letter.pdf', url: '/uploads/letter.pdf', mime: 'application/pdf' },
  } satisfies Parameters<typeof toReminderSummary>[0];

  it('shows the amount as a number, the invoices still covered and the addresses', () => {
    expect(toReminderSummary(stored)).toEqual({
      documentId: 'r-1',
      createdAt: '2026-03-23T09:00:00.000Z',
      sentAt: '2026-03-23T09:01:00.000Z',
      channel: 'email',
      type: 'reminder',
      trigger: 'automatic',
      status: 'sent',
      statusReason: null,
      customerDocumentId: 'c-1',
      customerName: 'Acme',
      level: 'Reminder 1',
      subject: 'Reminder: 2 overdue invoices',
      amount: 150.5,
      currency: 'EUR',
      invoiceNumbers: ['F-1', 'F-3'],
      recipients: ['c@acme.test', 'ap@acme.test'],
      senderName: 'Louise',
      callOutcome: null,
      documentUrl: '/dunning/reminders/r-1/document',
      messageId: '<m-1@us.test>',
      serverResponse: '250 OK',
      error: null,
    });
  });

  it('says null for what a reminder does not have yet, and no document link without one', () => {
    const summary = toReminderSummary({
      documentId: 'r-2',
      createdAt: '2026-03-23T09:00:00.000Z',
      channel: 'letter',
      type: 'reminder',
      trigger: 'manual',
      status: 'planned',
      customerDocumentId: 'c-1',
      currency: 'EUR',
    });
    expect(summary).toMatchObject({
      sentAt: null,
      amount: 0,
      invoiceNumbers: [],
      recipients: [],
      documentUrl: null,
      subject: null,
      error: null,
    });
  });

  it('reads the addresses of stored mailboxes, none when there are none', () => {
    expect(addressesOf([{ address: 'a@x.test' }, { address: 'b@x.test' }])).toEqual([
      'a@x.test',
      'b@x.test',
    ]);
    expect(addressesOf(null)).toEqual([]);
    expect(addressesOf(undefined)).toEqual([]);
  });

  it('announces a reminder sent or failed, and no other status', () => {
    expect(REMINDER_EVENTS).toEqual({
      created: 'dunning.reminder.created',
      sent: 'dunning.reminder.sent',
      failed: 'dunning.reminder.failed',
    });
    expect(EVENT_OF_STATUS).toEqual({
      sent: 'dunning.reminder.sent',
      failed: 'dunning.reminder.failed',
    });
  });
});
