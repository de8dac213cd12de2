import type { Core } from '@strapi/strapi';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import {
  adminApi,
  adminToken,
  createEditor,
  createSuperAdmin,
  SUPER_ADMIN,
} from '../helpers/admin';
import { recordReminder } from '../helpers/engine';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * SPEC F6.3 on a small hand-made history, every figure worked out by hand below.
 * Business time zone: Europe/Paris (UTC+1 in winter).
 */
describe.each(DATABASES)('reports on %s (SPEC F6.3)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let api: ReturnType<typeof adminApi>;
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));

    const customer = await strapi
      .documents('api::customer.customer' as any)
      .create({ data: { name: 'Hooli' } });
    const invoice = (number: string, data: Record<string, unknown>) =>
      strapi.documents('api::invoice.invoice' as any).create({
        data: {
          number,
          customer: customer.documentId,
          issueDate: '2025-11-01',
          dueDate: '2025-12-01',
          total: 100,
          amountDue: 0,
          currency: 'EUR',
          status: 'open',
          ...data,
        },
      });
    // Paid invoices: P1 3 days after R1, P2 13 days after R2, P3 38 days after R3 and 19 days after R4.
    const p1 = await invoice('P1', { status: 'paid', paidAt: '2026-01-08T09:00:00.000Z' });
    const p2 = await invoice('P2', { status: 'paid', paidAt: '2026-01-25T09:00:00.000Z' });
    const p3 = await invoice('P3', { status: 'paid', paidAt: '2026-03-20T09:00:00.000Z' });
    // Open invoices, by days overdue today.
    const open = (number: string, daysOverdue: number, amountDue: number, currency = 'EUR') =>
      invoice(number, { dueDate: addDays(today, -daysOverdue), amountDue, currency });
    await open('A0', -5, 200);
    const a1 = await open('A1', 1, 100);
    await open('A30', 30, 50);
    const a31 = await open('A31', 31, 70);
    const a61 = await open('A61', 61, 80);
    await open('A90', 90, 90, 'USD');
    await open('A91', 91, 1000);
    await open('Z0', 200, 0); // nothing left to pay
    await invoice('D1', { status: 'draft', dueDate: addDays(today, -100), amountDue: 500 });

    let key = 0;
    const remind = (
      status: string,
      channel: string,
      level: string | null,
      sentAt: string | null,
      amount: number,
      currency: string,
      invoices: Array<{ documentId: string }>
    ) =>
      recordReminder(
        strapi,
        {
          type: 'reminder',
          channel,
          trigger: 'automatic',
          customerDocumentId: customer.documentId,
          customerName: 'Hooli',
          invoices: invoices.map((i) => ({
            documentId: i.documentId,
            number: 'n',
            dueDate: '2025-12-01',
            amountDue: 1,
            currency,
          })),
          amount,
          currency,
          level,
          sentAt,
          idempotencyKey: `report-${++key}`,
        },
        status,
        new Date(sentAt ?? '2026-01-20T09:00:00.000Z')
      );
    await remind('sent', 'email', 'Reminder 1', '2026-01-05T09:00:00.000Z', 100, 'EUR', [p1]); // R1
    await remind('delivered', 'email', 'Reminder 1', '2026-01-12T09:00:00.000Z', 200, 'EUR', [
      p2,
      a1,
    ]); // R2
    await remind('opened', 'letter', 'Final notice', '2026-02-10T09:00:00.000Z', 300, 'EUR', [p3]); // R3
    await remind('sent', 'phone', null, '2026-03-01T09:00:00.000Z', 50, 'USD', [p3]); // R4
    await remind('failed', 'email', 'Reminder 1', null, 999, 'EUR', [p1]); // R5: not reminded
    await remind('sent', 'email', 'Reminder 1', '2026-01-31T23:30:00.000Z', 40, 'EUR', [a31]); // R6: 1 February 00:30 in Paris
    await remind('sent', 'email', 'Reminder 1', '2025-12-31T22:30:00.000Z', 60, 'EUR', [a61]); // R7: 31 December 23:30 in Paris
    await remind('bounced', 'email', 'Reminder 1', '2026-02-15T09:00:00.000Z', 999, 'EUR', [p1]); // R8: bounced
    await remind('sent', 'email', 'Reminder 1', '2026-04-01T10:00:00.000Z', 999, 'EUR', [p1]); // R9: after the range
  });

  afterAll(async () => {
    await app?.stop();
  });

  const agingRows = [
    { bucket: 'not_due', currency: 'EUR', invoices: 1, amount: 200 },
    { bucket: '1_30', currency: 'EUR', invoices: 2, amount: 150 },
    { bucket: '31_60', currency: 'EUR', invoices: 1, amount: 70 },
    { bucket: '61_90', currency: 'EUR', invoices: 1, amount: 80 },
    { bucket: 'over_90', currency: 'EUR', invoices: 1, amount: 1000 },
    { bucket: '61_90', currency: 'USD', invoices: 1, amount: 90 },
  ];

  it('gives amounts and counts per month, level and channel; paid-within shares; aging', async () => {
    const { status, body } = await api(
      'GET',
      '/dunning/reports?from=2026-01-01&to=2026-03-31&granularity=month'
    );
    expect(status).toBe(200);
    const report = body.data;
    expect(report.range).toMatchObject({
      from: '2026-01-01',
      to: '2026-03-31',
      granularity: 'month',
      timezone: 'Europe/Paris',
    });
    expect(report.periods.map((p: any) => p.key)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(report.reminded).toEqual([
      {
        period: '2026-01',
        channel: 'email',
        level: 'Reminder 1',
        currency: 'EUR',
        reminders: 2,
        amount: 300,
      },
      {
        period: '2026-02',
        channel: 'email',
        level: 'Reminder 1',
        currency: 'EUR',
        reminders: 1,
        amount: 40,
      },
      {
        period: '2026-02',
        channel: 'letter',
        level: 'Final notice',
        currency: 'EUR',
        reminders: 1,
        amount: 300,
      },
      {
        period: '2026-03',
        channel: 'phone',
        level: null,
        currency: 'USD',
        reminders: 1,
        amount: 50,
      },
    ]);
    // F7.5: of the e-mails sent in February (R6, R8), one bounced.
    expect(report.bounces).toEqual([
      { period: '2026-01', sent: 2, bounced: 0, rate: 0 },
      { period: '2026-02', sent: 2, bounced: 1, rate: 0.5 },
      { period: '2026-03', sent: 0, bounced: 0, rate: 0 },
    ]);
    // Reminded in the range: P1, P2, A1, P3, A31. Paid within 7 days: P1; 15: P1, P2; 30: P1, P2, P3 (after R4).
    expect(report.paidWithin).toEqual({
      invoices: 5,
      within: [
        { days: 7, invoices: 1, share: 0.2 },
        { days: 15, invoices: 2, share: 0.4 },
        { days: 30, invoices: 3, share: 0.6 },
      ],
    });
    expect(report.aging).toEqual(agingRows);
  });

  it('groups by ISO week, the first and last weeks taken whole', async () => {
    const { body } = await api(
      'GET',
      '/dunning/reports?from=2026-01-01&to=2026-01-31&granularity=week'
    );
    expect(body.data.range).toMatchObject({ from: '2025-12-29', to: '2026-02-01' });
    expect(body.data.reminded.map((row: any) => [row.period, row.reminders, row.amount])).toEqual([
      ['2026-W01', 1, 60],
      ['2026-W02', 1, 100],
      ['2026-W03', 1, 200],
      ['2026-W05', 1, 40],
    ]);
  });

  it('exports the same figures as CSV', async () => {
    const { status, body, headers } = await api(
      'GET',
      '/dunning/reports?from=2026-01-01&to=2026-03-31&format=csv'
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(headers.get('content-disposition')).toBe(
      'attachment; filename="dunning-report-2026-01-01-2026-03-31.csv"'
    );
    // The per-customer aging and DSO rows: reports-dso.test.ts.
    expect(
      body
        .toString('utf8')
        .split('\r\n')
        .filter((line: string) => !/^(customer_aging|dso),/.test(line))
    ).toEqual([
      'section,key,level,channel,currency,count,amount,share,customer,sales,days,dso',
      'reminded,2026-01,Reminder 1,email,EUR,2,300,,,,,',
      'reminded,2026-02,Reminder 1,email,EUR,1,40,,,,,',
      'reminded,2026-02,Final notice,letter,EUR,1,300,,,,,',
      'reminded,2026-03,,phone,USD,1,50,,,,,',
      'reminded_invoices,,,,,5,,,,,,',
      'paid_within_days,7,,,,1,,0.2,,,,',
      'paid_within_days,15,,,,2,,0.4,,,,',
      'paid_within_days,30,,,,3,,0.6,,,,',
      'aging,not_due,,,EUR,1,200,,,,,',
      'aging,1_30,,,EUR,2,150,,,,,',
      'aging,31_60,,,EUR,1,70,,,,,',
      'aging,61_90,,,EUR,1,80,,,,,',
      'aging,over_90,,,EUR,1,1000,,,,,',
      'aging,61_90,,,USD,1,90,,,,,',
      'emails_sent,2026-01,,,,2,,,,,,',
      'bounced,2026-01,,,,0,,0,,,,',
      'emails_sent,2026-02,,,,2,,,,,,',
      'bounced,2026-02,,,,1,,0.5,,,,',
      'emails_sent,2026-03,,,,0,,,,,,',
      'bounced,2026-03,,,,0,,0,,,,',
      '',
    ]);
  });

  it('defaults to the last twelve months', async () => {
    const { body } = await api('GET', '/dunning/reports');
    expect(body.data.periods).toHaveLength(12);
    expect(body.data.periods.at(-1).key).toBe(today.slice(0, 7));
  });

  it.each([
    ['granularity=day', /^granularity: /],
    ['from=2026-02-01&to=2026-01-01', /^to: must not be before from/],
    ['from=2000-01-01&to=2026-01-01', /^to: at most 120 months/],
    ['from=yesterday', /^from: must be a date/],
  ])('refuses %s with a 400 naming the field', async (query, message) => {
    const { status, body } = await api('GET', `/dunning/reports?${query}`);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(message);
  });

  it('refuses an admin without plugin::dunning.read (403)', async () => {
    const editorApi = adminApi(app.url, await adminToken(app.url, await createEditor(strapi)));
    expect((await editorApi('GET', '/dunning/reports')).status).toBe(403);
    expect((await editorApi('GET', '/dunning/reports?format=csv')).status).toBe(403);
  });
});
