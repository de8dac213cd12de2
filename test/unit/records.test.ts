import {
  DEFAULT_RECEIVABLES,
  type ReceivablesMapping,
} from '../../src/plugins/dunning/server/src/domain/receivables-mapping';
import { recipientsOfInvoice } from '../../src/plugins/dunning/server/src/domain/recipients';
import { dateOnly, money, recordsOf } from '../../src/plugins/dunning/server/src/domain/records';

/** The plugin's records from entities of the mapped types (domain/records.ts), whatever the model calls its fields. */

/** A team's model with other names for some fields, other status values and no dispute flag. */
const mapping: ReceivablesMapping = {
  invoice: {
    uid: 'api::facture.facture',
    fields: {
      ...DEFAULT_RECEIVABLES.invoice.fields,
      number: 'numero',
      amountDue: 'resteDu',
      customer: 'client',
      disputed: null,
      paidAt: 'payeeLe',
    },
    statuses: {
      draft: ['brouillon'],
      open: ['emise', 'relancee'],
      paid: ['payee'],
      cancelled: ['annulee'],
    },
  },
  customer: {
    uid: 'api::client.client',
    fields: { ...DEFAULT_RECEIVABLES.customer.fields, name: 'raisonSociale', stopDunning: null },
  },
  contact: DEFAULT_RECEIVABLES.contact,
};

const favourite = {
  id: 7,
  documentId: 'ct-fav',
  name: 'Louis Simon',
  emails: 'louis@acme.test',
  reminderEmails: null,
  phone: null,
};
const customer = {
  id: 3,
  documentId: 'cu-1',
  raisonSociale: 'Acme',
  reference: 'ACM',
  locale: 'fr-FR',
  timezone: 'Europe/Paris',
  favouriteContact: favourite,
  scenario: { id: 2, documentId: 'sc-1' },
};
const invoice = {
  id: 11,
  documentId: 'in-1',
  numero: 42,
  issueDate: '2026-01-01',
  dueDate: '2026-01-31T00:00:00.000Z',
  total: '240.00',
  resteDu: '120.25',
  currency: 'GBP',
  status: 'relancee',
  payeeLe: Date.UTC(2026, 1, 3, 4, 5, 6),
  automaticReminders: null,
  pdf: { id: 5, name: 'F-42.pdf', url: '/uploads/f42.pdf', mime: 'application/pdf', size: 1 },
  createdBy: { id: 9 },
  client: customer,
  contact: null,
};

describe('recordsOf', () => {
  it("reads an invoice, its customer and contacts through the mapping, in the plugin's vocabulary", () => {
    const record = recordsOf(mapping).toInvoice(invoice);
    expect(record).toEqual({
      documentId: 'in-1',
      number: '42',
      issueDate: '2026-01-01',
      dueDate: '2026-01-31',
      total: 240,
      amountDue: 120.25,
      currency: 'GBP',
      status: 'open',
      paidAt: '2026-02-03T04:05:06.000Z',
      disputed: false,
      promisedPaymentDate: null,
      reminderEmails: null,
      automaticReminders: true,
      pdf: { id: 5, name: 'F-42.pdf', url: '/uploads/f42.pdf', mime: 'application/pdf' },
      creatorId: 9,
      paymentUrl: null,
      customer: {
        documentId: 'cu-1',
        name: 'Acme',
        reference: 'ACM',
        segment: null,
        locale: 'fr-FR',
        timezone: 'Europe/Paris',
        address: null,
        phone: null,
        stopDunning: false,
        stopDunningReason: null,
        pausedUntil: null,
        pauseReason: null,
        ownerId: null,
        disputed: false,
        scenarioDocumentId: 'sc-1',
        favouriteContact: {
          documentId: 'ct-fav',
          name: 'Louis Simon',
          emails: 'louis@acme.test',
          reminderEmails: null,
          phone: null,
        },
      },
      contact: null,
    });
  });

  it('gives the customer the settings the plugin keeps about it', () => {
    const settings = { pausedUntil: '2026-03-01', pauseReason: 'holidays', ownerId: 4 };
    const seen: string[] = [];
    const { toInvoice } = recordsOf(mapping, (entity) => (seen.push(entity.documentId), settings));
    expect(toInvoice(invoice).customer).toMatchObject(settings);
    expect(seen).toEqual(['cu-1']);
  });

  it('tells an unknown status, an empty amount and a missing customer apart', () => {
    const record = recordsOf(mapping).toInvoice({
      ...invoice,
      status: 'archivee',
      resteDu: null,
      total: '',
      automaticReminders: false,
      client: null,
      pdf: null,
      createdBy: null,
    });
    expect(record).toMatchObject({
      status: 'unknown',
      amountDue: 0,
      total: null,
      automaticReminders: false,
      customer: null,
      pdf: null,
      creatorId: null,
    });
  });
});

describe('values from either database', () => {
  it('reads dates as YYYY-MM-DD from a string, a Date (PostgreSQL) or epoch milliseconds (SQLite)', () => {
    expect(dateOnly('2026-01-31')).toBe('2026-01-31');
    expect(dateOnly(new Date('2026-01-31T12:00:00Z'))).toBe('2026-01-31');
    expect(dateOnly(Date.UTC(2026, 0, 31, 12))).toBe('2026-01-31');
    expect(dateOnly(null)).toBeNull();
    expect(dateOnly('')).toBeNull();
  });

  it('rounds amounts to the cent, a numeric string (PostgreSQL) included', () => {
    expect(money('120.255')).toBe(120.26);
    expect(money(0.1 + 0.2)).toBe(0.3);
    expect(money(null)).toBe(0);
  });
});

describe('recipientsOfInvoice (SPEC F1.3)', () => {
  it("falls back from the invoice and its contact to the customer's favourite contact", () => {
    const record = recordsOf(mapping).toInvoice(invoice);
    expect(recipientsOfInvoice(record)).toEqual({
      recipients: [{ name: 'Louis Simon', address: 'louis@acme.test' }],
      source: 'favouriteContact.emails',
      invalid: [],
    });
    expect(recipientsOfInvoice({ ...record, reminderEmails: 'ap@acme.test' }).source).toBe(
      'invoice.reminderEmails'
    );
    expect(recipientsOfInvoice({ ...record, customer: null }).recipients).toEqual([]);
  });
});
