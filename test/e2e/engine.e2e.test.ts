import type { Browser, Page } from 'playwright-core';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { describeInBrowser, openAdmin, screenshot } from '../helpers/browser';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { startStrapi, type TestApp } from '../helpers/strapi';

/** SPEC F4.1–F4.4 in the admin: the forecast, running the engine, a customer's scenario, notices. */
describeInBrowser('the automatic engine in Chromium', () => {
  let app: TestApp;
  let smtp: SmtpCatcher;
  let browser: Browser;
  let page: Page;
  let rootId: number;
  let customer: Awaited<ReturnType<typeof createCustomer>>;
  const today = todayIn('Europe/Paris', new Date());
  const service = (name: string) => app.strapi.plugin('dunning').service(name);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database: 'sqlite',
      listen: true,
      env: { SMTP_PORT: String(smtp.port) },
    });
    rootId = (await createSuperAdmin(app.strapi)).id;
    await service('settings').update({
      automatic: {
        enabled: true,
        sender: { mode: 'user', userId: rootId },
        sendWindow: {
          startHour: 0,
          endHour: 24,
          days: [1, 2, 3, 4, 5, 6, 7],
          timezone: 'Europe/Paris',
          holidays: { country: null, extraClosedDates: [] },
        },
      },
      senderNotices: { defaultMode: 'none', byUser: {}, digestHour: 8 },
    });
    // The default scenario: pre-due notice 5 days before the due date, reminders 3 and 15 days after.
    customer = await createCustomer(app.strapi, 'Wayne Enterprises');
    await createInvoice(app.strapi, customer, 'W-1', addDays(today, 3), 480); // pre-due notice due 2 days ago: sent now
    await createInvoice(app.strapi, customer, 'W-2', addDays(today, 9), 120); // pre-due notice in 4 days
    ({ browser, page } = await openAdmin(app.url, SUPER_ADMIN));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.stop();
  });

  it('shows the forecast and runs the engine from the scenarios page: the due reminder leaves at once', async () => {
    await page.goto(`${app.url}/admin/plugins/dunning/scenarios`);
    const forecast = page.getByTestId('forecast-panel');
    await forecast.getByTestId(`forecast-${today}`).waitFor({ timeout: 30000 });
    await forecast.getByTestId(`forecast-${addDays(today, 4)}`).waitFor();
    await screenshot(page, 'scenarios-forecast');

    await page.getByTestId('run-engine').click();
    await page.getByText('1 reminder planned, 1 e-mail sent').waitFor({ timeout: 30000 });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail.envelope.to).toEqual([customer.email]);
    expect(mail.parsed.text).toContain('W-1');
    // Done today: the forecast keeps only W-2's notice.
    await forecast.getByTestId(`forecast-${today}`).waitFor({ state: 'detached', timeout: 20000 });
    await forecast.getByTestId(`forecast-${addDays(today, 4)}`).waitFor();
  });

  it('gives a customer its own scenario from its statement view; its open invoices follow it', async () => {
    const template = (
      await app.strapi
        .documents('plugin::dunning.template' as any)
        .findMany({ filters: { predefinedKey: 'reminder-2.email.fr' } })
    )[0];
    const late = await service('scenarios').create({
      name: 'Late starters',
      steps: [
        {
          offsetDays: 20,
          channel: 'email',
          templateDocumentId: template.documentId,
          level: 'Only one',
        },
      ],
    });
    await page.goto(`${app.url}/admin/plugins/dunning/statement/${customer.documentId}`);
    await page.getByRole('combobox', { name: 'Scenario' }).click();
    await page.getByRole('option', { name: 'Late starters' }).click();
    await page
      .getByText('Scenario saved; the open invoices follow it now')
      .waitFor({ timeout: 20000 });
    const cases = (await app.strapi.documents('plugin::dunning.case' as any).findMany({
      filters: { customerDocumentId: customer.documentId, state: 'active' },
      populate: ['scenario'] as any,
    })) as any[];
    expect(cases.map((found) => found.scenario.documentId)).toEqual([
      late.documentId,
      late.documentId,
    ]);
    await screenshot(page, 'customer-scenario');
  });

  it("ticks an e-mail step's statement of account in the scenario editor, and saves it", async () => {
    await page.goto(`${app.url}/admin/plugins/dunning/scenarios`);
    await page
      .getByRole('row', { name: /Late starters/ })
      .getByRole('button', { name: 'Edit' })
      .click();
    const editor = page.getByRole('dialog');
    await editor.getByRole('checkbox', { name: 'Attach the statement of account (PDF)' }).click();
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Scenario saved.').waitFor({ timeout: 20000 });
    const [saved] = (await app.strapi
      .documents('plugin::dunning.scenario' as any)
      .findMany({ filters: { name: 'Late starters' } })) as any[];
    expect(saved.steps).toEqual([
      expect.objectContaining({ level: 'Only one', attachStatement: true }),
    ]);
  });

  it('saves how each admin hears of the reminders sent in their name, and the thank-you', async () => {
    await page.goto(`${app.url}/admin/settings/dunning`);
    await page.getByRole('combobox', { name: `Demo Admin <${SUPER_ADMIN.email}>` }).click();
    await page.getByRole('option', { name: 'An e-mail for each reminder' }).click();
    await page
      .getByRole('checkbox', { name: 'Thank the customer when a reminded invoice is paid' })
      .click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').waitFor({ timeout: 20000 });
    const saved = await service('settings').get();
    expect(saved.senderNotices.byUser).toEqual({ [String(rootId)]: 'each' });
    expect(saved.automatic.thankYou).toBe(true);
  });
});
