import { strapi as strapiClient } from '@strapi/client';
import type { Core } from '@strapi/strapi';

import { reminderRepository } from '../../src/plugins/dunning/server/src/repositories/reminders';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * The Content API's reminder history (SPEC F7.1) over a seeded history of 10,000
 * reminders, inserted in bulk around Strapi as an import would (with their invoice
 * links). Every expected page is computed here, in plain JavaScript, from the rows.
 */

const COUNT = 10_000;
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
const SENT = new Set(['sent', 'delivered', 'opened', 'bounced', 'uncertain']);
const CHANNELS = ['email', 'letter', 'phone', 'other'];
const AMOUNTS = [50, 99.9, 120, 250.5, 1000, 1200.5, 5000];
const HOUR = 3_600_000;
const LATEST = Date.parse('2026-04-01T12:00:00Z');

type Seeded = {
  id: number;
  documentId: string;
  customerDocumentId: string;
  invoiceDocumentIds: string[];
  status: string;
  channel: string;
  amount: number;
  createdAt: number;
  sentAt: number | null;
};

/** mulberry32: the same pseudo-random history on every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const pad = (n: number, width = 5) => String(n).padStart(width, '0');

const generate = () => {
  const next = random(6);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  return Array.from({ length: COUNT }, (_, index) => {
    const invoiceCount = 1 + Math.floor(next() * 3);
    const invoiceDocumentIds = [
      ...new Set(
        Array.from({ length: invoiceCount }, () => `inv${pad(Math.floor(next() * 3000), 4)}`)
      ),
    ];
    const status = pick(STATUSES);
    // Whole hours: many reminders share a creation time, and an amount, so ties are common.
    const createdAt = LATEST - Math.floor(next() * 200 * 24) * HOUR;
    return {
      documentId: `seed${pad(index)}rem${Math.floor(next() * 1e9).toString(36)}`,
      customerDocumentId: `cust${pad(Math.floor(next() * 50), 2)}`,
      invoiceDocumentIds,
      status,
      channel: pick(CHANNELS),
      amount: pick(AMOUNTS),
      createdAt,
      sentAt: SENT.has(status) ? createdAt + Math.floor(next() * 4) * HOUR : null,
    };
  });
};

/** One bulk insert of the rows, then their invoice links, as an import around Strapi does. */
const seed = async (strapi: Core.Strapi): Promise<Seeded[]> => {
  const rows = generate();
  const knex = strapi.db.connection;
  const chunk = strapi.db.dialect.client === 'sqlite' ? 500 : 2000;
  await knex.batchInsert(
    'dunning_reminders',
    rows.map((row, index) => ({
      document_id: row.documentId,
      type: 'reminder',
      channel: row.channel,
      status: row.status,
      status_reason: row.status === 'not_sent' ? 'no address' : null,
      trigger: index % 3 === 0 ? 'manual' : 'automatic',
      customer_document_id: row.customerDocumentId,
      customer_name: `Customer ${row.customerDocumentId}`,
      invoices: JSON.stringify(
        row.invoiceDocumentIds.map((documentId) => ({
          documentId,
          number: `F-${documentId}`,
          dueDate: '2026-01-31',
          amountDue: row.amount,
          currency: 'EUR',
        }))
      ),
      amount: row.amount,
      currency: 'EUR',
      sender_name: 'Louise Bernard',
      recipients: JSON.stringify([
        { name: 'Camille', address: `ap@${row.customerDocumentId}.test` },
      ]),
      cc: JSON.stringify([]),
      subject: `Reminder ${index}`,
      body: '<p>internal body</p>',
      idempotency_key: `seed:${index}`,
      message_id: row.channel === 'email' ? `<reminder-${row.documentId}@ourco.test>` : null,
      claimed_by: 'worker-1',
      lease_until: new Date(row.createdAt),
      sent_at: row.sentAt === null ? null : new Date(row.sentAt),
      timeline: JSON.stringify([{ status: row.status, at: new Date(row.createdAt).toISOString() }]),
      attempts: 1,
      counts_in_scenario: true,
      created_at: new Date(row.createdAt),
      updated_at: new Date(row.createdAt),
      published_at: new Date(row.createdAt),
    })),
    chunk
  );
  const ids = new Map<string, number>(
    (await knex('dunning_reminders').select('id', 'document_id')).map(
      (row: { id: number; document_id: string }) => [row.document_id, Number(row.id)]
    )
  );
  const seeded = rows.map((row) => ({ ...row, id: ids.get(row.documentId)! }));
  await knex.batchInsert(
    'dunning_reminder_invoices',
    seeded.flatMap((row) =>
      row.invoiceDocumentIds.map((invoice) => ({
        invoice_document_id: invoice,
        reminder_id: row.id,
      }))
    ),
    chunk
  );
  return seeded;
};

type Query = {
  where?: (row: Seeded) => boolean;
  sort?: Array<[keyof Pick<Seeded, 'createdAt' | 'sentAt' | 'amount'>, 'asc' | 'desc']>;
  page?: number;
  pageSize?: number;
};

/** The page the API must answer: never-sent reminders sort as the earliest, the id breaks ties. */
const expectedPage = (
  rows: Seeded[],
  { where = () => true, sort = [['createdAt', 'desc']], page = 1, pageSize = 25 }: Query
) => {
  const matching = rows.filter(where);
  const value = (row: Seeded, field: string) =>
    (row[field as keyof Seeded] as number | null) ?? -Infinity;
  const ordered = [...matching].sort((a, b) => {
    for (const [field, order] of sort) {
      const [left, right] = [value(a, field), value(b, field)];
      if (left !== right) return (left < right ? -1 : 1) * (order === 'asc' ? 1 : -1);
    }
    return sort[0][1] === 'asc' ? a.id - b.id : b.id - a.id;
  });
  return {
    documentIds: ordered.slice((page - 1) * pageSize, page * pageSize).map((row) => row.documentId),
    pagination: {
      page,
      pageSize,
      pageCount: Math.ceil(matching.length / pageSize),
      total: matching.length,
      capped: false,
    },
  };
};

describe.each(DATABASES)('content API: reminder history on %s (SPEC F7.1)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let rows: Seeded[];
  let readOnly: string;

  const get = async (path: string, token: string | null = readOnly) => {
    const response = await fetch(`${app.url}/api/dunning${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  const createToken = async (
    name: string,
    type: 'read-only' | 'full-access' | 'custom',
    permissions?: string[]
  ) =>
    (
      (await strapi.service('admin::api-token').create({
        name,
        description: '',
        type,
        lifespan: null,
        kind: 'content-api',
        permissions,
      })) as { accessKey: string }
    ).accessKey;

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true });
    strapi = app.strapi;
    rows = await seed(strapi);
    readOnly = await createToken('History reader', 'read-only');
  });

  afterAll(async () => {
    await app?.stop();
  });

  const expectSame = (actual: { body: any }, expected: ReturnType<typeof expectedPage>) => {
    expect(actual.body.data.map((reminder: { documentId: string }) => reminder.documentId)).toEqual(
      expected.documentIds
    );
    expect(actual.body.meta.pagination).toEqual(expected.pagination);
  };

  describe('access: API tokens and users-permissions roles decide', () => {
    it('refuses a request without a token', async () => {
      expect((await get('/reminders', null)).status).toBe(403);
      expect((await get(`/reminders/${rows[0].documentId}`, null)).status).toBe(403);
    });

    it('refuses an unknown token and a custom token without the history actions', async () => {
      expect((await get('/reminders', 'not-a-token')).status).toBe(401);
      expect(
        (
          await get(
            '/reminders',
            await createToken('Invoices only', 'custom', ['api::invoice.invoice.find'])
          )
        ).status
      ).toBe(403);
    });

    it('answers a read-only token, a full-access token and a custom token holding plugin::dunning.history.find', async () => {
      expect((await get('/reminders')).status).toBe(200);
      expect((await get('/reminders', await createToken('Everything', 'full-access'))).status).toBe(
        200
      );
      const custom = await createToken('History list', 'custom', ['plugin::dunning.history.find']);
      expect((await get('/reminders', custom)).status).toBe(200);
      expect((await get(`/reminders/${rows[0].documentId}`, custom)).status).toBe(403);
    });

    it('answers the public role once it is given the history actions', async () => {
      const role = await strapi.db
        .query('plugin::users-permissions.role')
        .findOne({ where: { type: 'public' } });
      const granted = await strapi.db
        .query('plugin::users-permissions.permission')
        .create({ data: { action: 'plugin::dunning.history.findOne', role: role.id } });
      try {
        expect((await get(`/reminders/${rows[0].documentId}`, null)).status).toBe(200);
        expect((await get('/reminders', null)).status).toBe(403);
      } finally {
        await strapi.db
          .query('plugin::users-permissions.permission')
          .delete({ where: { id: granted.id } });
      }
    });
  });

  describe('filters, sort and pagination in the database', () => {
    it(`pages through all ${COUNT} reminders, newest first by default`, async () => {
      expectSame(await get('/reminders'), expectedPage(rows, {}));
      expectSame(await get('/reminders?pagination[page]=400'), expectedPage(rows, { page: 400 }));
      expectSame(await get('/reminders?pagination[page]=401'), expectedPage(rows, { page: 401 }));
    });

    it('leaves the count out when asked to, as Strapi does with pagination[withCount]=false', async () => {
      const { body } = await get('/reminders?pagination[page]=3&pagination[withCount]=false');
      expect(body.data.map((reminder: { documentId: string }) => reminder.documentId)).toEqual(
        expectedPage(rows, { page: 3 }).documentIds
      );
      expect(body.meta.pagination).toEqual({ page: 3, pageSize: 25 });
      expectSame(
        await get('/reminders?pagination[page]=3&pagination[withCount]=true'),
        expectedPage(rows, { page: 3 })
      );
    });

    it("filters on a customer, oldest first, on a page's worth of 100", async () => {
      const customer = 'cust07';
      const where = (row: Seeded) => row.customerDocumentId === customer;
      for (const page of [1, 2, 3]) {
        expectSame(
          await get(
            `/reminders?filters[customerDocumentId]=${customer}&sort=createdAt:asc&pagination[pageSize]=100&pagination[page]=${page}`
          ),
          expectedPage(rows, { where, sort: [['createdAt', 'asc']], page, pageSize: 100 })
        );
      }
    });

    it('filters on an invoice through the invoice links, with $eq and $in', async () => {
      const [one, two] = ['inv0042', 'inv1234'];
      expectSame(
        await get(`/reminders?filters[invoiceDocumentId][$eq]=${one}`),
        expectedPage(rows, { where: (row) => row.invoiceDocumentIds.includes(one) })
      );
      expectSame(
        await get(
          `/reminders?filters[invoiceDocumentId][$in][0]=${one}&filters[invoiceDocumentId][$in][1]=${two}&sort=amount:desc`
        ),
        expectedPage(rows, {
          where: (row) =>
            row.invoiceDocumentIds.includes(one) || row.invoiceDocumentIds.includes(two),
          sort: [['amount', 'desc']],
        })
      );
    });

    it('filters on statuses and a channel, page 3 of 50', async () => {
      expectSame(
        await get(
          '/reminders?filters[status][$in][0]=sent&filters[status][$in][1]=opened&filters[channel]=email&pagination[page]=3&pagination[pageSize]=50'
        ),
        expectedPage(rows, {
          where: (row) => ['sent', 'opened'].includes(row.status) && row.channel === 'email',
          page: 3,
          pageSize: 50,
        })
      );
    });

    it('filters on a creation date range, whole days or instants, the most expensive first', async () => {
      const from = Date.parse('2026-01-10T00:00:00Z');
      const to = Date.parse('2026-02-20T23:59:59.999Z');
      const expected = expectedPage(rows, {
        where: (row) => row.createdAt >= from && row.createdAt <= to,
        sort: [['amount', 'desc']],
        pageSize: 100,
        page: 2,
      });
      expectSame(
        await get(
          '/reminders?filters[createdAt][$gte]=2026-01-10&filters[createdAt][$lte]=2026-02-20&sort=amount:desc&pagination[pageSize]=100&pagination[page]=2'
        ),
        expected
      );
      expectSame(
        await get(
          `/reminders?filters[createdAt][$gte]=2026-01-10T01:00:00%2B01:00&filters[createdAt][$lte]=2026-02-20T23:59:59.999Z&sort=amount:desc&pagination[pageSize]=100&pagination[page]=2`
        ),
        expected
      );
    });

    it('sorts on the sending time with the never-sent first going up and last going down', async () => {
      const pageSize = 100;
      const neverSent = rows.filter((row) => row.sentAt === null).length;
      const crossing = Math.floor(neverSent / pageSize) + 1;
      for (const page of [1, crossing, crossing + 1]) {
        expectSame(
          await get(
            `/reminders?sort=sentAt:asc&pagination[pageSize]=${pageSize}&pagination[page]=${page}`
          ),
          expectedPage(rows, { sort: [['sentAt', 'asc']], page, pageSize })
        );
      }
      const lastPage = Math.ceil(COUNT / pageSize);
      const crossingDown = Math.floor((COUNT - neverSent) / pageSize) + 1;
      for (const page of [1, crossingDown, lastPage]) {
        expectSame(
          await get(
            `/reminders?sort=sentAt:desc&pagination[pageSize]=${pageSize}&pagination[page]=${page}`
          ),
          expectedPage(rows, { sort: [['sentAt', 'desc']], page, pageSize })
        );
      }
    });

    it('sorts on the amount with ties broken the same way on every page, and on several keys', async () => {
      for (const page of [1, 57]) {
        expectSame(
          await get(`/reminders?sort=amount&pagination[pageSize]=100&pagination[page]=${page}`),
          expectedPage(rows, { sort: [['amount', 'asc']], page, pageSize: 100 })
        );
      }
      expectSame(
        await get(
          '/reminders?sort[0]=amount:desc&sort[1]=createdAt:asc&pagination[pageSize]=100&pagination[page]=9'
        ),
        expectedPage(rows, {
          sort: [
            ['amount', 'desc'],
            ['createdAt', 'asc'],
          ],
          page: 9,
          pageSize: 100,
        })
      );
    });

    it('combines every filter', async () => {
      const from = Date.parse('2025-12-01T00:00:00Z');
      expectSame(
        await get(
          '/reminders?filters[customerDocumentId]=cust21&filters[status][0]=sent&filters[status][1]=delivered&filters[status][2]=bounced&filters[createdAt][$gte]=2025-12-01&sort=sentAt:desc&pagination[pageSize]=10'
        ),
        expectedPage(rows, {
          where: (row) =>
            row.customerDocumentId === 'cust21' &&
            ['sent', 'delivered', 'bounced'].includes(row.status) &&
            row.createdAt >= from,
          sort: [['sentAt', 'desc']],
          pageSize: 10,
        })
      );
    });
  });

  describe('one reminder', () => {
    it('answers the public shape, without the internal fields', async () => {
      const row = rows.find(
        (candidate) => candidate.channel === 'email' && candidate.sentAt !== null
      )!;
      const { status, body } = await get(`/reminders/${row.documentId}`);
      expect(status).toBe(200);
      expect(Object.keys(body.data).sort()).toEqual(
        [
          'amount',
          'cc',
          'channel',
          'createdAt',
          'currency',
          'customerDocumentId',
          'customerName',
          'deliveredAt',
          'documentId',
          'failedAt',
          'invoices',
          'messageId',
          'openedAt',
          'recipients',
          'senderName',
          'sentAt',
          'status',
          'statusReason',
          'subject',
          'timeline',
          'trigger',
          'type',
        ].sort()
      );
      expect(body.data).toMatchObject({
        documentId: row.documentId,
        status: row.status,
        customerDocumentId: row.customerDocumentId,
        amount: row.amount,
        invoices: row.invoiceDocumentIds.map((documentId) => ({
          documentId,
          number: `F-${documentId}`,
          dueDate: '2026-01-31',
          amountDue: row.amount,
          currency: 'EUR',
        })),
        recipients: [`ap@${row.customerDocumentId}.test`],
        cc: [],
        messageId: `<reminder-${row.documentId}@ourco.test>`,
        sentAt: new Date(row.sentAt!).toISOString(),
        createdAt: new Date(row.createdAt).toISOString(),
        timeline: [{ status: row.status, at: new Date(row.createdAt).toISOString() }],
      });
    });

    it('answers 404 for an unknown reminder', async () => {
      expect((await get('/reminders/doesnotexist00000000000')).status).toBe(404);
    });
  });

  describe('bad parameters: 400 naming the parameter', () => {
    it.each([
      [
        'a page size over 100',
        'pagination[pageSize]=101',
        /^pagination\.pageSize: must be 100 or less/,
      ],
      ['a page of 0', 'pagination[page]=0', /^pagination\.page: /],
      [
        'a count that is neither true nor false',
        'pagination[withCount]=yes',
        /^pagination\.withCount: must be true or false/,
      ],
      [
        'an unknown status',
        'filters[status]=lost',
        /^filters\.status\.0: must be one of planned, queued/,
      ],
      [
        'an unknown channel',
        'filters[channel][$in][0]=fax',
        /^filters\.channel\.0: must be one of email, letter, phone, other/,
      ],
      [
        'an unsupported operator',
        'filters[status][$ne]=sent',
        /^filters\.status: must be a value, a list, \{ \$eq \} or \{ \$in \}/,
      ],
      ['an unknown filter', 'filters[body]=x', /^filters\.body: is not a supported field/],
      ['an unknown parameter', 'populate=*', /^populate: is not a supported field/],
      [
        'a sort on another field',
        'sort=subject:asc',
        /^sort\.0: must be createdAt, sentAt, amount/,
      ],
      [
        'a date that is not one',
        'filters[createdAt][$gte]=yesterday',
        /^filters\.createdAt\.\$gte: must be a date/,
      ],
      [
        'a range ending before it starts',
        'filters[createdAt][$gte]=2026-02-01&filters[createdAt][$lte]=2026-01-01',
        /^filters\.createdAt\.\$lte: \$gte must not be after \$lte/,
      ],
    ])('refuses %s', async (_, query, message) => {
      const { status, body } = await get(`/reminders?${query}`);
      expect(status).toBe(400);
      expect(body.error.message).toMatch(message);
    });
  });

  describe('reminders written through Strapi keep their invoice links', () => {
    const UID = 'plugin::dunning.reminder' as any;
    const invoicesOf = (...documentIds: string[]) =>
      documentIds.map((documentId) => ({
        documentId,
        number: documentId,
        dueDate: '2026-05-01',
        amountDue: 10,
        currency: 'EUR',
      }));
    const listFor = async (invoice: string) =>
      (await get(`/reminders?filters[invoiceDocumentId]=${invoice}`)).body.data.map(
        (r: { documentId: string }) => r.documentId
      );

    it('on create, on a change of invoices, and on delete', async () => {
      const created = await reminderRepository(strapi).create(
        {
          type: 'reminder',
          channel: 'email',
          trigger: 'manual',
          customerDocumentId: 'cust99',
          invoices: invoicesOf('new-a', 'new-b'),
          amount: 20,
          // The schema's default, written as before: this test is about the invoice links.
          invoiceCount: 0,
          currency: 'EUR',
          idempotencyKey: 'links:1',
        },
        'queued',
        new Date()
      );
      expect(await listFor('new-a')).toEqual([created.documentId]);
      expect(await listFor('new-b')).toEqual([created.documentId]);

      await strapi
        .documents(UID)
        .update({ documentId: created.documentId, data: { invoices: invoicesOf('new-c') } as any });
      expect(await listFor('new-a')).toEqual([]);
      expect(await listFor('new-c')).toEqual([created.documentId]);

      await strapi
        .documents(UID)
        .update({ documentId: created.documentId, data: { sentAt: new Date() } as any });
      expect(await listFor('new-c')).toEqual([created.documentId]);

      await strapi.documents(UID).delete({ documentId: created.documentId });
      expect(await listFor('new-c')).toEqual([]);
      const [{ n }] = await strapi.db
        .connection('dunning_reminder_invoices')
        .where('invoice_document_id', 'new-c')
        .count({ n: '*' });
      expect(Number(n)).toBe(0);
    });

    it('rebuilds the links from the reminders when the table is missing at startup', async () => {
      await strapi.db.connection.schema.dropTable('dunning_reminder_invoices');
      await strapi.plugin('dunning').service('history').ensureSchema();
      expectSame(
        await get('/reminders?filters[invoiceDocumentId]=inv0042'),
        expectedPage(rows, { where: (row) => row.invoiceDocumentIds.includes('inv0042') })
      );
    });
  });

  it("reads a customer's history with @strapi/client and a read-only token", async () => {
    const client = strapiClient({ baseURL: `${app.url}/api`, auth: readOnly });
    const reminders = client.collection('reminders', { plugin: { name: 'dunning' } });
    const customer = 'cust33';
    const history: string[] = [];
    for (let page = 1; ; page++) {
      const { data, meta } = await reminders.find({
        filters: { customerDocumentId: customer },
        sort: 'createdAt:desc',
        pagination: { page, pageSize: 100 },
      });
      history.push(...data.map((reminder) => reminder.documentId));
      if (page >= meta.pagination!.pageCount) break;
    }
    expect(history).toEqual(
      expectedPage(rows, { where: (row) => row.customerDocumentId === customer, pageSize: COUNT })
        .documentIds
    );

    const { data } = await reminders.findOne(history[0]);
    expect(data).toMatchObject({ documentId: history[0], customerDocumentId: customer });
  });

  it('counts no further than 100,000 matching reminders, and says so', async () => {
    // Older than the seeded history, so the pages above are unchanged.
    const extra = 100_001 - COUNT;
    const createdAt = new Date(LATEST - 400 * 24 * HOUR);
    await strapi.db.connection.batchInsert(
      'dunning_reminders',
      Array.from({ length: extra }, (_, index) => ({
        document_id: `bulk${pad(index, 6)}`,
        type: 'reminder',
        channel: 'letter',
        status: 'sent',
        trigger: 'automatic',
        customer_document_id: 'cust-bulk',
        invoices: '[]',
        amount: 1,
        currency: 'EUR',
        idempotency_key: `bulk:${index}`,
        counts_in_scenario: true,
        created_at: createdAt,
        updated_at: createdAt,
      })),
      strapi.db.dialect.client === 'sqlite' ? 500 : 5000
    );
    // The insert kept this process (client and server alike) busy past the server's
    // keep-alive timeout: let the server close its idle connection before the next
    // request, or fetch may reuse it as it closes (ECONNRESET, seen on Node 22).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { body } = await get('/reminders?pagination[pageSize]=100');
    expect(body.meta.pagination).toEqual({
      page: 1,
      pageSize: 100,
      pageCount: 1000,
      total: 100_000,
      capped: true,
    });
    expect(body.data.map((reminder: { documentId: string }) => reminder.documentId)).toEqual(
      expectedPage(rows, { pageSize: 100 }).documentIds
    );
    // A filter under the cap is counted exactly.
    expect((await get('/reminders?filters[channel]=email')).body.meta.pagination).toEqual(
      expectedPage(rows, { where: (row) => row.channel === 'email' }).pagination
    );
  });
});
