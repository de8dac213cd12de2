import crypto from 'node:crypto';

import type { Core } from '@strapi/strapi';

import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import {
  adminApi,
  adminToken,
  createEditor,
  createSuperAdmin,
  SUPER_ADMIN,
} from '../helpers/admin';
import { seedAcme } from '../helpers/ledger';
import { money, pdfText } from '../helpers/pdf';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

const eur = (amount: number) =>
  new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(amount);
const sha = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** A tiny but real PDF, for invoice attachments. */
const pdfBytes = (label: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${label}\ntrailer<</Root 1 0 R>>\n%%EOF\n`
  );

describe.each(DATABASES)('manual reminders on %s (SPEC F3, F1.3, F6.4)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  let api: ReturnType<typeof adminApi>;
  let ledger: Awaited<ReturnType<typeof seedAcme>>;
  let reminderTemplate: { documentId: string; subject: string; body: string };
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database,
      listen: true,
      env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Acme Billing <billing@ourco.test>' },
    });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    ledger = await seedAcme(strapi, today);

    const pdf = await strapi
      .plugin('dunning')
      .service('files')
      .store('F-001.pdf', pdfBytes('F-001'), 'application/pdf');
    await strapi
      .documents('api::invoice.invoice' as any)
      .update({ documentId: ledger.f1.documentId, data: { pdf: pdf.id } as any });

    const settings = await api('PUT', '/dunning/settings', {
      bccCopy: 'archive@ourco.test',
      company: {
        name: 'OurCo',
        address: '1 place Bellecour',
        email: 'billing@ourco.test',
        phone: '',
      },
    });
    expect(settings.status).toBe(200);
    const templates = await api('GET', '/dunning/templates?type=reminder&channel=email&locale=fr');
    reminderTemplate = templates.body.data.find(
      (t: any) => t.predefinedKey === 'reminder-1.email.fr'
    );
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  const reminderCount = () => strapi.documents('plugin::dunning.reminder' as any).count({});

  const emailPayload = (overrides: Record<string, unknown> = {}) => ({
    requestId: crypto.randomUUID(),
    customerDocumentId: ledger.customer.documentId,
    invoiceDocumentIds: [ledger.f1.documentId, ledger.f2.documentId],
    channel: 'email',
    type: 'reminder',
    templateDocumentId: reminderTemplate.documentId,
    recipients: ['camille@acme.test', 'accounts@acme.test'],
    cc: ['cfo@acme.test'],
    subject: 'Relance {{invoiceCount}} factures – {{totalAmount}}',
    body: reminderTemplate.body,
    attachInvoicePdfs: true,
    saveAddresses: false,
    countsInScenario: true,
    ...overrides,
  });

  const multipart = (
    payload: unknown,
    files: Array<{ name: string; bytes: Buffer<ArrayBuffer>; type?: string }> = []
  ) => {
    const form = new FormData();
    form.append('payload', JSON.stringify(payload));
    for (const file of files)
      form.append(
        'attachments',
        new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }),
        file.name
      );
    return form;
  };

  it('installs the predefined templates: 5 kinds × 3 channels × 2 languages, and the statement e-mail in both', async () => {
    const all = await api('GET', '/dunning/templates');
    const predefined = all.body.data.filter((t: any) => t.isPredefined);
    expect(predefined).toHaveLength(32);
    expect(reminderTemplate.body).toContain('{{invoicesTable}}');
  });

  it('pre-fills the pop-up with the F1.3 recipients, the amount and the BCC copy', async () => {
    const { status, body } = await api('POST', '/dunning/reminders/prepare', {
      customerDocumentId: ledger.customer.documentId,
      invoiceDocumentIds: [ledger.f1.documentId, ledger.f2.documentId],
    });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      recipients: ['camille@acme.test'],
      recipientSource: 'contact.emails',
      bccCopy: 'archive@ourco.test',
      amount: 1500,
      currency: 'EUR',
    });
  });

  it('sends one e-mail with 2 recipients, 1 CC, the BCC copy, 3 files and the invoice PDF', async () => {
    const files = [
      {
        name: 'statement.csv',
        bytes: Buffer.from('number;amount\nF-001;1200.50\n'),
        type: 'text/csv',
      },
      { name: 'photo.png', bytes: crypto.randomBytes(300_000), type: 'image/png' },
      { name: 'note.txt', bytes: Buffer.from('Merci de votre retour.\n'), type: 'text/plain' },
    ];
    const before = smtp.messages.length;
    const { status, body } = await api(
      'POST',
      '/dunning/reminders',
      multipart(emailPayload({ saveAddresses: true }), files)
    );
    expect(status).toBe(201);
    expect(body.data.reminder).toMatchObject({
      status: 'sent',
      channel: 'email',
      amount: 1500,
      recipients: ['camille@acme.test', 'accounts@acme.test'],
    });
    expect(body.data.reminder.serverResponse).toMatch(/^250/);

    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    expect(mail.envelope.to.sort()).toEqual([
      'accounts@acme.test',
      'archive@ourco.test',
      'camille@acme.test',
      'cfo@acme.test',
    ]);
    expect(mail.parsed.to).toMatchObject({
      value: [{ address: 'camille@acme.test' }, { address: 'accounts@acme.test' }],
    });
    expect(mail.parsed.cc).toMatchObject({ value: [{ address: 'cfo@acme.test' }] });
    expect(mail.parsed.headers.get('bcc')).toBeUndefined();
    expect(mail.parsed.subject).toBe(`Relance 2 factures – ${eur(1500)}`);
    expect(mail.parsed.messageId).toBe(body.data.reminder.messageId);
    expect(mail.parsed.html).toContain(eur(1200.5));
    expect(mail.parsed.html).toContain('F-002');
    expect(mail.parsed.text).toContain(`F-001 | Échéance`);

    // The uploads in any order (the multipart parser hands them over as they finish), then the invoice PDF; no statement unless asked.
    const attached = mail.parsed.attachments.map((a) => [a.filename, sha(a.content)]);
    expect(attached.slice(0, 3).sort()).toEqual(
      files.map((file) => [file.name, sha(file.bytes)]).sort()
    );
    expect(attached.slice(3)).toEqual([['F-001.pdf', sha(pdfBytes('F-001'))]]);

    // "use these addresses from now on" wrote them to the contact and the invoices.
    const contact = await strapi
      .documents('api::contact.contact' as any)
      .findOne({ documentId: ledger.contact.documentId });
    expect(contact?.reminderEmails).toBe('camille@acme.test, accounts@acme.test');
    const invoice = await strapi
      .documents('api::invoice.invoice' as any)
      .findOne({ documentId: ledger.f2.documentId });
    expect(invoice?.reminderEmails).toBe('camille@acme.test, accounts@acme.test');

    // The history shows it, and the cases moved one step.
    const statement = await api('GET', `/dunning/statement/${ledger.customer.documentId}`);
    expect(statement.body.data.reminders[0]).toMatchObject({
      status: 'sent',
      invoiceNumbers: ['F-001', 'F-002'],
    });
    const cases = await strapi
      .documents('plugin::dunning.case' as any)
      .findMany({ filters: { customerDocumentId: ledger.customer.documentId } });
    const stepOf = (invoice: { documentId: string }) =>
      cases.find((c: any) => c.invoiceDocumentId === invoice.documentId)?.nextStepIndex;
    expect([stepOf(ledger.f1), stepOf(ledger.f2), stepOf(ledger.f3)]).toEqual([1, 1, 0]);
  });

  it('sends a request id once, however many times it is posted', async () => {
    const payload = emailPayload({ attachInvoicePdfs: false });
    const before = smtp.messages.length;
    const first = await api('POST', '/dunning/reminders', multipart(payload));
    const again = await api('POST', '/dunning/reminders', multipart(payload));
    expect(again.body.data.reminder.documentId).toBe(first.body.data.reminder.documentId);
    await smtp.waitForMessages(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages.length).toBe(before + 1);
  });

  it("attaches the customer's statement of account, rendered at sending in the customer's language, when asked (F3.1)", async () => {
    const before = smtp.messages.length;
    const { status, body } = await api(
      'POST',
      '/dunning/reminders',
      multipart(
        emailPayload({
          invoiceDocumentIds: [ledger.f1.documentId],
          attachInvoicePdfs: false,
          attachStatement: true,
        })
      )
    );
    expect(status).toBe(201);
    expect(body.data.reminder.status).toBe('sent');
    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`statement-ACME-${today}.pdf`, 'application/pdf'],
    ]);
    // Every open invoice of the customer, not only the one reminded; the paid one and Globex's are not on it.
    const text = pdfText(mail.parsed.attachments[0].content);
    expect(text).toContain('Relevé de compte');
    expect(text).toMatch(/F-001[\s\S]*F-002[\s\S]*F-003/);
    expect(text).not.toMatch(/F-004|G-001/);
    expect(text).toContain(`Total EUR: ${money(6500, 'EUR', 'fr-FR')}`);
    const detail = await api('GET', `/dunning/reminders/${body.data.reminder.documentId}/detail`);
    expect(detail.body.data.attachments).toEqual([
      expect.objectContaining({
        filename: `statement-ACME-${today}.pdf`,
        contentType: 'application/pdf',
      }),
    ]);
  });

  describe('bad input: 400 naming the field, no reminder written, no mail', () => {
    const cases: Array<
      [
        string,
        () => Record<string, unknown>,
        string | RegExp,
        Array<{ name: string; bytes: Buffer<ArrayBuffer> }>?,
      ]
    > = [
      [
        'an invalid address',
        () => ({ recipients: ['not-an-address'] }),
        /^recipients\.0: is not a valid e-mail address/,
      ],
      [
        'CRLF in an address',
        () => ({ recipients: ['a@x.test\r\nBcc: evil@y.test'] }),
        /^recipients\.0: /,
      ],
      ['a comma smuggling a recipient', () => ({ cc: ['a@x.test,evil@y.test'] }), /^cc\.0: /],
      [
        'a semicolon smuggling a recipient',
        () => ({ recipients: ['a@x.test;evil@y.test'] }),
        /^recipients\.0: /,
      ],
      [
        'CRLF in the subject',
        () => ({ subject: 'Hello\r\nBcc: evil@y.test' }),
        /^subject: must be a single line/,
      ],
      [
        'an empty selection',
        () => ({ invoiceDocumentIds: [] }),
        /^invoiceDocumentIds: select at least one invoice/,
      ],
      ['the statement option as text', () => ({ attachStatement: 'yes' }), /^attachStatement: /],
      [
        'an invoice of another customer',
        () => ({ invoiceDocumentIds: [ledger.foreign.documentId] }),
        /^invoiceDocumentIds\.0: invoice G-001 belongs to another customer/,
      ],
      [
        'a paid invoice',
        () => ({ invoiceDocumentIds: [ledger.paid.documentId] }),
        /^invoiceDocumentIds\.0: invoice F-004 is paid/,
      ],
      [
        'an unknown template',
        () => ({ templateDocumentId: 'nope' }),
        /^templateDocumentId: template nope does not exist/,
      ],
      [
        'a template of the wrong type',
        () => ({ type: 'pre_due' }),
        /^templateDocumentId: is a reminder template, not pre_due/,
      ],
      [
        'an unknown placeholder in the body',
        () => ({ body: 'Bonjour\n{{customer.nmae}}' }),
        /^body: unknown placeholder "customer.nmae" \(line 2, column 3\)/,
      ],
      [
        '16 files',
        () => ({}),
        /^attachments: at most 15 files, got 16/,
        Array.from({ length: 16 }, (_, i) => ({
          name: `f${i}.txt`,
          bytes: Buffer.from('x'),
          type: 'text/plain',
        })),
      ],
      [
        '15 MB + 1 byte',
        () => ({}),
        /^attachments: at most 15728640 bytes \(15 MB\) in total, got 15728641/,
        [
          { name: 'a.pdf', bytes: Buffer.alloc(8 * 1024 * 1024), type: 'application/pdf' },
          { name: 'b.pdf', bytes: Buffer.alloc(7 * 1024 * 1024 + 1), type: 'application/pdf' },
        ],
      ],
    ];

    it.each(cases)('%s', async (_, overrides, message, files = []) => {
      const rows = await reminderCount();
      const mails = smtp.messages.length;
      const { status, body } = await api(
        'POST',
        '/dunning/reminders',
        multipart(emailPayload(overrides()), files)
      );
      expect(status).toBe(400);
      expect(body.error.message).toMatch(message);
      expect(await reminderCount()).toBe(rows);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(smtp.messages.length).toBe(mails);
    });
  });

  it('produces a letter as a PDF kept on the reminder', async () => {
    const letters = await api('GET', '/dunning/templates?type=reminder&channel=letter&locale=fr');
    const letter = letters.body.data.find((t: any) => t.predefinedKey === 'final-notice.letter.fr');
    const { status, body } = await api(
      'POST',
      '/dunning/reminders',
      multipart(
        emailPayload({
          channel: 'letter',
          templateDocumentId: letter.documentId,
          subject: letter.subject,
          body: letter.body,
          recipients: [],
          cc: [],
        })
      )
    );
    expect(status).toBe(201);
    expect(body.data.reminder).toMatchObject({ channel: 'letter', status: 'sent' });
    const pdf = await api('GET', body.data.reminder.documentUrl);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.body.length).toBeGreaterThan(1500);
  });

  it("logs a call whose promise sets the invoices' promised date", async () => {
    const promisedDate = '2030-01-15';
    const { status, body } = await api(
      'POST',
      '/dunning/reminders',
      multipart({
        ...emailPayload({ channel: 'phone', recipients: [], cc: [], subject: '', body: '' }),
        templateDocumentId: undefined,
        call: { outcome: 'promised', promisedDate, note: 'Will pay after the board meeting' },
      })
    );
    expect(status).toBe(201);
    expect(body.data.reminder).toMatchObject({
      channel: 'phone',
      status: 'sent',
      callOutcome: 'promised',
    });
    const invoice = await strapi
      .documents('api::invoice.invoice' as any)
      .findOne({ documentId: ledger.f1.documentId });
    expect(invoice?.promisedPaymentDate).toBe(promisedDate);
  });

  it('refuses templates that do not compile, with line and reason', async () => {
    const { status, body } = await api('POST', '/dunning/templates', {
      name: 'Broken',
      type: 'reminder',
      channel: 'email',
      locale: 'fr',
      subject: 'Hi',
      body: 'Line 1\n{{#if customer.name}}\nno end',
    });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^body: syntax error/);
    expect(body.error.details.errors[0].line).toBeGreaterThanOrEqual(2);
  });

  it('previews a template on the customer data', async () => {
    const { status, body } = await api('POST', '/dunning/templates/preview', {
      channel: 'email',
      subject: '{{customer.name}}: {{totalAmount}}',
      body: 'Bonjour\n\n{{invoicesTable}}',
      locale: 'fr',
      customerDocumentId: ledger.customer.documentId,
      invoiceDocumentIds: [ledger.f2.documentId],
    });
    expect(status).toBe(200);
    expect(body.data.subject).toBe(`Acme Industries: ${eur(299.5)}`);
    expect(body.data.html).toContain('F-002');
  });

  it("gives the pop-up the message as text for this customer, and sends the clerk's edit of it with the blocks live", async () => {
    const preview = await api('POST', '/dunning/templates/preview', {
      channel: 'email',
      subject: reminderTemplate.subject,
      body: reminderTemplate.body,
      locale: 'fr',
      customerDocumentId: ledger.customer.documentId,
      invoiceDocumentIds: [ledger.f1.documentId, ledger.f2.documentId],
    });
    expect(preview.status).toBe(200);
    const { editable } = preview.body.data;
    expect(editable.subject).toBe(preview.body.data.subject);
    expect(editable.body).not.toMatch(/\{\{(?!invoicesTable\}\}|accessInvoicesButton\}\})/);
    expect(editable.body).toContain(`d’un montant total de ${eur(1500)}`);
    expect(editable.body.match(/^\{\{invoicesTable\}\}$/m)).toHaveLength(1);
    expect(editable.body.match(/^\{\{accessInvoicesButton\}\}$/m)).toHaveLength(1);

    // The clerk changes a word and writes what looks like markup and a placeholder: words, sent as typed.
    const edited =
      editable.body.replace(/^Bonjour /m, 'Chère équipe Acme, ') +
      '\n\nP.S. <b>merci</b> & {{customer.name}}';
    expect(edited).not.toBe(editable.body);
    const before = smtp.messages.length;
    const { status, body } = await api(
      'POST',
      '/dunning/reminders',
      multipart(
        emailPayload({
          format: 'text',
          subject: `${editable.subject} (rappel)`,
          body: edited,
          attachInvoicePdfs: false,
        })
      )
    );
    expect(status).toBe(201);
    expect(body.data.reminder.status).toBe('sent');
    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    expect(mail.parsed.subject).toBe(`${editable.subject} (rappel)`);
    expect(mail.parsed.html).toContain('Chère équipe Acme');
    expect(mail.parsed.html).toContain('P.S. &lt;b&gt;merci&lt;/b&gt; &amp; {{customer.name}}');
    expect(mail.parsed.html).toMatch(/<table[^]*>F-001<\/td>[^]*>F-002<\/td>/);
    expect(mail.parsed.html).toMatch(/<a href="http[^"]+\/api\/dunning\/portal\/[^"]+"/);
    expect(mail.parsed.text).toContain('F-001 | Échéance');
    expect(mail.parsed.text).toContain('P.S. <b>merci</b> & {{customer.name}}');
  });

  it('refuses an admin without plugin::dunning.send (403) and writes nothing', async () => {
    const editor = await createEditor(strapi);
    const editorApi = adminApi(app.url, await adminToken(app.url, editor));
    const rows = await reminderCount();
    const { status } = await editorApi('POST', '/dunning/reminders', multipart(emailPayload()));
    expect(status).toBe(403);
    expect(await reminderCount()).toBe(rows);
  });
});
