import type { Core } from '@strapi/strapi';

import {
  adminApi,
  adminToken,
  createEditor,
  createSuperAdmin,
  SUPER_ADMIN,
} from '../helpers/admin';
import { recordReminder } from '../helpers/engine';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/** SPEC F6.1 (activities), F6.2 (history on records): on a seeded history of 10,000 reminders. */

const STATUSES = [
  'planned',
  'queued',
  'sending',
  'sent',
  'delivered',
  'opened',
  'failed',
  'bounced',
  'not_sent',
  'skipped',
  'uncertain',
  'cancelled',
];
const CHANNELS = ['email', 'letter', 'phone', 'other'];
const TYPES = ['pre_due', 'reminder', 'thank_you'];
const TRIGGERS = ['manual', 'batch', 'automatic'];
const CUSTOMERS = Array.from({ length: 40 }, (_, i) => ({
  documentId: `customer-${i}`,
  name: i === 3 ? '100% Bio' : i === 4 ? '100 Pour Cent' : `Client ${String(i).padStart(2, '0')}`,
}));
const N = 10_000;
const BASE = Date.UTC(2026, 0, 1);

type Seeded = {
  id: number;
  documentId: string;
  status: string;
  channel: string;
  type: string;
  trigger: string;
  customerDocumentId: string;
  customerName: string | null;
  createdAt: number;
  sentAt: number | null;
  amount: number;
  subject: string;
  senderId: number | null;
};

/** The seeded history, generated without the plugin: every expectation below is computed from it. */
const generate = (senders: [number, number]) =>
  Array.from({ length: N }, (_, i) => {
    const customer = CUSTOMERS[(i * 13) % CUSTOMERS.length];
    const createdAt = BASE + Math.floor(i / 2) * 3_600_000; // pairs share a creation time: the id breaks ties
    return {
      id: 0,
      documentId: `seed-${i}`,
      status: STATUSES[i % STATUSES.length],
      channel: CHANNELS[Math.floor(i / 12) % CHANNELS.length],
      type: TYPES[Math.floor(i / 48) % TYPES.length],
      trigger: TRIGGERS[(i * 7) % TRIGGERS.length],
      customerDocumentId: customer.documentId,
      customerName: i % 250 === 0 ? null : customer.name,
      createdAt,
      sentAt: i % 5 === 0 ? null : createdAt + (i % 7) * 60_000,
      amount: ((i * 7919) % 50_000) / 100,
      subject: i % 97 === 0 ? `URGENT relance ${i}` : `Relance ${i}`,
      senderId: i % 3 === 0 ? null : senders[i % 3 === 1 ? 0 : 1],
    } satisfies Seeded;
  });

/** Sorts as the API promises: by the field, no value lowest, ties by id, all in the chosen direction. */
const sortRows = (rows: Seeded[], field: keyof Seeded, order: 'asc' | 'desc') => {
  const value = (row: Seeded) => row[field];
  const sorted = [...rows].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x !== y) {
      if (x === null) return -1;
      if (y === null) return 1;
      return x < y ? -1 : 1;
    }
    return a.id - b.id;
  });
  return order === 'asc' ? sorted : sorted.reverse();
};

describe.each(DATABASES)('activities and history on %s (SPEC F6.1, F6.2)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let api: ReturnType<typeof adminApi>;
  let editorApi: ReturnType<typeof adminApi>;
  let rows: Seeded[];
  let rootId: number;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database,
      listen: true,
      env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' },
    });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    const editor = await createEditor(strapi);
    editorApi = adminApi(app.url, await adminToken(app.url, editor));
    const users = await strapi.db.query('admin::user').findMany({ orderBy: { id: 'asc' } });
    rootId = users[0].id;
    rows = generate([users[0].id, users[1].id]);

    // One bulk insert (in chunks the drivers accept), as the benchmarks seed a million.
    const knex = strapi.db.connection;
    const json = (value: unknown) => JSON.stringify(value);
    await knex.batchInsert(
      'dunning_reminders',
      rows.map((row, i) => ({
        document_id: row.documentId,
        type: row.type,
        channel: row.channel,
        status: row.status,
        trigger: row.trigger,
        customer_document_id: row.customerDocumentId,
        customer_name: row.customerName,
        invoices: json([
          {
            documentId: `invoice-${i % 3000}`,
            number: `F-${i % 3000}`,
            dueDate: '2025-12-01',
            amountDue: row.amount,
            currency: 'EUR',
          },
        ]),
        amount: row.amount,
        currency: 'EUR',
        recipients: json([{ address: `ap${i % 40}@example.test` }]),
        subject: row.subject,
        idempotency_key: `seed:${i}`,
        attempts: 1,
        timeline: json([{ status: row.status, at: new Date(row.createdAt).toISOString() }]),
        sent_at: row.sentAt === null ? null : new Date(row.sentAt),
        created_at: new Date(row.createdAt),
        updated_at: new Date(row.createdAt),
        published_at: new Date(row.createdAt),
      })) as any[],
      500
    );
    const ids: Array<{ id: number; document_id: string }> = await knex('dunning_reminders').select(
      'id',
      'document_id'
    );
    const idOf = new Map(ids.map((row) => [row.document_id, Number(row.id)]));
    for (const row of rows) row.id = idOf.get(row.documentId)!;
    await knex.batchInsert(
      'dunning_reminders_sender_lnk',
      rows
        .filter((row) => row.senderId !== null)
        .map((row) => ({ reminder_id: row.id, user_id: row.senderId })) as any[],
      500
    );
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  const list = async (query: Record<string, string | number>) => {
    const { status, body } = await api(
      'GET',
      `/dunning/reminders?${new URLSearchParams(query as Record<string, string>)}`
    );
    expect(status).toBe(200);
    return body as {
      data: Array<{ documentId: string }>;
      meta: {
        pagination: {
          page: number;
          pageSize: number;
          pageCount: number;
          total: number;
          capped: boolean;
        };
      };
    };
  };
  const documentIds = (items: Array<{ documentId: string }>) =>
    items.map((item) => item.documentId);

  it('lists the latest first, 20 a page, with the total counted in the database', async () => {
    const body = await list({});
    expect(documentIds(body.data)).toEqual(
      sortRows(rows, 'createdAt', 'desc')
        .slice(0, 20)
        .map((row) => row.documentId)
    );
    expect(body.meta.pagination).toEqual({
      page: 1,
      pageSize: 20,
      pageCount: 500,
      total: N,
      capped: false,
    });
  });

  it.each([
    ['createdAt', 'asc'],
    ['sentAt', 'desc'],
    ['sentAt', 'asc'],
    ['amount', 'asc'],
    ['amount', 'desc'],
    ['customerName', 'asc'],
    ['customerName', 'desc'],
    ['status', 'asc'],
  ] as const)('sorts by %s %s, on the first and on a deep page', async (sort, order) => {
    const expected = sortRows(rows, sort, order).map((row) => row.documentId);
    expect(documentIds((await list({ sort, order, pageSize: 100 })).data)).toEqual(
      expected.slice(0, 100)
    );
    expect(documentIds((await list({ sort, order, pageSize: 50, page: 137 })).data)).toEqual(
      expected.slice(6800, 6850)
    );
  });

  it('filters by several statuses and a channel', async () => {
    const matching = rows.filter(
      (row) => ['failed', 'uncertain'].includes(row.status) && row.channel === 'email'
    );
    const body = await list({
      status: 'failed,uncertain',
      channel: 'email',
      pageSize: 100,
      page: 2,
    });
    expect(body.meta.pagination.total).toBe(matching.length);
    expect(documentIds(body.data)).toEqual(
      sortRows(matching, 'createdAt', 'desc')
        .slice(100, 200)
        .map((row) => row.documentId)
    );
  });

  it('filters by type, trigger, customer and sender together', async () => {
    const matching = rows.filter(
      (row) =>
        row.type === 'reminder' &&
        row.trigger === 'batch' &&
        row.customerDocumentId === 'customer-7' &&
        row.senderId === rootId
    );
    expect(matching.length).toBeGreaterThan(3);
    const body = await list({
      type: 'reminder',
      trigger: 'batch',
      customer: 'customer-7',
      sender: rootId,
      sort: 'amount',
      order: 'desc',
      pageSize: 100,
    });
    expect(documentIds(body.data)).toEqual(
      sortRows(matching, 'amount', 'desc').map((row) => row.documentId)
    );
    expect(body.meta.pagination.total).toBe(matching.length);
  });

  it('filters by creation dates, whole days in the business time zone (Europe/Paris)', async () => {
    const from = Date.parse('2026-02-01T00:00:00+01:00');
    const before = Date.parse('2026-02-11T00:00:00+01:00');
    const matching = rows.filter((row) => row.createdAt >= from && row.createdAt < before);
    const body = await list({
      from: '2026-02-01',
      to: '2026-02-10',
      pageSize: 100,
      sort: 'createdAt',
      order: 'asc',
    });
    expect(body.meta.pagination.total).toBe(matching.length);
    expect(documentIds(body.data)).toEqual(
      sortRows(matching, 'createdAt', 'asc')
        .slice(0, 100)
        .map((row) => row.documentId)
    );
  });

  it('searches customer names and subjects, case-insensitively, % taken literally', async () => {
    const urgent = rows.filter((row) => row.subject.toLowerCase().includes('urgent'));
    const body = await list({ search: 'Urgent', pageSize: 100, page: 2 });
    expect(body.meta.pagination.total).toBe(urgent.length);
    expect(documentIds(body.data)).toEqual(
      sortRows(urgent, 'createdAt', 'desc')
        .slice(100)
        .map((row) => row.documentId)
    );

    const bio = rows.filter((row) => row.customerName === '100% Bio');
    const percent = await list({ search: '100%', pageSize: 100, sort: 'amount', order: 'asc' });
    expect(percent.meta.pagination.total).toBe(bio.length);
    expect(documentIds(percent.data)).toEqual(
      sortRows(bio, 'amount', 'asc')
        .slice(0, 100)
        .map((row) => row.documentId)
    );
  });

  it.each([
    ['pageSize=101', /^pageSize: /],
    ['status=sent,lost', /^status\.1: /],
    ['sort=subject', /^sort: /],
    ['from=2026-13-45', /^from: must be a date/],
    ['from=2026-03-01&to=2026-02-01', /^to: must not be before from/],
    ['colour=red', /^colour: is not a supported field/],
  ])('refuses %s with a 400 naming the field', async (query, message) => {
    const { status, body } = await api('GET', `/dunning/reminders?${query}`);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(message);
  });

  describe('one reminder: detail, cancel, resend, history', () => {
    const create = (
      key: string,
      status: string,
      invoices: string[],
      extra: Record<string, unknown> = {}
    ) =>
      recordReminder(
        strapi,
        {
          type: 'reminder',
          channel: 'email',
          trigger: 'manual',
          customerDocumentId: 'customer-history',
          customerName: 'Initech',
          invoices: invoices.map((documentId) => ({
            documentId,
            number: documentId.toUpperCase(),
            dueDate: '2026-01-10',
            amountDue: 100,
            currency: 'EUR',
          })),
          amount: 100 * invoices.length,
          currency: 'EUR',
          idempotencyKey: key,
          attempts: 0,
          ...extra,
        },
        status,
        new Date()
      );

    it('shows everything in the detail: rendered message, attachments, server answer, timeline', async () => {
      const reminder = await create('detail', 'failed', ['inv-a'], {
        subject: 'Relance facture INV-A',
        body: '<p>Bonjour,</p><p>Merci de régler INV-A.</p>',
        recipients: [{ address: 'ap@initech.test', name: 'Accounts' }],
        cc: [{ address: 'cfo@initech.test' }],
        attachments: [{ filename: 'INV-A.pdf', size: 1234, contentType: 'application/pdf' }],
        serverResponse: '550 5.1.1 mailbox unavailable',
        error: 'Message failed: 550 5.1.1 mailbox unavailable',
        attempts: 1,
        level: 'Reminder 1',
      });
      const { status, body } = await api('GET', `/dunning/reminders/${reminder.documentId}/detail`);
      expect(status).toBe(200);
      expect(body.data).toMatchObject({
        documentId: reminder.documentId,
        status: 'failed',
        subject: 'Relance facture INV-A',
        body: '<p>Bonjour,</p><p>Merci de régler INV-A.</p>',
        recipients: ['ap@initech.test'],
        cc: [{ address: 'cfo@initech.test' }],
        attachments: [{ filename: 'INV-A.pdf', size: 1234, contentType: 'application/pdf' }],
        serverResponse: '550 5.1.1 mailbox unavailable',
        invoices: [{ documentId: 'inv-a', number: 'INV-A' }],
        level: 'Reminder 1',
        timeline: [{ status: 'failed' }],
      });
      expect((await api('GET', '/dunning/reminders/nope/detail')).status).toBe(404);
    });

    it('cancels a planned or queued reminder once, with a timeline entry; 400 otherwise', async () => {
      const queued = await create('cancel-queued', 'queued', ['inv-b']);
      const { status, body } = await api('POST', `/dunning/reminders/${queued.documentId}/cancel`);
      expect(status).toBe(200);
      expect(body.data.status).toBe('cancelled');
      expect(body.data.timeline.map((entry: any) => entry.status)).toEqual(['queued', 'cancelled']);
      expect(body.data.timeline[1].note).toBe('cancelled by Demo Admin');

      const again = await api('POST', `/dunning/reminders/${queued.documentId}/cancel`);
      expect(again.status).toBe(400);
      expect(again.body.error.message).toBe(
        'status: a cancelled reminder cannot be cancelled (only planned, queued)'
      );

      const sent = await create('cancel-sent', 'sent', ['inv-b']);
      expect((await api('POST', `/dunning/reminders/${sent.documentId}/cancel`)).status).toBe(400);
      expect(
        (
          await strapi
            .documents('plugin::dunning.reminder' as any)
            .findOne({ documentId: sent.documentId })
        )?.status
      ).toBe('sent');
      expect(
        (
          await api(
            'POST',
            `/dunning/reminders/${(await create('cancel-planned', 'planned', ['inv-b'])).documentId}/cancel`
          )
        ).body.data.status
      ).toBe('cancelled');
    });

    it.each(['failed', 'uncertain', 'not_sent'])(
      'resends a %s reminder at once, through the queue, with its own Message-ID',
      async (from) => {
        const customer = await createCustomer(strapi, `Resent ${from}`);
        const invoice = await createInvoice(strapi, customer, `RS-${from}`, '2026-01-10');
        const reminder = await recordReminder(
          strapi,
          {
            type: 'reminder',
            channel: 'email',
            trigger: 'manual',
            customerDocumentId: customer.documentId,
            customerName: `Resent ${from}`,
            invoices: [
              {
                documentId: invoice.documentId,
                number: invoice.number,
                dueDate: '2026-01-10',
                amountDue: 100,
                currency: 'EUR',
              },
            ],
            amount: 100,
            currency: 'EUR',
            sender: rootId,
            recipients: [{ address: customer.email }],
            subject: `Relance ${invoice.number}`,
            body: `<p>Merci de régler ${invoice.number}.</p>`,
            bodyText: `Merci de régler ${invoice.number}.`,
            idempotencyKey: `resend-${from}`,
            attempts: 3,
            nextAttemptAt: new Date(),
            statusReason: 'no address',
          },
          from,
          new Date()
        );
        const before = smtp.messages.length;
        const { status, body } = await api(
          'POST',
          `/dunning/reminders/${reminder.documentId}/resend`
        );
        expect(status).toBe(200);
        expect(body.data).toMatchObject({ status: 'sent', attempts: 1, statusReason: null });
        expect(body.data.timeline.map((entry: any) => [entry.status, entry.note ?? null])).toEqual([
          [from, null],
          ['queued', 'resend requested by Demo Admin'],
          ['sent', null],
        ]);
        const mails = smtp.messages.slice(before);
        expect(
          mails.map((mail) => [mail.envelope.to, mail.parsed.subject, mail.parsed.messageId])
        ).toEqual([
          [
            [customer.email],
            `Relance ${invoice.number}`,
            `<reminder-${reminder.documentId}@ourco.test>`,
          ],
        ]);
      }
    );

    it('refuses to resend a sent or queued reminder (400)', async () => {
      for (const status of ['sent', 'queued']) {
        const reminder = await create(`resend-refused-${status}`, status, ['inv-c']);
        const response = await api('POST', `/dunning/reminders/${reminder.documentId}/resend`);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(
          new RegExp(`^status: a ${status} reminder cannot be resent`)
        );
      }
    });

    it("lists an invoice's and a customer's reminders, latest first", async () => {
      const first = await create('history-1', 'sent', ['inv-h1']);
      const second = await create('history-2', 'sent', ['inv-h1', 'inv-h2']);
      const third = await create('history-3', 'failed', ['inv-h2']);
      const ofInvoice = await api('GET', '/dunning/invoices/inv-h1/reminders');
      expect(ofInvoice.status).toBe(200);
      expect(documentIds(ofInvoice.body.data)).toEqual([second.documentId, first.documentId]);
      expect(
        documentIds((await api('GET', '/dunning/invoices/inv-h2/reminders')).body.data)
      ).toEqual([third.documentId, second.documentId]);
      expect((await api('GET', '/dunning/invoices/unknown/reminders')).body.data).toEqual([]);

      const ofCustomer = await api('GET', '/dunning/customers/customer-history/reminders');
      expect(documentIds(ofCustomer.body.data).slice(0, 3)).toEqual([
        third.documentId,
        second.documentId,
        first.documentId,
      ]);
    });

    it('fills the invoice links of reminders written before the link table existed', async () => {
      const knex = strapi.db.connection;
      await knex.schema.dropTable('dunning_reminder_invoices');
      await strapi.plugin('dunning').service('history').ensureSchema();
      expect(
        await strapi.plugin('dunning').service('history').reminderIdsOfInvoice('invoice-42')
      ).toEqual(
        rows
          .filter((_, i) => i % 3000 === 42)
          .map((row) => row.id)
          .sort((a, b) => a - b)
      );
      expect(
        documentIds((await api('GET', '/dunning/invoices/inv-h2/reminders')).body.data)
      ).toHaveLength(2);
    });
  });

  it('tells the admin which content types hold invoices and customers', async () => {
    const { status, body } = await api('GET', '/dunning/mapping');
    expect(status).toBe(200);
    expect(body.data).toEqual({
      invoice: { uid: 'api::invoice.invoice' },
      customer: { uid: 'api::customer.customer' },
    });
  });

  it('refuses an admin without the plugin actions (403) and changes nothing', async () => {
    const failed = rows.find((row) => row.status === 'failed')!;
    const queued = rows.find((row) => row.status === 'queued')!;
    for (const [method, path] of [
      ['GET', '/dunning/reminders'],
      ['GET', `/dunning/reminders/${failed.documentId}/detail`],
      ['GET', '/dunning/invoices/invoice-1/reminders'],
      ['GET', '/dunning/customers/customer-1/reminders'],
      ['GET', '/dunning/mapping'],
      ['POST', `/dunning/reminders/${failed.documentId}/resend`],
      ['POST', `/dunning/reminders/${queued.documentId}/cancel`],
    ]) {
      expect([path, (await editorApi(method, path)).status]).toEqual([path, 403]);
    }
    const statusOf = async (documentId: string) =>
      (
        await strapi.db
          .connection('dunning_reminders')
          .where('document_id', documentId)
          .first('status')
      ).status;
    expect([await statusOf(failed.documentId), await statusOf(queued.documentId)]).toEqual([
      'failed',
      'queued',
    ]);
  });
});
