import type { Core } from '@strapi/strapi';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import {
  adminApi,
  adminToken,
  createEditor,
  createSuperAdmin,
  SUPER_ADMIN,
} from '../helpers/admin';
import { money, pdfText } from '../helpers/pdf';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * F3.1: a customer's statement of account as a PDF, read back with
 * pdf-parse. Late charges by the default settings (40 per overdue invoice, 12.15 % a
 * year), worked out by hand below.
 */
describe.each(DATABASES)('statement of account PDF on %s (F3.1)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let api: ReturnType<typeof adminApi>;
  const today = todayIn('Europe/Paris', new Date());
  const customers: Record<string, string> = {};
  const invoices: Record<string, string> = {};

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    const customer = async (name: string, locale: string) =>
      (customers[name] = (
        await strapi.documents('api::customer.customer' as any).create({
          data: { name, reference: name.toUpperCase(), locale, timezone: 'Europe/Paris' },
        })
      ).documentId);
    const invoice = async (
      number: string,
      owner: string,
      dueOffset: number,
      amountDue: number,
      data: Record<string, unknown> = {}
    ) =>
      (invoices[number] = (
        await strapi.documents('api::invoice.invoice' as any).create({
          data: {
            number,
            customer: owner,
            issueDate: addDays(today, dueOffset - 30),
            dueDate: addDays(today, dueOffset),
            total: amountDue,
            amountDue,
            currency: 'EUR',
            status: 'open',
            ...data,
          },
        })
      ).documentId);
    const durand = await customer('Durand', 'fr-FR');
    const brown = await customer('Brown', 'en-GB');
    await invoice('S-1', durand, -30, 1000);
    await invoice('S-2', durand, 10, 500);
    await invoice('S-3', durand, -73, 200, { currency: 'GBP' });
    await invoice('S-4', durand, -50, 0, { status: 'paid', total: 300 });
    await invoice('S-5', durand, -50, 300, { status: 'cancelled' });
    await invoice('B-1', brown, -1, 365, { currency: 'GBP' });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lists the customers with open invoices a page at a time, each with the date of its last reminder', async () => {
    const { status, body } = await api('GET', '/dunning/statement?pageSize=1');
    expect(status).toBe(200);
    expect(body.meta.pagination).toEqual({ page: 1, pageSize: 1, pageCount: 2, total: 2 });
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toHaveProperty('lastReminderAt', null);
    const second = await api('GET', '/dunning/statement?pageSize=1&page=2');
    expect([body.data[0].documentId, second.body.data[0].documentId].sort()).toEqual(
      [customers.Durand, customers.Brown].sort()
    );
  });

  it("finds an invoice's customer for the Content Manager's Remind button; an unknown invoice is a 404", async () => {
    expect(await api('GET', `/dunning/invoices/${invoices['B-1']}/context`)).toMatchObject({
      status: 200,
      body: { data: { invoiceDocumentId: invoices['B-1'], customerDocumentId: customers.Brown } },
    });
    expect((await api('GET', '/dunning/invoices/no-such-invoice/context')).status).toBe(404);
  });

  it("lists a French customer's open invoices with days overdue, late charges and totals per currency, in French", async () => {
    const { status, headers, body } = await api(
      'GET',
      `/dunning/statement/${customers.Durand}/pdf`
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/pdf');
    expect(headers.get('content-disposition')).toBe(
      `attachment; filename="statement-DURAND-${today}.pdf"`
    );
    const text = pdfText(body);
    const fr = (amount: number, currency: string) => money(amount, currency, 'fr-FR');
    expect(text).toContain('Relevé de compte');
    // A cell may wrap onto a second line: rows are read with line breaks as spaces.
    const flat = text.replace(/\n/g, ' ');
    expect(flat).toContain(
      'Facture Émise le Échéance Reste dû Jours de retard Pénalités de retard'
    );
    // Oldest due date first. S-3: 73 days on 200: 200 × 12.15 % × 73 / 365 = 4.86, plus 40.
    // S-1: 30 days on 1,000: 1000 × 12.15 % × 30 / 365 = 9.99, plus 40. S-2 is not due yet: no charges.
    expect(flat).toMatch(
      new RegExp(
        [
          `S-3 \\S.* ${escape(fr(200, 'GBP'))} 73 ${escape(fr(44.86, 'GBP'))}`,
          `S-1 \\S.* ${escape(fr(1000, 'EUR'))} 30 ${escape(fr(49.99, 'EUR'))}`,
          `S-2 \\S.* ${escape(fr(500, 'EUR'))} 0`,
          'Total EUR',
        ].join(' ')
      )
    );
    expect(text).not.toMatch(/S-4|S-5|B-1/);
    // Per currency, EUR then GBP: 1,500 + 49.99; 200 + 44.86.
    expect(text).toContain(
      `Total EUR: ${fr(1500, 'EUR')}\nPénalités de retard: ${fr(49.99, 'EUR')}\nTotal pénalités comprises: ${fr(1549.99, 'EUR')}`
    );
    expect(text).toContain(
      `Total GBP: ${fr(200, 'GBP')}\nPénalités de retard: ${fr(44.86, 'GBP')}\nTotal pénalités comprises: ${fr(244.86, 'GBP')}`
    );
  });

  it('speaks English to an English customer', async () => {
    const { status, body } = await api('GET', `/dunning/statement/${customers.Brown}/pdf`);
    expect(status).toBe(200);
    const text = pdfText(body);
    const en = (amount: number) => money(amount, 'GBP', 'en-GB');
    expect(text).toContain('Statement of account');
    // 1 day on 365: 365 × 12.15 % / 365 = 0.12, plus 40.
    expect(text).toMatch(new RegExp(`B-1 .* ${escape(en(365))} 1 ${escape(en(40.12))}`));
    expect(text).toContain(
      `Total GBP: ${en(365)}\nLate charges: ${en(40.12)}\nTotal with charges: ${en(405.12)}`
    );
  });

  it('answers 404 for an unknown customer and 403 without plugin::dunning.read', async () => {
    expect((await api('GET', '/dunning/statement/nosuchcustomer000000000/pdf')).status).toBe(404);
    const editorApi = adminApi(app.url, await adminToken(app.url, await createEditor(strapi)));
    expect((await editorApi('GET', `/dunning/statement/${customers.Durand}/pdf`)).status).toBe(403);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
