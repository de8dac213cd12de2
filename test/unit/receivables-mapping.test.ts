import {
  DEFAULT_RECEIVABLES,
  resolveReceivables,
  unnamedOptionalFields,
} from '../../src/plugins/dunning/server/src/domain/receivables-mapping';

/** SPEC F1.2: which attribute of the team's models each field of the plugin reads. */
describe('resolveReceivables', () => {
  it('maps the reference types of src/api by the plugin’s names when nothing is configured', () => {
    expect(resolveReceivables({})).toEqual(DEFAULT_RECEIVABLES);
    expect(resolveReceivables(undefined)).toEqual(DEFAULT_RECEIVABLES);
  });

  it('keeps the plugin’s names under what the team renames on a reference type, its uid written or not', () => {
    for (const uid of [undefined, 'api::invoice.invoice']) {
      const { invoice } = resolveReceivables({
        invoice: { uid, fields: { dueDate: 'dueOn', pdf: null } },
      });
      expect(invoice.uid).toBe('api::invoice.invoice');
      expect(invoice.fields).toEqual({
        ...DEFAULT_RECEIVABLES.invoice.fields,
        dueDate: 'dueOn',
        pdf: null,
      });
    }
  });

  it('maps on a model of the team’s own only what the team names, and Strapi’s createdBy as the creator', () => {
    const { invoice, customer, contact } = resolveReceivables({
      invoice: {
        uid: 'api::bill.bill',
        fields: { number: 'ref', dueDate: 'dueOn', paymentUrl: 'payLink', pdf: null },
      },
    });
    expect(invoice).toEqual({
      uid: 'api::bill.bill',
      fields: {
        number: 'ref',
        customer: null,
        contact: null,
        issueDate: null,
        dueDate: 'dueOn',
        total: null,
        amountDue: null,
        currency: null,
        status: null,
        paidAt: null,
        pdf: null,
        disputed: null,
        promisedPaymentDate: null,
        reminderEmails: null,
        automaticReminders: null,
        creator: 'createdBy',
        paymentUrl: 'payLink',
      },
      statuses: DEFAULT_RECEIVABLES.invoice.statuses,
    });
    // The models left at their reference types keep their defaults.
    expect(customer).toEqual(DEFAULT_RECEIVABLES.customer);
    expect(contact).toEqual(DEFAULT_RECEIVABLES.contact);
  });

  it('lets a team unmap the creator of its own model', () => {
    expect(
      resolveReceivables({ invoice: { uid: 'api::bill.bill', fields: { creator: null } } }).invoice
        .fields.creator
    ).toBeNull();
  });

  it('takes a field written as undefined for one not named', () => {
    expect(resolveReceivables({ invoice: { fields: { pdf: undefined } } }).invoice.fields.pdf).toBe(
      'pdf'
    );
    expect(
      resolveReceivables({
        contact: { uid: 'api::person.person', fields: { name: 'fullName', emails: undefined } },
      }).contact.fields.emails
    ).toBeNull();
  });

  it('merges the statuses the team gives over the reference values', () => {
    expect(
      resolveReceivables({
        invoice: { uid: 'api::bill.bill', statuses: { open: ['issued', 'late'] } },
      }).invoice.statuses
    ).toEqual({
      draft: ['draft'],
      open: ['issued', 'late'],
      paid: ['paid'],
      cancelled: ['cancelled'],
    });
  });
});

describe('unnamedOptionalFields', () => {
  it('lists nothing for the reference types', () => {
    expect(unnamedOptionalFields({})).toEqual([]);
    expect(
      unnamedOptionalFields({
        customer: { uid: 'api::customer.customer', fields: { name: 'companyName' } },
      })
    ).toEqual([]);
  });

  it('lists, per model of the team’s own, the optional fields it leaves unnamed: not those named null, not the required ones, not the creator', () => {
    expect(
      unnamedOptionalFields({
        invoice: {
          uid: 'api::bill.bill',
          fields: {
            number: 'ref',
            pdf: null,
            paymentUrl: 'payLink',
            contact: 'person',
            issueDate: 'issuedOn',
            total: 'gross',
            paidAt: null,
          },
        },
        contact: {
          uid: 'api::person.person',
          fields: {
            name: 'fullName',
            emails: 'email',
            reminderEmails: null,
            phone: 'tel',
            customer: 'account',
          },
        },
      })
    ).toEqual([
      {
        model: 'invoice',
        uid: 'api::bill.bill',
        fields: ['disputed', 'promisedPaymentDate', 'reminderEmails', 'automaticReminders'],
      },
    ]);
  });
});
