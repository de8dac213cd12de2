import type { Core } from '@strapi/strapi';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * F6.3 (docs/admin-api.md, "Reports: DSO and top debtors"): DSO per month and the aging of the top debtors, on a small ledger
 * whose every figure is worked out by hand below. Business time zone: Europe/Paris.
 */
describe.each(DATABASES)('DSO and aging per customer on %s (F6.3)', (database) => {
  let app: TestApp;
  let api: ReturnType<typeof adminApi>;
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true });
    const strapi: Core.Strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));

    const customer = async (name: string) =>
      (
        await strapi
          .documents('api::customer.customer' as any)
          .create({ data: { name, reference: name.toUpperCase() } })
      ).documentId;
    const [alpha, beta, gamma, delta] = [
      await customer('Alpha'),
      await customer('Beta'),
      await customer('Gamma'),
      await customer('Delta'),
    ];
    const invoice = (number: string, owner: string, data: Record<string, unknown>) =>
      strapi.documents('api::invoice.invoice' as any).create({
        data: {
          number,
          customer: owner,
          dueDate: addDays(today, -45),
          currency: 'EUR',
          status: 'open',
          ...data,
        },
      });
    // The DSO ledger, January to March 2026.
    await invoice('I1', alpha, {
      issueDate: '2026-01-05',
      total: 1000,
      amountDue: 0,
      status: 'paid',
      paidAt: '2026-02-10T10:00:00.000Z',
    });
    await invoice('I2', alpha, {
      issueDate: '2026-01-20',
      total: 500,
      amountDue: 500,
      dueDate: addDays(today, -45),
    });
    // Paid on 1 March at 00:30 in Paris: still owed at the end of February.
    await invoice('I3', beta, {
      issueDate: '2026-02-03',
      total: 2000,
      amountDue: 0,
      status: 'paid',
      paidAt: '2026-02-28T23:30:00.000Z',
    });
    await invoice('I4', beta, {
      issueDate: '2026-03-10',
      total: 300,
      amountDue: 200,
      dueDate: addDays(today, -100),
    });
    await invoice('I5', gamma, {
      issueDate: '2026-01-15',
      total: 400,
      amountDue: 0,
      currency: 'USD',
      status: 'paid',
      paidAt: '2026-01-25T10:00:00.000Z',
    });
    await invoice('I6', alpha, {
      issueDate: '2026-02-15',
      total: 700,
      amountDue: 700,
      status: 'cancelled',
      dueDate: addDays(today, -200),
    });
    await invoice('I7', beta, {
      issueDate: '2026-01-10',
      total: 900,
      amountDue: 900,
      status: 'draft',
      dueDate: addDays(today, -200),
    });
    await invoice('I8', gamma, {
      issueDate: '2026-03-01',
      total: 100,
      amountDue: 100,
      currency: 'USD',
      dueDate: addDays(today, 5),
    });
    // Issued after March: aging only.
    await invoice('X1', alpha, {
      issueDate: '2026-06-01',
      total: 300,
      amountDue: 300,
      dueDate: addDays(today, -10),
    });
    await invoice('X2', alpha, {
      issueDate: '2026-06-01',
      total: 250,
      amountDue: 250,
      dueDate: addDays(today, -70),
    });
    await invoice('X3', beta, {
      issueDate: '2026-06-01',
      total: 1000,
      amountDue: 1000,
      dueDate: today,
    });
    await invoice('X4', delta, {
      issueDate: '2026-06-01',
      total: 50,
      amountDue: 50,
      dueDate: addDays(today, -1),
    });
    await invoice('X5', gamma, {
      issueDate: '2026-06-01',
      total: 90,
      amountDue: 0,
      currency: 'USD',
      dueDate: addDays(today, -95),
    });
  });

  afterAll(async () => {
    await app?.stop();
  });

  const buckets = (amounts: Partial<Record<string, number>>) => ({
    not_due: 0,
    '1_30': 0,
    '31_60': 0,
    '61_90': 0,
    over_90: 0,
    ...amounts,
  });

  it('gives DSO per month and currency: receivables at the month end ÷ sales of the month × days', async () => {
    const { status, body } = await api('GET', '/dunning/reports?from=2026-01-01&to=2026-03-31');
    expect(status).toBe(200);
    expect(body.data.dso).toEqual([
      // Sales I1 + I2; owed on 31 January: I1 (paid in February) + I2. 1500 / 1500 × 31.
      { period: '2026-01', currency: 'EUR', receivables: 1500, sales: 1500, days: 31, dso: 31 },
      // I5 was paid in January.
      { period: '2026-01', currency: 'USD', receivables: 0, sales: 400, days: 31, dso: 0 },
      // Sales I3 (I6 is cancelled); owed on 28 February: I2 + I3. 2500 / 2000 × 28.
      { period: '2026-02', currency: 'EUR', receivables: 2500, sales: 2000, days: 28, dso: 35 },
      { period: '2026-02', currency: 'USD', receivables: 0, sales: 0, days: 28, dso: null },
      // Sales I4; owed on 31 March: I2 + what I4 still owes. 700 / 300 × 31 = 72.33.
      { period: '2026-03', currency: 'EUR', receivables: 700, sales: 300, days: 31, dso: 72.3 },
      { period: '2026-03', currency: 'USD', receivables: 100, sales: 100, days: 31, dso: 31 },
    ]);
  });

  it('lists the top debtors per currency with their aging', async () => {
    const { body } = await api('GET', '/dunning/reports?from=2026-01-01&to=2026-03-31');
    expect(body.data.customerAging.map(({ documentId, ...row }: any) => row)).toEqual([
      {
        name: 'Beta',
        reference: 'BETA',
        currency: 'EUR',
        invoices: 2,
        buckets: buckets({ not_due: 1000, over_90: 200 }),
        total: 1200,
      },
      {
        name: 'Alpha',
        reference: 'ALPHA',
        currency: 'EUR',
        invoices: 3,
        buckets: buckets({ '1_30': 300, '31_60': 500, '61_90': 250 }),
        total: 1050,
      },
      {
        name: 'Delta',
        reference: 'DELTA',
        currency: 'EUR',
        invoices: 1,
        buckets: buckets({ '1_30': 50 }),
        total: 50,
      },
      {
        name: 'Gamma',
        reference: 'GAMMA',
        currency: 'USD',
        invoices: 1,
        buckets: buckets({ not_due: 100 }),
        total: 100,
      },
    ]);
    const top = await api('GET', '/dunning/reports?top=1');
    expect(top.body.data.customerAging.map((row: any) => [row.name, row.currency])).toEqual([
      ['Beta', 'EUR'],
      ['Gamma', 'USD'],
    ]);
  });

  it('exports both in the CSV', async () => {
    const { body } = await api(
      'GET',
      '/dunning/reports?from=2026-01-01&to=2026-03-31&top=1&format=csv'
    );
    const lines = body.toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'section,key,level,channel,currency,count,amount,share,customer,sales,days,dso'
    );
    expect(lines.filter((line: string) => /^(customer_aging|dso),/.test(line))).toEqual([
      'customer_aging,not_due,,,EUR,,1000,,Beta,,,',
      'customer_aging,1_30,,,EUR,,0,,Beta,,,',
      'customer_aging,31_60,,,EUR,,0,,Beta,,,',
      'customer_aging,61_90,,,EUR,,0,,Beta,,,',
      'customer_aging,over_90,,,EUR,,200,,Beta,,,',
      'customer_aging,total,,,EUR,2,1200,,Beta,,,',
      'customer_aging,not_due,,,USD,,100,,Gamma,,,',
      'customer_aging,1_30,,,USD,,0,,Gamma,,,',
      'customer_aging,31_60,,,USD,,0,,Gamma,,,',
      'customer_aging,61_90,,,USD,,0,,Gamma,,,',
      'customer_aging,over_90,,,USD,,0,,Gamma,,,',
      'customer_aging,total,,,USD,1,100,,Gamma,,,',
      'dso,2026-01,,,EUR,,1500,,,1500,31,31',
      'dso,2026-01,,,USD,,0,,,400,31,0',
      'dso,2026-02,,,EUR,,2500,,,2000,28,35',
      'dso,2026-02,,,USD,,0,,,0,28,',
      'dso,2026-03,,,EUR,,700,,,300,31,72.3',
      'dso,2026-03,,,USD,,100,,,100,31,31',
    ]);
  });

  it.each([
    ['top=0', /^top: /],
    ['top=101', /^top: /],
    ['top=many', /^top: /],
    ['top=2.5', /^top: /],
  ])('refuses %s with a 400 naming the field', async (query, message) => {
    const { status, body } = await api('GET', `/dunning/reports?${query}`);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(message);
  });
});
