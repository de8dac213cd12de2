import {
  mergeRecipients,
  resolveRecipients,
} from '../../src/plugins/dunning/server/src/domain/recipients';

const contact = { name: 'Camille Martin', emails: 'camille@acme.test', reminderEmails: null };

const favourite = {
  name: 'Louis Simon',
  emails: 'louis@acme.test',
  reminderEmails: 'ap@acme.test',
};

describe('resolveRecipients (SPEC F1.3)', () => {
  it('takes the invoice reminder e-mails first, several of them, without a display name', () => {
    const result = resolveRecipients({
      invoice: { reminderEmails: 'billing@acme.test, cfo@acme.test' },
      contact: { ...contact, reminderEmails: 'other@acme.test' },
      favouriteContact: favourite,
    });
    expect(result).toEqual({
      recipients: [{ address: 'billing@acme.test' }, { address: 'cfo@acme.test' }],
      source: 'invoice.reminderEmails',
      invalid: [],
    });
  });

  it("falls back to the contact's reminder e-mails, named after the contact", () => {
    const result = resolveRecipients({
      invoice: { reminderEmails: '' },
      contact: { ...contact, reminderEmails: 'compta@acme.test;camille@acme.test' },
      favouriteContact: favourite,
    });
    expect(result.source).toBe('contact.reminderEmails');
    expect(result.recipients).toEqual([
      { name: 'Camille Martin', address: 'compta@acme.test' },
      { name: 'Camille Martin', address: 'camille@acme.test' },
    ]);
  });

  it("falls back to the contact's e-mails when it has no reminder e-mails", () => {
    const result = resolveRecipients({ invoice: {}, contact, favouriteContact: favourite });
    expect(result.source).toBe('contact.emails');
    expect(result.recipients).toEqual([{ name: 'Camille Martin', address: 'camille@acme.test' }]);
  });

  it("falls back to the favourite contact's reminder e-mails, then its e-mails", () => {
    const noAddress = { name: 'Hugo', emails: null, reminderEmails: '  ' };
    expect(
      resolveRecipients({ invoice: {}, contact: noAddress, favouriteContact: favourite })
    ).toMatchObject({
      source: 'favouriteContact.reminderEmails',
      recipients: [{ name: 'Louis Simon', address: 'ap@acme.test' }],
    });
    expect(
      resolveRecipients({
        invoice: {},
        contact: noAddress,
        favouriteContact: { ...favourite, reminderEmails: null },
      })
    ).toMatchObject({
      source: 'favouriteContact.emails',
      recipients: [{ address: 'louis@acme.test' }],
    });
  });

  it('uses the favourite contact when the invoice has no contact', () => {
    expect(
      resolveRecipients({ invoice: {}, contact: null, favouriteContact: favourite }).source
    ).toBe('favouriteContact.reminderEmails');
  });

  it('gives no recipient and no source when nothing holds an address', () => {
    expect(
      resolveRecipients({
        invoice: { reminderEmails: null },
        contact: null,
        favouriteContact: null,
      })
    ).toEqual({
      recipients: [],
      source: null,
      invalid: [],
    });
  });

  it('skips a field that holds only invalid entries and reports them with their field', () => {
    const result = resolveRecipients({
      invoice: { reminderEmails: 'billing(at)acme.test' },
      contact: { ...contact, reminderEmails: 'compta at acme' },
      favouriteContact: favourite,
    });
    expect(result.source).toBe('contact.emails');
    expect(result.recipients).toEqual([{ name: 'Camille Martin', address: 'camille@acme.test' }]);
    expect(result.invalid).toEqual([
      { source: 'invoice.reminderEmails', address: 'billing(at)acme.test' },
      { source: 'contact.reminderEmails', address: 'compta at acme' },
    ]);
  });

  it('reads a stored line break as a separator, so an injected header is never an address', () => {
    const result = resolveRecipients({
      invoice: { reminderEmails: 'a@x.test\r\nBcc: evil@y.test' },
    });
    expect(result.recipients).toEqual([{ address: 'a@x.test' }]);
    expect(result.invalid).toEqual([
      { source: 'invoice.reminderEmails', address: 'Bcc: evil@y.test' },
    ]);
  });

  it('keeps valid addresses of a field that also holds invalid ones, and reports the rest', () => {
    const result = resolveRecipients({
      invoice: { reminderEmails: 'ok@acme.test, nope, OK@acme.test' },
      contact,
    });
    expect(result.recipients).toEqual([{ address: 'ok@acme.test' }]);
    expect(result.invalid).toEqual([{ source: 'invoice.reminderEmails', address: 'nope' }]);
  });

  it('never puts a line break of a contact name into the display name', () => {
    const result = resolveRecipients({
      invoice: {},
      contact: { name: 'Evil\r\nBcc: x@y.test', emails: 'e@acme.test' },
    });
    expect(result.recipients).toEqual([{ name: 'Evil Bcc: x@y.test', address: 'e@acme.test' }]);
  });
});

describe('recipients of a reminder covering several invoices (F1.3)', () => {
  it('keeps every address once, in invoice order, and the first source', () => {
    const merged = mergeRecipients([
      { recipients: [{ address: 'a@x.test' }], source: 'invoice.reminderEmails', invalid: [] },
      {
        recipients: [{ address: 'A@x.test' }, { address: 'b@x.test' }],
        source: 'contact.emails',
        invalid: [{ source: 'contact.emails', address: 'nope' }],
      },
    ]);
    expect(merged).toEqual({
      recipients: [{ address: 'a@x.test' }, { address: 'b@x.test' }],
      source: 'invoice.reminderEmails',
      invalid: [{ source: 'contact.emails', address: 'nope' }],
    });
  });
});
