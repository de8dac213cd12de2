import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Browser, Page } from 'playwright-core';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { customerActionRepository } from '../../src/plugins/dunning/server/src/repositories/customer-actions';
import { createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { describeInBrowser, launchBrowser, openAdmin, screenshot } from '../helpers/browser';
import { createCustomer, createInvoice, seedAcme } from '../helpers/ledger';
import { pdfText } from '../helpers/pdf';
import { startStrapi, type TestApp } from '../helpers/strapi';

/**
 * The middlewares `create-strapi-app@5.54.0` writes into a new project's
 * config/middlewares.ts (its `templates/vanilla`), `strapi::security` with helmet's
 * defaults among them. This app's list is the same but for the body parser's
 * `includeUnparsed` (delivery events are signed over the raw body), so the portal is
 * clicked here under the Content-Security-Policy a team's fresh project sends.
 */
const CREATE_STRAPI_APP_MIDDLEWARES = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

/** An "other site" taking payments: a plain HTTP server on another port, which notes what it was asked. */
const startPaymentHost = async () => {
  const visits: string[] = [];
  const server = http.createServer((request, response) => {
    visits.push(request.url ?? '');
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Checkout</title><h1>Checkout</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    visits,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
};

/**
 * SPEC F7.4 in the browser: the clerk offers a new dispute reason in the settings;
 * the customer opens the portal link, promises to pay one invoice (the date picker stops
 * at the settings' horizon) and disputes another with that reason; the clerk finds both
 * on the customer's page, past a page of later actions.
 */
describeInBrowser('customer portal actions in Chromium (F7.4)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let ledger: Awaited<ReturnType<typeof seedAcme>>;
  let payments: Awaited<ReturnType<typeof startPaymentHost>>;
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    payments = await startPaymentHost();
    // The local payment host speaks plain HTTP, which a team allows in so many words.
    app = await startStrapi({
      database: 'sqlite',
      listen: true,
      env: { DUNNING_PAYMENT_ALLOW_HTTP: 'true', DUNNING_PAYMENT_HOSTS: '127.0.0.1' },
    });
    ledger = await seedAcme(app.strapi, today);
    await createSuperAdmin(app.strapi);
    ({ browser, page } = await openAdmin(app.url, SUPER_ADMIN));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await payments?.stop();
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
    const link = new URL(
      app.strapi.plugin('dunning').service('portal').linkFor(ledger.customer.documentId)
    );
    await page.goto(`${app.url}${link.pathname}`);
    const formOf = (invoice: { documentId: string }, action: string) =>
      page.locator(`form[action*="/invoices/${invoice.documentId}/${action}"]`);

    const promised = addDays(today, 10);
    await page
      .locator('details', { has: formOf(ledger.f1, 'promise') })
      .locator('summary')
      .click();
    // Past the horizon (60 days by default) the browser itself keeps the form.
    const date = formOf(ledger.f1, 'promise').locator('input[name="date"]');
    await date.fill(addDays(today, 61));
    await formOf(ledger.f1, 'promise')
      .getByRole('button', { name: 'Enregistrer ma promesse' })
      .click();
    expect(await date.evaluate((input: HTMLInputElement) => input.validity.rangeOverflow)).toBe(
      true
    );
    expect(new URL(page.url()).pathname).toBe(link.pathname);
    await formOf(ledger.f1, 'promise').locator('input[name="date"]').fill(promised);
    await formOf(ledger.f1, 'promise')
      .getByRole('button', { name: 'Enregistrer ma promesse' })
      .click();
    await page
      .getByText(/votre promesse de paiement de la facture F-001 est enregistrée/)
      .waitFor({ timeout: 20000 });

    await page
      .locator('details', { has: formOf(ledger.f2, 'dispute') })
      .locator('summary')
      .click();
    await formOf(ledger.f2, 'dispute')
      .locator('select[name="reason"]')
      .selectOption({ label: 'Livraison incomplète' });
    await formOf(ledger.f2, 'dispute')
      .locator('textarea[name="comment"]')
      .fill('Il manque deux cartons.');
    await formOf(ledger.f2, 'dispute')
      .getByRole('button', { name: 'Envoyer ma contestation' })
      .click();
    await page
      .getByText(/Votre contestation de la facture F-002 est enregistrée/)
      .waitFor({ timeout: 20000 });
    await screenshot(page, 'portal-after-actions');

    // Twenty later actions (as many as a page shows) come first; the two above are on page 2.
    for (let i = 1; i <= 20; i++) {
      await customerActionRepository(app.strapi).recordOnce(
        {
          kind: 'dispute',
          customerDocumentId: ledger.customer.documentId,
          invoiceDocumentId: ledger.f3.documentId,
          invoiceNumber: 'F-003',
          currency: 'EUR',
          reason: 'Autre motif',
          comment: `Later ${i}`,
          idempotencyKey: `e2e-later-${i}`,
        },
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

    const invoice = await app.strapi
      .documents('api::invoice.invoice' as any)
      .findOne({ documentId: ledger.f2.documentId });
    expect(invoice?.disputed).toBe(true);
  });

  it("pays, promises, disputes and downloads the statement under a fresh project's security middleware, the page going where each says", async () => {
    expect(app.strapi.config.get('middlewares')).toEqual(
      CREATE_STRAPI_APP_MIDDLEWARES.map((name) =>
        name === 'strapi::body' ? { name, config: { includeUnparsed: true } } : name
      )
    );
    const customer = await createCustomer(app.strapi, 'Browser payer');
    const payable = await createInvoice(app.strapi, customer, 'BP-1', addDays(today, -12), 420, {
      paymentUrl: `${payments.origin}/checkout/BP-1?ref=42`,
    });
    const disputable = await createInvoice(app.strapi, customer, 'BP-2', addDays(today, -5), 180);
    const link = new URL(
      app.strapi.plugin('dunning').service('portal').linkFor(customer.documentId)
    );
    const portalUrl = `${app.url}${link.pathname}`;

    // A customer's own browser: no admin session.
    const customerBrowser = await launchBrowser();
    try {
      const tab = await customerBrowser.newPage({ acceptDownloads: true });
      const blocked: string[] = [];
      tab.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) blocked.push(message.text());
      });
      await tab.goto(portalUrl);
      const csp = (await tab.request.get(portalUrl)).headers()['content-security-policy'];
      expect(csp).toContain("form-action 'self'");

      await tab.getByText('Payer en ligne', { exact: true }).click();
      await tab.waitForURL(`${payments.origin}/checkout/BP-1?ref=42`, { timeout: 15000 });
      await tab.getByRole('heading', { name: 'Checkout' }).waitFor();
      expect(payments.visits.filter((visit) => visit.startsWith('/checkout'))).toEqual([
        '/checkout/BP-1?ref=42',
      ]);
      expect(blocked).toEqual([]);

      await tab.goto(portalUrl);
      const formOf = (invoice: { documentId: string }, action: string) =>
        tab.locator(`form[action*="/invoices/${invoice.documentId}/${action}"]`);
      const promised = addDays(today, 7);
      await tab
        .locator('details', { has: formOf(payable, 'promise') })
        .locator('summary')
        .click();
      await formOf(payable, 'promise').locator('input[name="date"]').fill(promised);
      await formOf(payable, 'promise').locator('input[name="amount"]').fill('200');
      await formOf(payable, 'promise')
        .getByRole('button', { name: 'Enregistrer ma promesse' })
        .click();
      await tab.waitForURL(`${portalUrl}?done=promised&invoice=${payable.documentId}`);
      await tab
        .getByRole('status')
        .getByText('votre promesse de paiement de la facture BP-1 est enregistrée', {
          exact: false,
        })
        .waitFor();

      await tab
        .locator('details', { has: formOf(disputable, 'dispute') })
        .locator('summary')
        .click();
      await formOf(disputable, 'dispute')
        .locator('select[name="reason"]')
        .selectOption({ index: 0 });
      await formOf(disputable, 'dispute')
        .locator('textarea[name="comment"]')
        .fill('Livré en double.');
      await formOf(disputable, 'dispute')
        .getByRole('button', { name: 'Envoyer ma contestation' })
        .click();
      await tab.waitForURL(`${portalUrl}?done=disputed&invoice=${disputable.documentId}`);
      await tab
        .getByRole('status')
        .getByText('Votre contestation de la facture BP-2 est enregistrée', { exact: false })
        .waitFor();
      await screenshot(tab, 'portal-customer-browser');

      const [download] = await Promise.all([
        tab.waitForEvent('download'),
        tab.getByText('Télécharger le relevé de compte (PDF)').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      const statement = pdfText(fs.readFileSync((await download.path())!));
      expect(statement).toContain('BP-1');
      expect(statement).toContain('BP-2');
      // A download leaves the page where it was.
      expect(tab.url()).toBe(`${portalUrl}?done=disputed&invoice=${disputable.documentId}`);
      expect(blocked).toEqual([]);
    } finally {
      await customerBrowser.close();
    }
    const { data: actions } = await app.strapi
      .plugin('dunning')
      .service('portal-actions')
      .ofCustomer(customer.documentId, { page: 1, pageSize: 20 });
    expect(
      actions
        .map((action: { kind: string; invoiceNumber: string }) => [
          action.kind,
          action.invoiceNumber,
        ])
        .sort()
    ).toEqual([
      ['dispute', 'BP-2'],
      ['payment', 'BP-1'],
      ['promise', 'BP-1'],
    ]);
  });
});
