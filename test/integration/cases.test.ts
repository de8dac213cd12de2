import type { Core } from '@strapi/strapi';

import { addDays, zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';
import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/** docs/development.md#the-engine-correct-at-scale: cases follow their invoices. */
describe.each(DATABASES)('dunning cases on %s', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true });
    strapi = app.strapi;
  });

  afterAll(async () => {
    await app?.stop();
  });

  const caseOf = async (invoiceDocumentId: string) =>
    (await strapi
      .documents('plugin::dunning.case' as any)
      .findMany({ filters: { invoiceDocumentId }, populate: ['scenario'] as any })) as any[];
  const invoices = () => strapi.documents('api::invoice.invoice' as any);
  const at = (date: string | number | Date) => new Date(date).toISOString();

  let customer: { documentId: string };
  beforeAll(async () => {
    customer = await strapi
      .documents('api::customer.customer' as any)
      .create({ data: { name: 'Umbrella', timezone: 'Pacific/Auckland' } });
  });

  const createInvoice = (number: string, dueDate: string) =>
    invoices().create({
      data: {
        number,
        customer: customer.documentId,
        issueDate: addDays(dueDate, -30),
        dueDate,
        total: 100,
        amountDue: 100,
        currency: 'EUR',
        status: 'open',
      },
    });

  it('opens a case on the default scenario when an invoice is created, due at the first step, 09:00 in the customer timezone', async () => {
    const dueDate = addDays(today, 20);
    const invoice = await createInvoice('U-1', dueDate);
    const [found] = await caseOf(invoice.documentId);
    expect(found).toMatchObject({
      state: 'active',
      nextStepIndex: 0,
      customerDocumentId: customer.documentId,
      dueDate,
    });
    expect(found.scenario.name).toBe('Default scenario');
    expect(at(found.nextActionAt)).toBe(
      zonedInstant(addDays(dueDate, -5), 9, 'Pacific/Auckland').toISOString()
    );
  });

  it('moves the next action when the due date changes, and closes the case when the invoice is paid or deleted', async () => {
    const invoice = await createInvoice('U-2', addDays(today, 20));
    const later = addDays(today, 40);
    await invoices().update({
      documentId: invoice.documentId,
      data: { dueDate: later } as Record<string, unknown>,
    });
    expect(at((await caseOf(invoice.documentId))[0].nextActionAt)).toBe(
      zonedInstant(addDays(later, -5), 9, 'Pacific/Auckland').toISOString()
    );

    await invoices().update({
      documentId: invoice.documentId,
      data: { status: 'paid', amountDue: 0 } as Record<string, unknown>,
    });
    expect((await caseOf(invoice.documentId))[0]).toMatchObject({
      state: 'closed',
      stateReason: 'paid',
      nextActionAt: null,
    });

    const other = await createInvoice('U-3', addDays(today, 20));
    await invoices().delete({ documentId: other.documentId });
    expect((await caseOf(other.documentId))[0]).toMatchObject({
      state: 'closed',
      stateReason: 'deleted',
    });
  });

  it("follows the customer's own scenario, restarting at its first step", async () => {
    const template = (
      await strapi
        .documents('plugin::dunning.template' as any)
        .findMany({ filters: { predefinedKey: 'reminder-1.email.en' } })
    )[0];
    const scenario = await strapi
      .plugin('dunning')
      .service('scenarios')
      .create({
        name: 'Late only',
        steps: [
          {
            offsetDays: 10,
            channel: 'email',
            templateDocumentId: template.documentId,
            level: 'One',
          },
        ],
      });
    await strapi
      .plugin('dunning')
      .service('scenarios')
      .assign(scenario.documentId, [customer.documentId]);
    const dueDate = addDays(today, 3);
    const invoice = await createInvoice('U-4', dueDate);
    const [found] = await caseOf(invoice.documentId);
    expect(found.scenario.documentId).toBe(scenario.documentId);
    expect(at(found.nextActionAt)).toBe(
      zonedInstant(addDays(dueDate, 10), 9, 'Pacific/Auckland').toISOString()
    );
  });

  it('re-syncs every case from the admin API', async () => {
    await strapi.db.connection('dunning_cases').del();
    await createSuperAdmin(strapi);
    const api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    const { status, body } = await api('POST', '/dunning/cases/resync');
    expect(status).toBe(200);
    expect(body.data.synced).toBe(3); // U-1, U-2 (paid: no case to open), U-4; U-3 was deleted
    expect(
      await strapi.documents('plugin::dunning.case' as any).count({ filters: { state: 'active' } })
    ).toBe(2);
  });
});
