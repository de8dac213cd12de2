import type { Browser, Page } from 'playwright-core';

import { addDays } from '../../database/seed/ledger';
import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import {
  describeInBrowser,
  launchBrowser,
  loginToAdmin,
  pickDay,
  screenshot,
} from '../helpers/browser';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { pdfPages } from '../helpers/pdf';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { startStrapi, type TestApp } from '../helpers/strapi';

/**
 * The batch view driven in Chromium (SPEC F5.1–F5.3, F3.4). The predefined scenario
 * reminds by e-mail 3 days after the due date, by letter after 30 and by phone after 40;
 * with automatic reminders off, one tick leaves every due step planned for a person:
 * e-mails of the key accounts (one disputed invoice, one stop-dunning customer), an
 * e-mail of an SME, two letters and a call. Three more invoices, not due yet, are for
 * the Content Manager's bulk action.
 */
describeInBrowser('batch view in Chromium (SPEC F5, F3.4)', () => {
  let app: TestApp;
  let smtp: SmtpCatcher;
  let browser: Browser;
  let page: Page;
  const today = todayIn('Europe/Paris', new Date());
  const ids: Record<string, string> = {};

  const customer = async (name: string, options: Parameters<typeof createCustomer>[2] = {}) =>
    createCustomer(app.strapi, name, options);
  const invoice = async (
    owner: { documentId: string; contactDocumentId?: string },
    number: string,
    dueOffset: number,
    amount: number,
    extra = {}
  ) => {
    ids[number] = (
      await createInvoice(app.strapi, owner, number, addDays(today, dueOffset), amount, extra)
    ).documentId;
  };
  const reminderOf = (customerName: string, channel: string) =>
    app.strapi.db
      .query('plugin::dunning.reminder' as any)
      .findOne({ where: { customerName, channel } }) as Promise<any>;
  /**
   * The Content Manager draws the bulk actions of a selection in an idle callback, which
   * headless Chromium may hold back until it paints: a screenshot makes it paint.
   */
  const showBulkActions = (name: string) => screenshot(page, name);
  const messagesTo = (from: number) =>
    smtp.messages
      .slice(from)
      .flatMap((mail) => mail.envelope.to)
      .sort();

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database: 'sqlite',
      listen: true,
      env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' },
    });
    await createSuperAdmin(app.strapi);
    await app.strapi
      .plugin('dunning')
      .service('settings')
      .update({
        automatic: {
          enabled: false,
          sendWindow: {
            startHour: 0,
            endHour: 24,
            days: [1, 2, 3, 4, 5, 6, 7],
            timezone: 'Europe/Paris',
          },
        },
        company: {
          name: 'OurCo',
          address: '1 place Bellecour, Lyon',
          email: 'billing@ourco.test',
          phone: '+33 4 00 00 00 00',
        },
      });

    const key = { customer: { segment: 'Key accounts' } };
    const sme = { customer: { segment: 'SME' } };
    const alpha = await customer('Alpha Industries', key);
    await invoice(alpha, 'ALF-1', -5, 1200);
    await invoice(alpha, 'ALF-2', -4, 300, { disputed: true });
    await invoice(await customer('Bravo Foods', key), 'BRV-1', -5, 450);
    await invoice(await customer('Delta Optics', key), 'DLT-1', -6, 800);
    await invoice(
      await customer('Echo Media', {
        customer: { segment: 'Key accounts', stopDunning: true, stopDunningReason: 'Lawyer' },
      }),
      'ECH-1',
      -5,
      90
    );
    await invoice(await customer('Charlie Logistics', sme), 'CHL-1', -5, 150);
    await invoice(
      await customer('Foxtrot SARL', {
        customer: { segment: 'SME', address: '2 rue de la Paix\n75002 Paris' },
      }),
      'FOX-1',
      -32,
      2000
    );
    await invoice(
      await customer('Golf GmbH', {
        customer: { segment: 'SME', address: 'Hauptstraße 1\n10115 Berlin' },
      }),
      'GLF-1',
      -33,
      640
    );
    await invoice(
      await customer('Hotel Partners', {
        customer: { segment: 'SME' },
        contact: { phone: '+33 4 72 10 20 30' },
      }),
      'HTL-1',
      -45,
      310
    );
    await invoice(await customer('India Trading'), 'IND-1', 20, 500);
    await invoice(await customer('Juliet Media'), 'JUL-1', 20, 700);
    await invoice(await customer('Silent Partner', { email: null }), 'SIL-1', 20, 75);
    await app.strapi.plugin('dunning').service('engine').tick({ now: new Date() });

    browser = await launchBrowser();
    page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    await loginToAdmin(page, app.url, SUPER_ADMIN);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.stop();
  });

  it('shows the amount to remind on the home with the aging chart and the forecast, and "Remind now" leads to the batches', async () => {
    await page.goto(`${app.url}/admin/plugins/dunning`);
    // Alpha 1,200 (its disputed invoice left out), Bravo 450, Delta 800, Echo 0 (stop-dunning), Charlie 150; letters 2,000 + 640; the call 310.
    const toRemind = page.getByTestId('to-remind-EUR');
    await toRemind.waitFor({ timeout: 30000 });
    expect(await toRemind.textContent()).toBe('€5,550.00');
    expect(await page.getByTestId('to-remind-email').textContent()).toBe(
      'E-mail: 5 reminders to 5 customers, €2,600.00'
    );
    expect(await page.getByTestId('to-remind-letter').textContent()).toBe(
      'Letter: 2 reminders to 2 customers, €2,640.00'
    );
    await page.getByTestId('home-aging').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('forecast-panel').waitFor();
    await page.waitForTimeout(2000); // the bars grow in
    await screenshot(page, 'batches-home');

    await page.getByTestId('remind-now').click();
    await page.waitForURL(/\/plugins\/dunning\/batches$/);
    await page.getByTestId('channel-email').waitFor();
    expect(await page.getByTestId('channel-email').getByTestId('batch-row').count()).toBe(2);
    expect(await page.getByTestId('channel-letter').getByTestId('batch-row').count()).toBe(1);
    await screenshot(page, 'batches');
  });

  it('opens the e-mail batch, deselects a customer and sends the others with progress: the SMTP server gets their mails only', async () => {
    await page
      .getByRole('link', { name: 'Open the batch E-mail · Key accounts · Reminder 1' })
      .click();
    await page.waitForURL(/batches\/view\?channel=email&segment=Key\+accounts&level=Reminder\+1/);
    const table = page.getByTestId('batch-table');
    await table.getByText('Alpha Industries').waitFor({ timeout: 30000 });

    // Excluded and disputed invoices are unticked with their reason; disputed ones carry a danger badge.
    const disputed = page.getByRole('checkbox', { name: 'Include invoice ALF-2' });
    expect(await disputed.getAttribute('aria-checked')).toBe('false');
    await page.getByTestId('invoice-ALF-2').getByText('Disputed').waitFor();
    expect(
      await page
        .getByRole('checkbox', { name: 'Include invoice ALF-1' })
        .getAttribute('aria-checked')
    ).toBe('true');
    expect(
      await page.getByRole('checkbox', { name: 'Select Echo Media' }).getAttribute('aria-checked')
    ).toBe('false');
    await page.getByTestId('invoice-ECH-1').getByText('Dunning stopped').waitFor();

    // Unticking a customer's only invoice deselects the customer; ticking it back selects it again.
    await page.getByRole('checkbox', { name: 'Include invoice BRV-1' }).click();
    expect(
      await page.getByRole('checkbox', { name: 'Select Bravo Foods' }).getAttribute('aria-checked')
    ).toBe('false');
    await page.getByRole('checkbox', { name: 'Select Bravo Foods' }).click();
    expect(
      await page
        .getByRole('checkbox', { name: 'Include invoice BRV-1' })
        .getAttribute('aria-checked')
    ).toBe('true');
    await page.getByRole('checkbox', { name: 'Select Bravo Foods' }).click();
    expect(await page.getByTestId('selection-summary').textContent()).toBe(
      'Selected: 2 customers, 2 invoices, €2,000.00'
    );
    await screenshot(page, 'batch-email');

    const before = smtp.messages.length;
    await page.getByTestId('dispatch-selection').click();
    await page.getByTestId('dispatch-done').waitFor({ timeout: 60000 });
    expect(await page.getByTestId('dispatch-progress').textContent()).toBe(
      '2 of 2 reminders handled'
    );
    expect(await page.getByTestId('dispatch-done').textContent()).toMatch(
      /^Finished: 2 e-mails sent, nothing else to look at/
    );
    await screenshot(page, 'batch-email-sent');

    await smtp.waitForMessages(before + 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messagesTo(before)).toEqual([
      'alpha.industries@customer.test',
      'delta.optics@customer.test',
    ]);
    const alpha = smtp.messages
      .slice(before)
      .find((mail) => mail.envelope.to.includes('alpha.industries@customer.test'))!;
    expect(alpha.parsed.text).toContain('ALF-1');
    expect(alpha.parsed.text).not.toContain('ALF-2');
    expect((await reminderOf('Bravo Foods', 'email')).status).toBe('planned');

    await page.getByTestId('dispatch-close').click();
    await table.getByText('Alpha Industries').waitFor({ state: 'detached' });
    await table.getByText('Bravo Foods').waitFor();
  });

  it('sends the rest of the e-mails with "Send all" after its summary; a reminder with every invoice left out stays', async () => {
    await page.goto(`${app.url}/admin/plugins/dunning/batches`);
    await page.getByTestId('send-all').click();
    const summary = page.getByTestId('dispatch-summary');
    await summary.getByText('3 customers, 2 invoices.').waitFor();
    await summary
      .getByText(/^1 reminder whose invoices are all left out stays in the batch/)
      .waitFor();
    const before = smtp.messages.length;
    await page.getByTestId('dispatch-confirm').click();
    await page.getByTestId('dispatch-done').waitFor({ timeout: 60000 });
    expect(await page.getByTestId('dispatch-progress').textContent()).toBe(
      '2 of 2 reminders handled'
    );
    await smtp.waitForMessages(before + 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messagesTo(before)).toEqual([
      'bravo.foods@customer.test',
      'charlie.logistics@customer.test',
    ]);
    expect((await reminderOf('Echo Media', 'email')).status).toBe('planned');
    await page.getByTestId('dispatch-close').click();
    await page
      .getByTestId('channel-email')
      .getByText(/^1 reminder · 1 customer · 0 invoices/)
      .waitFor();
  });

  it('downloads the letter batch as one PDF naming each customer', async () => {
    await page.getByTestId('download-letters').click();
    const summary = page.getByTestId('dispatch-summary');
    await summary.getByText('2 customers, 2 invoices.').waitFor();
    await page.waitForTimeout(500); // the modal fades in
    await screenshot(page, 'batch-letters-confirm');

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60000 }),
      page.getByTestId('dispatch-confirm').click(),
    ]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    const text = pdfPages(pdf).join('\n');
    expect(text).toContain('Foxtrot SARL');
    expect(text).toContain('Golf GmbH');
    expect(text).not.toContain('Hotel Partners');
    await page
      .getByTestId('dispatch-done')
      .getByText(/^Finished: 2 letters/)
      .waitFor();
    expect((await reminderOf('Golf GmbH', 'letter')).status).toBe('sent');
    await page.getByTestId('dispatch-close').click();
  });

  it('logs a call from the call list: a promise with its date, and the call leaves the list', async () => {
    await page.getByTestId('call-list-phone').click();
    const row = page.getByTestId('batch-item-Hotel Partners');
    await row.waitFor({ timeout: 30000 });
    expect(await row.getByRole('link', { name: '+33 4 72 10 20 30' }).getAttribute('href')).toBe(
      'tel:+33 4 72 10 20 30'
    );
    await screenshot(page, 'call-list');

    await row.getByTestId('log-call').click();
    const modal = page.getByTestId('call-modal');
    await modal.getByTestId('call-script').getByText(/HTL-1/).waitFor();
    await modal.getByRole('combobox', { name: 'Call outcome' }).click();
    await page.getByRole('option', { name: 'Payment promised' }).click();
    await pickDay(modal.getByTestId('promised-date'), '2030-01-15');
    await modal.getByLabel('Call note').fill('Pays with the January run');
    await screenshot(page, 'call-modal');
    await modal.getByTestId('log-call-confirm').click();
    await page.getByText('Call logged.').waitFor();
    await page.getByText('Nothing left in this batch.').waitFor();

    const call = await reminderOf('Hotel Partners', 'phone');
    expect(call).toMatchObject({
      status: 'sent',
      callOutcome: 'promised',
      note: 'Pays with the January run',
    });
    const [invoice] = await app.strapi
      .plugin('dunning')
      .service('receivables')
      .findInvoices([ids['HTL-1']]);
    expect(invoice.promisedPaymentDate).toBe('2030-01-15');
  });

  it('reminds invoices of two customers from the Content Manager list, listing the one without an address with its link', async () => {
    await page.goto(
      `${app.url}/admin/content-manager/collection-types/api::invoice.invoice?page=1&pageSize=50&sort=number:ASC`
    );
    // Strapi's guided tour opens over the Content Manager of a new admin.
    await page.getByRole('button', { name: 'Skip' }).click({ timeout: 30000 });
    for (const number of ['IND-1', 'JUL-1', 'SIL-1']) {
      const row = page.getByRole('row').filter({ has: page.getByText(number, { exact: true }) });
      await row.getByRole('checkbox').click({ timeout: 30000 });
    }
    await showBulkActions('invoice-list-selected');
    await page.getByRole('button', { name: 'Remind', exact: true }).click();
    const dialog = page.getByTestId('bulk-remind');
    await dialog.getByTestId('bulk-customer-India Trading').waitFor({ timeout: 30000 });
    await dialog.getByTestId('bulk-customer-Juliet Media').waitFor();
    const missing = dialog.getByTestId('bulk-missing-address').getByRole('link', { name: 'SIL-1' });
    expect(await missing.getAttribute('href')).toBe(
      `/admin/content-manager/collection-types/api::invoice.invoice/${ids['SIL-1']}`
    );
    await dialog.getByRole('checkbox', { name: "Attach the invoices' PDFs" }).click();
    await screenshot(page, 'bulk-remind');

    const before = smtp.messages.length;
    await page.getByTestId('bulk-send').click();
    await dialog.getByTestId('bulk-results').waitFor({ timeout: 60000 });
    expect(await dialog.getByTestId('result-line').count()).toBe(2);
    await smtp.waitForMessages(before + 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messagesTo(before)).toEqual([
      'india.trading@customer.test',
      'juliet.media@customer.test',
    ]);
    await screenshot(page, 'bulk-remind-sent');
    await page.getByRole('button', { name: 'Close', exact: true }).last().click();
    await dialog.waitFor({ state: 'detached' });

    // Customers are not invoices: no "Remind" there.
    await page.goto(`${app.url}/admin/content-manager/collection-types/api::customer.customer`);
    await page
      .getByRole('row')
      .filter({ has: page.getByText('India Trading', { exact: true }) })
      .getByRole('checkbox')
      .click({ timeout: 30000 });
    await page.waitForTimeout(1500); // RBAC and the mapping have answered
    await showBulkActions('customer-list-selected');
    await page.getByRole('button', { name: 'Delete', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Remind', exact: true }).count()).toBe(0);
  });

  it('speaks French to a French admin', async () => {
    await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'fr'));
    await page.goto(`${app.url}/admin/plugins/dunning`);
    await page.getByRole('link', { name: 'Je relance' }).click();
    await page.getByRole('heading', { name: 'Agir par scénario' }).waitFor({ timeout: 30000 });
    await page.getByRole('button', { name: 'Tout envoyer' }).waitFor();
    await screenshot(page, 'batches-fr');

    // Dates read and typed the French way: day first.
    await page.goto(`${app.url}/admin/plugins/dunning/activities`);
    const from = page.getByTestId('range-from');
    expect(await from.getAttribute('placeholder')).toBe('DD/MM/YYYY');
    await from.fill('15/01/2030');
    await from.blur();
    await page.waitForURL(/[?&]from=2030-01-15(&|$)/);
    expect(await from.inputValue()).toBe('15/01/2030');
    await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'en'));
  });
});
