import type { Core } from '@strapi/strapi';

import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { recipientsOfInvoice } from '../../src/plugins/dunning/server/src/domain/recipients';
import type { ReminderRecord } from '../../src/plugins/dunning/server/src/domain/records';
import {
  updateEach,
  updateEachAtOnce,
} from '../../src/plugins/dunning/server/src/repositories/sql/bulk';
import { documentsOf } from '../../src/plugins/dunning/server/src/repositories/sql/typed-strapi';
import { adminToken, createEditor, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { seedAcme } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * The plugin on a booted app, per database: its tables (the unique index on the
 * idempotency key), its bulk writes (updateEach, updateEachAtOnce) and its invoice read
 * (statements counted); one mail sent through the mailer to a real SMTP server, a
 * header-smuggling recipient refused; the admin API's token and RBAC permissions.
 */
describe.each(DATABASES)('storage, mail and access on %s', (database) => {
  let app: TestApp;
  let smtp: SmtpCatcher;
  let strapi: Core.Strapi;
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database,
      listen: true,
      env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Acme Billing <billing@acme.test>' },
    });
    strapi = app.strapi;
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  const documents = (uid: string) => strapi.documents(uid as any);

  it('creates the plugin content types with a database unique index on the idempotency key', async () => {
    const reminder = (idempotencyKey: string) =>
      documents('plugin::dunning.reminder').create({
        data: {
          idempotencyKey,
          customerDocumentId: 'c1',
          invoices: [],
          amount: 10,
          currency: 'EUR',
          status: 'planned',
          trigger: 'automatic',
        },
      });
    await reminder('case-1:step-0');
    // Matched on the message: the driver's error class may come from another Jest realm.
    const duplicate = expect.stringMatching(/unique|duplicate/i);
    await expect(reminder('case-1:step-0')).rejects.toHaveProperty('message', duplicate);
    expect(
      await documents('plugin::dunning.reminder').count({
        filters: { idempotencyKey: 'case-1:step-0' },
      })
    ).toBe(1);

    // The index is in the database itself, not only a Strapi validation.
    const knex = strapi.db.connection;
    const insertRaw = () =>
      knex('dunning_reminders').insert({
        document_id: `raw${Date.now()}${Math.random()}`.replace('.', ''),
        idempotency_key: 'case-1:step-0',
        customer_document_id: 'c1',
        invoices: '[]',
        amount: 10,
        currency: 'EUR',
        status: 'planned',
        trigger: 'automatic',
        type: 'reminder',
        channel: 'email',
      });
    await expect(insertRaw()).rejects.toHaveProperty('message', duplicate);
  });

  it('writes rows each with its own values in one statement per set of attributes, as the query engine would (updateEach)', async () => {
    const uid = 'plugin::dunning.reminder';
    const create = (idempotencyKey: string, status: string) =>
      documentsOf<ReminderRecord>(strapi, uid).create({
        data: {
          idempotencyKey,
          customerDocumentId: 'c-each',
          invoices: [],
          amount: 0,
          currency: 'EUR',
          status,
          trigger: 'manual',
        } as any,
      });
    const [a, b, c, other] = await Promise.all([
      create('each-a', 'sending'),
      create('each-b', 'sending'),
      create('each-c', 'sending'),
      create('each-d', 'queued'),
    ]);
    const sentAt = new Date('2026-03-04T05:06:07.089Z');
    const knex = strapi.db.connection;
    const queries: string[] = [];
    const count = (query: { sql: string }) => queries.push(query.sql);
    knex.on('query', count);
    const updated = await updateEach(
      strapi,
      knex,
      uid,
      [
        {
          id: a.id,
          data: {
            status: 'sent',
            sentAt,
            timeline: [{ status: 'sent', at: sentAt.toISOString() }],
            amount: 12.5,
            invoiceCount: 2,
            attachInvoicePdfs: true,
          },
        },
        {
          id: b.id,
          data: {
            status: 'failed',
            sentAt: null,
            timeline: [],
            amount: 0.1,
            invoiceCount: 0,
            attachInvoicePdfs: false,
          },
        },
        { id: c.id, data: { subject: 'Only the subject' } },
        { id: other.id, data: { subject: 'Not sending: left alone' } },
      ],
      { status: 'sending' }
    );
    knex.off('query', count);

    expect(updated).toEqual(new Set([a.id, b.id, c.id]));
    expect(queries.filter((sql) => /^update/i.test(sql))).toHaveLength(2);
    const read = (documentId: string) =>
      strapi.db.query(uid as any).findOne({ where: { documentId } }) as Promise<any>;
    expect(await read(a.documentId)).toMatchObject({
      status: 'sent',
      sentAt: sentAt.toISOString(),
      timeline: [{ status: 'sent', at: sentAt.toISOString() }],
      invoiceCount: 2,
      attachInvoicePdfs: true,
    });
    expect(Number((await read(a.documentId)).amount)).toBe(12.5);
    expect(await read(b.documentId)).toMatchObject({
      status: 'failed',
      sentAt: null,
      timeline: [],
      invoiceCount: 0,
      attachInvoicePdfs: false,
    });
    expect(await read(c.documentId)).toMatchObject({
      status: 'sending',
      subject: 'Only the subject',
    });
    expect(await read(other.documentId)).toMatchObject({ status: 'queued', subject: null });
    await expect(
      updateEach(strapi, knex, uid, [{ id: a.id, data: { notAnAttribute: 1 } }])
    ).rejects.toThrow('plugin::dunning.reminder.notAnAttribute is not a column');
  });

  it('writes several sets of rows at once, all or nothing: one statement on PostgreSQL (updateEachAtOnce)', async () => {
    const uid = 'plugin::dunning.reminder';
    const create = (idempotencyKey: string, status: string, claimedBy: string | null = null) =>
      documentsOf<ReminderRecord>(strapi, uid).create({
        data: {
          idempotencyKey,
          customerDocumentId: 'c-once',
          invoices: [],
          amount: 0,
          currency: 'EUR',
          status,
          trigger: 'manual',
          claimedBy,
        } as any,
      });
    const [done, mine, theirs] = await Promise.all([
      create('once-a', 'sending', 'me'),
      create('once-b', 'sending', 'me'),
      create('once-c', 'sending', 'someone else'),
    ]);
    const knex = strapi.db.connection;
    const queries: string[] = [];
    const count = (query: { sql: string }) => queries.push(query.sql);
    const read = (documentId: string) =>
      strapi.db.query(uid as any).findOne({ where: { documentId } }) as Promise<any>;
    knex.on('query', count);
    const updated = await updateEachAtOnce(strapi, [
      {
        uid,
        rows: [
          {
            id: done.id,
            data: {
              status: 'sent',
              timeline: [{ status: 'sent', at: '2026-03-04T05:06:07.089Z' }],
            },
          },
        ],
      },
      {
        uid,
        rows: [mine, theirs].map(({ id }) => ({ id, data: { subject: 'On the record' } })),
        where: { status: 'sending', claimedBy: 'me' },
      },
    ]);
    knex.off('query', count);

    expect(updated).toEqual([new Set([done.id]), new Set([mine.id])]);
    if (database === 'postgres') expect(queries).toHaveLength(1);
    expect(await read(done.documentId)).toMatchObject({
      status: 'sent',
      timeline: [{ status: 'sent' }],
    });
    expect(await read(mine.documentId)).toMatchObject({ subject: 'On the record' });
    expect(await read(theirs.documentId)).toMatchObject({ subject: null });
    // A value the database refuses in the second set (another reminder's key): the first is not written either.
    await expect(
      updateEachAtOnce(strapi, [
        { uid, rows: [{ id: mine.id, data: { subject: 'Never written' } }] },
        { uid, rows: [{ id: done.id, data: { idempotencyKey: 'once-c' } }] },
      ])
    ).rejects.toHaveProperty('message', expect.stringMatching(/unique|duplicate/i));
    expect(await read(mine.documentId)).toMatchObject({ subject: 'On the record' });
  });

  it('resolves recipients and sends one mail through the mailer to a real SMTP server', async () => {
    const { f1: first } = await seedAcme(strapi, today);
    const receivables = strapi.plugin('dunning').service('receivables');
    const [invoice] = await receivables.findInvoices([first.documentId]);
    expect(invoice).toMatchObject({
      number: 'F-001',
      amountDue: 1200.5,
      status: 'open',
      currency: 'EUR',
    });
    expect(invoice.customer).toMatchObject({ name: 'Acme Industries', locale: 'fr-FR' });

    const { recipients, source } = recipientsOfInvoice(invoice);
    expect(source).toBe('contact.emails');
    expect(recipients).toEqual([{ name: 'Camille Martin', address: 'camille@acme.test' }]);

    const sent = await strapi
      .plugin('dunning')
      .service('mailer')
      .send({
        to: recipients,
        subject: 'Facture F-001 : relance',
        text: 'Bonjour, la facture F-001 de 1 200,50 € est échue.',
        html: '<p>Bonjour, la facture F-001 de 1 200,50 € est échue.</p>',
        messageId: `reminder-test-${database}@acme.test`,
      });
    expect(sent.messageId).toBe(`<reminder-test-${database}@acme.test>`);
    expect(sent.response).toMatch(/^250/);
    expect(sent.accepted).toEqual(['camille@acme.test']);

    const [mail] = await smtp.waitForMessages(1);
    expect(mail.envelope).toEqual({ from: 'billing@acme.test', to: ['camille@acme.test'] });
    expect(mail.parsed.to).toMatchObject({
      value: [{ name: 'Camille Martin', address: 'camille@acme.test' }],
    });
    expect(mail.parsed.from).toMatchObject({
      value: [{ name: 'Acme Billing', address: 'billing@acme.test' }],
    });
    expect(mail.parsed.subject).toBe('Facture F-001 : relance');
    expect(mail.parsed.text?.trim()).toBe('Bonjour, la facture F-001 de 1 200,50 € est échue.');
    expect(mail.parsed.messageId).toBe(`<reminder-test-${database}@acme.test>`);
  });

  it('refuses a recipient that smuggles a header, and sends nothing', async () => {
    const before = smtp.messages.length;
    await expect(
      strapi
        .plugin('dunning')
        .service('mailer')
        .send({
          to: [{ address: 'a@x.test\r\nBcc: evil@y.test' }],
          subject: 'Hello',
          text: 'x',
          html: '<p>x</p>',
          messageId: 'smuggle@acme.test',
        })
    ).rejects.toThrow('to[0]: "a@x.test\r\nBcc: evil@y.test" is not a valid e-mail address');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages.length).toBe(before);
  });

  it('serves the overdue figures of the home page to an admin holding plugin::dunning.read', async () => {
    await createSuperAdmin(strapi);
    const token = await adminToken(app.url, SUPER_ADMIN);
    const response = await fetch(`${app.url}/dunning/overview`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as any;
    // From the previous test: F-001 (1200.50, 40 days late), F-002 (299.50, 3 days) and
    // Globex's G-001 (80, 10 days) are overdue; F-003 (5000) is not due, F-004 is paid.
    // (What is to remind now is the batch view's sum: test/integration/batches.test.ts.)
    expect(data).toMatchObject({
      today,
      overdue: {
        invoices: 3,
        customers: 2,
        byCurrency: [{ currency: 'EUR', amount: 1580, invoices: 3 }],
      },
      aging: [
        { bucket: 'not_due', currency: 'EUR', invoices: 1, amount: 5000 },
        { bucket: '1_30', currency: 'EUR', invoices: 2, amount: 379.5 },
        { bucket: '31_60', currency: 'EUR', invoices: 1, amount: 1200.5 },
      ],
    });
  });

  it('refuses the admin API without a token (401) and without the read permission (403)', async () => {
    expect((await fetch(`${app.url}/dunning/overview`)).status).toBe(401);
    const editor = await createEditor(strapi);
    const token = await adminToken(app.url, editor);
    const response = await fetch(`${app.url}/dunning/overview`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
  });

  it('registers the RBAC actions read, send and configure', async () => {
    const actions = strapi
      .service('admin::permission')
      .actionProvider.values()
      .map((action: any) => action.actionId);
    expect(actions).toEqual(
      expect.arrayContaining([
        'plugin::dunning.read',
        'plugin::dunning.send',
        'plugin::dunning.configure',
      ])
    );
  });

  it('reads an invoice with its customer, contacts, scenario, PDF and creator in one statement (and its pause and owner in a second)', async () => {
    const scenario = await strapi.db
      .query('plugin::dunning.scenario' as any)
      .findOne({ where: { isDefault: true } });
    const creator = await createSuperAdmin(strapi);
    const customer = await documents('api::customer.customer').create({
      data: {
        name: 'Initech',
        reference: 'INI',
        segment: 'enterprise',
        locale: 'en-GB',
        timezone: 'Europe/London',
        address: '1 Main St',
        phone: '+44 1',
        stopDunning: true,
        stopDunningReason: 'legal',
        disputed: true,
        scenario: scenario.documentId,
      } as any,
    });
    const favourite = await documents('api::contact.contact').create({
      data: {
        name: 'Peter Gibbons',
        emails: 'peter@initech.test',
        reminderEmails: 'ar@initech.test',
        phone: '+44 2',
        customer: customer.documentId,
      } as any,
    });
    const contact = await documents('api::contact.contact').create({
      data: {
        name: 'Bill Lumbergh',
        emails: 'bill@initech.test',
        customer: customer.documentId,
      } as any,
    });
    await documents('api::customer.customer').update({
      documentId: customer.documentId,
      data: { favouriteContact: favourite.documentId } as any,
    });
    const pdf = await strapi
      .plugin('dunning')
      .service('files')
      .store('I-001.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    const paidAt = '2026-02-03T04:05:06.000Z';
    const invoice = await documents('api::invoice.invoice').create({
      data: {
        number: 'I-001',
        customer: customer.documentId,
        contact: contact.documentId,
        issueDate: '2026-01-01',
        dueDate: '2026-01-31',
        total: 240,
        amountDue: 120.25,
        currency: 'GBP',
        status: 'open',
        paidAt,
        pdf: pdf.id,
        disputed: true,
        promisedPaymentDate: '2026-02-15',
        reminderEmails: 'pay@initech.test',
        automaticReminders: false,
      } as any,
    });
    await strapi.db
      .connection('invoices')
      .where('document_id', invoice.documentId)
      .update({ created_by_id: creator.id });
    const bare = await documents('api::invoice.invoice').create({
      data: {
        number: 'I-002',
        customer: customer.documentId,
        issueDate: '2025-12-20',
        dueDate: '2026-01-20',
        total: 5,
        amountDue: 5,
        currency: 'GBP',
        status: 'open',
      } as any,
    });

    const knex = strapi.db.connection;
    const queries: string[] = [];
    const count = (query: { sql: string }) => queries.push(query.sql);
    knex.on('query', count);
    const read = await strapi
      .plugin('dunning')
      .service('receivables')
      .findInvoices([invoice.documentId, bare.documentId]);
    knex.off('query', count);

    // One statement: the mapped types, with what the plugin keeps about their customers (a pause, an owner) left-joined.
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/ left join .dunning_customer_settings. /);
    const people = {
      favourite: {
        documentId: favourite.documentId,
        name: 'Peter Gibbons',
        emails: 'peter@initech.test',
        reminderEmails: 'ar@initech.test',
        phone: '+44 2',
      },
      contact: {
        documentId: contact.documentId,
        name: 'Bill Lumbergh',
        emails: 'bill@initech.test',
        reminderEmails: null,
        phone: null,
      },
    };
    const initech = {
      documentId: customer.documentId,
      name: 'Initech',
      reference: 'INI',
      segment: 'enterprise',
      locale: 'en-GB',
      timezone: 'Europe/London',
      address: '1 Main St',
      phone: '+44 1',
      stopDunning: true,
      stopDunningReason: 'legal',
      pausedUntil: null,
      pauseReason: null,
      ownerId: null,
      disputed: true,
      scenarioDocumentId: scenario.documentId,
      favouriteContact: people.favourite,
    };
    // Oldest due date first.
    expect(read).toEqual([
      {
        documentId: bare.documentId,
        number: 'I-002',
        issueDate: '2025-12-20',
        dueDate: '2026-01-20',
        total: 5,
        amountDue: 5,
        currency: 'GBP',
        status: 'open',
        paidAt: null,
        disputed: false,
        promisedPaymentDate: null,
        reminderEmails: null,
        automaticReminders: false,
        pdf: null,
        creatorId: null,
        paymentUrl: null,
        customer: initech,
        contact: null,
      },
      {
        documentId: invoice.documentId,
        number: 'I-001',
        issueDate: '2026-01-01',
        dueDate: '2026-01-31',
        total: 240,
        amountDue: 120.25,
        currency: 'GBP',
        status: 'open',
        paidAt,
        disputed: true,
        promisedPaymentDate: '2026-02-15',
        reminderEmails: 'pay@initech.test',
        automaticReminders: false,
        pdf: { id: pdf.id, name: 'I-001.pdf', url: pdf.url, mime: 'application/pdf' },
        creatorId: creator.id,
        paymentUrl: null,
        customer: initech,
        contact: people.contact,
      },
    ]);
    const receivables = strapi.plugin('dunning').service('receivables');
    expect(
      (await receivables.openInvoicesOfCustomer(customer.documentId)).map(
        (open: { number: string }) => open.number
      )
    ).toEqual(['I-002', 'I-001']);
    expect(
      await receivables.openInvoiceOfCustomer(customer.documentId, invoice.documentId)
    ).toEqual(read[1]);
    expect(
      await receivables.openInvoiceOfCustomer('another-customer', invoice.documentId)
    ).toBeNull();
  });
});
