import type { Core } from '@strapi/strapi';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { createCustomer } from '../helpers/ledger';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * A mapped invoice type with draft & publish on keeps two rows for a published
 * document (the draft and the published version): the plugin counts the published one
 * only, and its cases follow publish, unpublish and discard-draft.
 */
describe.each(DATABASES)('an invoice type with draft & publish on %s', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let api: ReturnType<typeof adminApi>;
  const today = todayIn('Europe/Paris', new Date());
  const INVOICE = 'api::invoice.invoice';
  const invoices = () => strapi.documents(INVOICE as any);
  const receivables = () => strapi.plugin('dunning').service('receivables');
  const caseOf = (invoiceDocumentId: string) =>
    strapi.db.query('plugin::dunning.case' as any).findOne({ where: { invoiceDocumentId } });
  let customer: { documentId: string; contactDocumentId: string };

  const draftInvoice = async (number: string, amountDue: number, dueOffset = -20) =>
    (await invoices().create({
      data: {
        number,
        customer: customer.documentId,
        contact: customer.contactDocumentId,
        issueDate: addDays(today, dueOffset - 30),
        dueDate: addDays(today, dueOffset),
        total: amountDue,
        amountDue,
        currency: 'EUR',
        status: 'open',
      } as any,
    })) as { documentId: string };

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true, draftAndPublish: ['invoice'] });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    customer = await createCustomer(strapi, 'Pub Co');
  });
  afterAll(() => app?.stop());

  it('counts a published invoice once on the home page, the statement, the aging, the reports and the portal', async () => {
    const { documentId } = await draftInvoice('DP-1', 1800);
    await invoices().publish({ documentId });
    expect(await strapi.db.query(INVOICE as any).count({ where: { documentId } })).toBe(2);

    const overview = await api('GET', '/dunning/overview');
    expect(overview.body.data.overdue).toEqual({
      invoices: 1,
      customers: 1,
      byCurrency: [{ currency: 'EUR', amount: 1800, invoices: 1 }],
    });
    expect(overview.body.data.aging).toEqual([
      { bucket: '1_30', currency: 'EUR', invoices: 1, amount: 1800 },
    ]);

    const statement = await api('GET', '/dunning/statement');
    expect(statement.body.data).toEqual([
      expect.objectContaining({
        documentId: customer.documentId,
        openAmount: 1800,
        overdueAmount: 1800,
        openInvoices: 1,
        overdueInvoices: 1,
      }),
    ]);
    expect(statement.body.meta.pagination.total).toBe(1);
    const detail = await api('GET', `/dunning/statement/${customer.documentId}`);
    expect(detail.body.data.invoices.map((invoice: { number: string }) => invoice.number)).toEqual([
      'DP-1',
    ]);

    const report = await api('GET', '/dunning/reports?granularity=month');
    expect(report.body.data.aging).toEqual([
      { bucket: '1_30', currency: 'EUR', invoices: 1, amount: 1800 },
    ]);
    expect(await receivables().openInvoicesOfCustomer(customer.documentId)).toHaveLength(1);
  });

  it('reads the published version, not a pending draft edit, and counts a never-published invoice nowhere', async () => {
    const [published] = await receivables().openInvoicesOfCustomer(customer.documentId);
    await invoices().update({ documentId: published.documentId, data: { amountDue: 5 } as any });
    const never = await draftInvoice('DP-DRAFT', 700);

    const overview = await api('GET', '/dunning/overview');
    expect(overview.body.data.overdue.byCurrency).toEqual([
      { currency: 'EUR', amount: 1800, invoices: 1 },
    ]);
    expect((await receivables().findInvoices([published.documentId]))[0].amountDue).toBe(1800);
    expect(await receivables().findInvoices([never.documentId])).toEqual([]);
    expect(await caseOf(never.documentId)).toBeNull();

    await invoices().discardDraft({ documentId: published.documentId });
    expect(
      (await invoices().findOne({ documentId: published.documentId, status: 'draft' } as any))
        ?.amountDue
    ).toBe(1800);
  });

  it('starts dunning an invoice when it is published and stops when it is unpublished', async () => {
    const { documentId } = await draftInvoice('DP-2', 300, -5);
    expect(await caseOf(documentId)).toBeNull();

    await invoices().publish({ documentId });
    expect(await caseOf(documentId)).toMatchObject({ state: 'active' });

    await invoices().unpublish({ documentId });
    expect(await caseOf(documentId)).toMatchObject({ state: 'closed', nextActionAt: null });
    expect((await api('GET', '/dunning/overview')).body.data.overdue.invoices).toBe(1);

    await invoices().publish({ documentId });
    expect(await caseOf(documentId)).toMatchObject({ state: 'active' });
    expect((await api('GET', '/dunning/overview')).body.data.overdue.invoices).toBe(2);
  });

  it('follows a publish made inside a transaction, as the Content Manager makes it, once it is committed', async () => {
    const { documentId } = await draftInvoice('DP-CM', 120, -4);
    // The sync runs after the commit: wait for it a little.
    const stateBecomes = async (state: string) => {
      for (let tries = 0; (await caseOf(documentId))?.state !== state && tries < 50; tries++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      return (await caseOf(documentId))?.state;
    };
    const started = Date.now();
    await strapi.db.transaction(() => invoices().publish({ documentId }));
    expect(await stateBecomes('active')).toBe('active');
    await strapi.db.transaction(() => invoices().unpublish({ documentId }));
    expect(await stateBecomes('closed')).toBe('closed');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("writes a promise or a dispute on the published version without publishing the team's pending edits", async () => {
    const { documentId } = await draftInvoice('DP-3', 90, -2);
    await invoices().publish({ documentId });
    await invoices().update({ documentId, data: { total: 12345 } as any });

    await receivables().setPromisedPaymentDate([documentId], addDays(today, 10));
    await receivables().markDisputed([documentId]);

    const [invoice] = await receivables().findInvoices([documentId]);
    expect(invoice).toMatchObject({
      promisedPaymentDate: addDays(today, 10),
      disputed: true,
      total: 90,
    });
    expect(await invoices().findOne({ documentId, status: 'draft' } as any)).toMatchObject({
      total: 12345,
      disputed: true,
    });
  });
});
