import { resolvePluginConfig } from '../../src/plugins/dunning/server/src/config';
import {
  findMappingErrors,
  type SchemaLookup,
  unmappedFieldNotices,
} from '../../src/plugins/dunning/server/src/domain/mapping';
import {
  DEFAULT_RECEIVABLES,
  type ReceivablesMapping,
} from '../../src/plugins/dunning/server/src/domain/receivables-mapping';

/** The reference types of src/api, as Strapi exposes their attributes. */
const schemas: Record<string, { attributes: Record<string, any> }> = {
  'api::invoice.invoice': {
    attributes: {
      number: { type: 'string' },
      customer: { type: 'relation', target: 'api::customer.customer' },
      contact: { type: 'relation', target: 'api::contact.contact' },
      issueDate: { type: 'date' },
      dueDate: { type: 'date' },
      total: { type: 'decimal' },
      amountDue: { type: 'decimal' },
      currency: { type: 'string' },
      status: { type: 'enumeration', enum: ['draft', 'open', 'paid', 'cancelled'] },
      paidAt: { type: 'datetime' },
      pdf: { type: 'media' },
      disputed: { type: 'boolean' },
      promisedPaymentDate: { type: 'date' },
      reminderEmails: { type: 'string' },
      automaticReminders: { type: 'boolean' },
      paymentUrl: { type: 'string' },
      createdBy: { type: 'relation', target: 'admin::user' },
    },
  },
  'api::customer.customer': {
    attributes: {
      name: { type: 'string' },
      reference: { type: 'string' },
      segment: { type: 'string' },
      locale: { type: 'string' },
      timezone: { type: 'string' },
      address: { type: 'text' },
      phone: { type: 'string' },
      stopDunning: { type: 'boolean' },
      stopDunningReason: { type: 'text' },
      disputed: { type: 'boolean' },
      scenario: { type: 'relation', target: 'plugin::dunning.scenario' },
      favouriteContact: { type: 'relation', target: 'api::contact.contact' },
    },
  },
  'api::contact.contact': {
    attributes: {
      name: { type: 'string' },
      emails: { type: 'string' },
      reminderEmails: { type: 'string' },
      phone: { type: 'string' },
      customer: { type: 'relation', target: 'api::customer.customer' },
    },
  },
};
const lookup: SchemaLookup = (uid) => schemas[uid];

const withInvoiceFields = (fields: Partial<ReceivablesMapping['invoice']['fields']>) =>
  resolvePluginConfig({ receivables: { invoice: { fields } } }).receivables;

describe('findMappingErrors (SPEC F1.2)', () => {
  it('accepts the default mapping of the reference types', () => {
    expect(findMappingErrors(DEFAULT_RECEIVABLES, lookup)).toEqual([]);
  });

  it('names a mapped field that does not exist', () => {
    expect(findMappingErrors(withInvoiceFields({ dueDate: 'dueDat' }), lookup)).toEqual([
      'dunning.receivables.invoice.fields.dueDate: "dueDat" is not an attribute of api::invoice.invoice',
    ]);
  });

  it('names a mapped field of the wrong type', () => {
    expect(findMappingErrors(withInvoiceFields({ amountDue: 'number' }), lookup)).toEqual([
      'dunning.receivables.invoice.fields.amountDue: "number" of api::invoice.invoice is of type string, expected decimal or float or integer or biginteger',
    ]);
  });

  it('names a relation that points at the wrong content type', () => {
    expect(findMappingErrors(withInvoiceFields({ customer: 'contact' }), lookup)).toEqual([
      'dunning.receivables.invoice.fields.customer: "contact" of api::invoice.invoice must be a relation to api::customer.customer',
    ]);
  });

  it('refuses a required field mapped to nothing, saying what it holds, and accepts an optional one', () => {
    expect(findMappingErrors(withInvoiceFields({ dueDate: null, pdf: null }), lookup)).toEqual([
      `dunning.receivables.invoice.fields.dueDate: required: name the attribute of api::invoice.invoice that holds the due date, from which reminders are scheduled (api::invoice.invoice has an attribute "dueDate": dueDate: 'dueDate')`,
    ]);
  });

  it('names each required field a model of the team’s own leaves unnamed, with what it holds, and nothing optional', () => {
    const lookupWithBill: SchemaLookup = (uid) =>
      uid === 'api::bill.bill'
        ? {
            attributes: {
              ref: { type: 'string' },
              customer: { type: 'relation', target: 'api::customer.customer' },
              dueDate: { type: 'date' },
              currency: { type: 'string' },
              createdBy: { type: 'relation', target: 'admin::user' },
            },
          }
        : lookup(uid);
    const mapping = resolvePluginConfig({
      receivables: {
        invoice: { uid: 'api::bill.bill', fields: { number: 'ref', customer: 'customer' } },
      },
    }).receivables;
    expect(findMappingErrors(mapping, lookupWithBill)).toEqual([
      `dunning.receivables.invoice.fields.dueDate: required: name the attribute of api::bill.bill that holds the due date, from which reminders are scheduled (api::bill.bill has an attribute "dueDate": dueDate: 'dueDate')`,
      'dunning.receivables.invoice.fields.amountDue: required: name the attribute of api::bill.bill that holds the amount still due, the amount chased',
      `dunning.receivables.invoice.fields.currency: required: name the attribute of api::bill.bill that holds the currency code of the amounts (api::bill.bill has an attribute "currency": currency: 'currency')`,
      'dunning.receivables.invoice.fields.status: required: name the attribute of api::bill.bill that holds the status whose values (under statuses) tell open invoices from paid, cancelled and draft ones',
    ]);
  });

  it('names a content type that does not exist', () => {
    const mapping = resolvePluginConfig({
      receivables: { customer: { uid: 'api::client.client' } },
    }).receivables;
    expect(findMappingErrors(mapping, lookup)).toEqual(
      expect.arrayContaining([
        'dunning.receivables.customer.uid: content type "api::client.client" does not exist',
        'dunning.receivables.invoice.fields.customer: "customer" of api::invoice.invoice must be a relation to api::client.client',
      ])
    );
  });

  it('names a status value that the enumeration does not have', () => {
    const mapping = resolvePluginConfig({
      receivables: { invoice: { statuses: { paid: ['settled'] } } },
    }).receivables;
    expect(findMappingErrors(mapping, lookup)).toEqual([
      'dunning.receivables.invoice.statuses.paid: "settled" is not a value of api::invoice.invoice.status',
    ]);
  });
});

describe('unmappedFieldNotices (SPEC F1.2)', () => {
  it('says nothing of the reference types, whose fields keep their names', () => {
    expect(unmappedFieldNotices({})).toEqual([]);
    expect(
      unmappedFieldNotices({ invoice: { uid: 'api::invoice.invoice', fields: { pdf: null } } })
    ).toEqual([]);
  });

  it('gives one line per model of the team’s own, naming the optional fields left unnamed and where to map them', () => {
    expect(
      unmappedFieldNotices({
        customer: {
          uid: 'api::account.account',
          fields: {
            name: 'companyName',
            reference: 'code',
            segment: null,
            locale: 'language',
            timezone: 'tz',
            address: 'postal',
            phone: 'tel',
            stopDunning: 'hold',
            stopDunningReason: 'holdReason',
            disputed: 'contested',
            scenario: 'scenario',
          },
        },
        contact: { uid: 'api::person.person', fields: { name: 'fullName', emails: 'email' } },
      })
    ).toEqual([
      '[dunning] api::account.account (dunning.receivables.customer) does not map the optional fields favouriteContact: what needs them is off. To map one, name your attribute under dunning.receivables.customer.fields (the plugin README, "Your receivables model").',
      '[dunning] api::person.person (dunning.receivables.contact) does not map the optional fields reminderEmails, phone, customer: what needs them is off. To map one, name your attribute under dunning.receivables.contact.fields (the plugin README, "Your receivables model").',
    ]);
  });
});
