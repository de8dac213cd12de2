import type { Browser, Page } from 'playwright-core';
import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { customerActionRepository } from '../../src/plugins/dunning/server/src/repositories/customer-actions';
import { createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { describeInBrowser, openAdmin, screenshot } from '../helpers/browser';
import { seedAcme } from '../helpers/ledger';
import { startStrapi, type TestApp } from '../helpers/strapi';

/**
 * Issue 22, point 1 in the browser: the clerk offers a new dispute reason in the settings;
 * the customer opens the portal link, promises to pay one invoice (the date picker stops
 * at the settings' horizon) and disputes another with that reason; the clerk finds both
 * on the customer's page, past a page of later actions.
 */
describeInBrowser('customer portal actions in Chromium (F7.4)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let ledger: Awaited<ReturnType<typeof seedAcme>>;
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    app = await startStrapi({ database: 'sqlite', listen: true });
    ledger = await seedAcme(app.strapi, today);
    await createSuperAdmin(app.strapi);
    ({ browser, page } = await openAdmin(app.url, SUPER_ADMIN));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('offers a new dispute reason, which the customer picks on the portal beside a promise; the clerk sees both', async () => {
    await page.goto(`${app.url}/admin/settings/dunning`);
    await page.getByTestId('dispute-reason-add').click();
    const fields = page.getByTestId('dispute-reasons').locator('input');
    const count = await fields.count();
    await fields.nth(count - 2).fill('Livraison incomplète');
    await fields.nth(count - 1).fill('Incomplete delivery');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').waitFor({ timeout: 20000 });

    // The customer, from the link of a reminder (no admin session needed: the link is the key).
    const link = new URL(app.strapi.plugin('dunning').service('portal').linkFor(ledger.customer.documentId));
    await page.goto(`${app.url}${link.pathname}`);
    const formOf = (invoice: { documentId: string }, action: string) => page.locator(`form[action*="/invoices/${invoice.documentId}/${action}"]`);

    const promised = addDays(today, 10);
    await page.locator('details', { has: formOf(ledger.f1, 'promise') }).locator('summary').click();
    // Past the horizon (60 days by default) the browser itself keeps the form.
    const date = formOf(ledger.f1, 'promise').locator('input[name="date"]');
    await date.fill(addDays(today, 61));
    await formOf(ledger.f1, 'promise').getByRole('button', { name: 'Enregistrer ma promesse' }).click();
    expect(await date.evaluate((input: HTMLInputElement) => input.validity.rangeOverflow)).toBe(true);
    expect(new URL(page.url()).pathname).toBe(link.pathname);
    await formOf(ledger.f1, 'promise').locator('input[name="date"]').fill(promised);
    await formOf(ledger.f1, 'promise').getByRole('button', { name: 'Enregistrer ma promesse' }).click();
    await page.getByText(/votre promesse de paiement de la facture F-001 est enregistrée/).waitFor({ timeout: 20000 });

    await page.locator('details', { has: formOf(ledger.f2, 'dispute') }).locator('summary').click();
    await formOf(ledger.f2, 'dispute').locator('select[name="reason"]').selectOption({ label: 'Livraison incomplète' });
    await formOf(ledger.f2, 'dispute').locator('textarea[name="comment"]').fill('Il manque deux cartons.');
    await formOf(ledger.f2, 'dispute').getByRole('button', { name: 'Envoyer ma contestation' }).click();
    await page.getByText(/Votre contestation de la facture F-002 est enregistrée/).waitFor({ timeout: 20000 });
    await screenshot(page, 'portal-after-actions');

    // Twenty later actions (as many as a page shows) come first; the two above are on page 2.
    for (let i = 1; i <= 20; i++) {
      await customerActionRepository(app.strapi).recordOnce(
        { kind: 'dispute', customerDocumentId: ledger.customer.documentId, invoiceDocumentId: ledger.f3.documentId, invoiceNumber: 'F-003', currency: 'EUR', reason: 'Autre motif', comment: `Later ${i}`, idempotencyKey: `e2e-later-${i}` },
        new Date()
      );
    }

    // The clerk.
    await page.goto(`${app.url}/admin/plugins/dunning/statement/${ledger.customer.documentId}`);
    const actions = page.getByTestId('portal-actions-table');
    await actions.waitFor({ timeout: 30000 });
    await actions.getByText('Autre motif — Later 20').waitFor();
    expect(await actions.getByRole('row', { name: /F-003/ }).count()).toBe(20);
    await page.getByRole('link', { name: 'Go to page 2' }).click();
    await actions.getByRole('row', { name: /F-001/ }).waitFor({ timeout: 30000 });
    const promiseRow = actions.getByRole('row', { name: /F-001/ });
    await promiseRow.getByText('Promise to pay').waitFor();
    const disputeRow = actions.getByRole('row', { name: /F-002/ });
    await disputeRow.getByText('Dispute').waitFor();
    await disputeRow.getByText('Livraison incomplète — Il manque deux cartons.').waitFor();
    await page.getByTestId('promises-table').getByText('(portal)').waitFor();
    await screenshot(page, 'customer-portal-actions');

    const invoice = await app.strapi.documents('api::invoice.invoice' as any).findOne({ documentId: ledger.f2.documentId });
    expect(invoice.disputed).toBe(true);
  });
});
