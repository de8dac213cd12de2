import type { Browser, Page } from 'playwright-core';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { describeInBrowser, openAdmin, pickDay, screenshot } from '../helpers/browser';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { startStrapi, type TestApp } from '../helpers/strapi';

/** SPEC F4.6–F4.9 in the admin: a promise from the statement, late charges, the change preview of a scenario, pacing settings. */
describeInBrowser('promises, late charges, change preview and pacing in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let customer: Awaited<ReturnType<typeof createCustomer>>;
  let scenario: { documentId: string };
  const T = todayIn('Europe/Paris', new Date());
  const service = (name: string) => app.strapi.plugin('dunning').service(name);
  const templateId = async (predefinedKey: string) =>
    (
      (await app.strapi
        .documents('plugin::dunning.template' as any)
        .findMany({ filters: { predefinedKey } })) as any[]
    )[0].documentId;

  beforeAll(async () => {
    app = await startStrapi({ database: 'sqlite', listen: true });
    await createSuperAdmin(app.strapi);
    scenario = await service('scenarios').create({
      name: 'Firm',
      steps: [
        {
          offsetDays: 3,
          channel: 'email',
          templateDocumentId: await templateId('reminder-1.email.fr'),
          level: 'Reminder 1',
        },
        {
          offsetDays: 10,
          channel: 'email',
          templateDocumentId: await templateId('reminder-2.email.fr'),
          level: 'Reminder 2',
        },
      ],
    });
    customer = await createCustomer(app.strapi, 'Stark Industries');
    await service('scenarios').assign(scenario.documentId, [customer.documentId]);
    await createInvoice(app.strapi, customer, 'ST-1', addDays(T, -30), 1000); // 30 days late: charges
    await createInvoice(app.strapi, customer, 'ST-2', addDays(T, 1), 300); // reminder 1 in 4 days, reminder 2 in 11
    ({ browser, page } = await openAdmin(app.url, SUPER_ADMIN));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows the late charges on the statement and records a promise to pay from it', async () => {
    await page.goto(`${app.url}/admin/plugins/dunning/statement/${customer.documentId}`);
    const eur = (amount: number) =>
      new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(amount);
    // 1 000 € × 12.15 % × 30 / 365 = 9.99 €, plus the 40 € indemnity.
    await page.getByTestId('late-fees-ST-1').getByText(eur(49.99)).waitFor({ timeout: 30000 });
    await page.getByTestId('invoice-checkbox-ST-1').click();
    await page.getByTestId('promise-button').click();
    await pickDay(page.getByTestId('promise-date'), addDays(T, 7));
    await page.getByRole('textbox', { name: 'Note' }).fill('Treasurer promised by phone');
    await page.getByTestId('promise-save').click();
    await page.getByTestId('promises-table').getByText('Pending').waitFor({ timeout: 20000 });
    await page.getByTestId('promises-table').getByText('Treasurer promised by phone').waitFor();
    await screenshot(page, 'statement-promise');
    const [invoice] = await service('receivables').findInvoices([
      (
        await app.strapi
          .documents('api::invoice.invoice' as any)
          .findFirst({ filters: { number: 'ST-1' } })
      )?.documentId,
    ]);
    expect(invoice.promisedPaymentDate).toBe(addDays(T, 7));
  });

  it('previews what a change of steps does to the open invoices, then saves and re-plans them', async () => {
    await page.goto(`${app.url}/admin/plugins/dunning/scenarios`);
    const row = page.getByRole('row', { name: /Firm/ });
    await row.getByRole('button', { name: 'Edit' }).click();
    const offset = page.locator('input[name="steps.1.offsetDays"]');
    await offset.fill('14');
    await page.getByTestId('scenario-change-preview').click();
    await page
      .getByTestId('scenario-change-moved')
      .getByText(/1 moved/)
      .waitFor({ timeout: 20000 });
    await page.getByTestId('scenario-change').getByText('ST-2 · Stark Industries').waitFor();
    await screenshot(page, 'scenario-change-preview');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Scenario saved.').waitFor({ timeout: 20000 });
    const saved = await service('scenarios').findOne(scenario.documentId);
    expect(saved.steps.map((step: any) => step.offsetDays)).toEqual([3, 14]);
  });

  it('saves pacing, closed days and late-charge settings', async () => {
    await page.goto(`${app.url}/admin/settings/dunning`);
    await page.getByRole('textbox', { name: 'Days between two reminders to a customer' }).fill('4');
    await pickDay(page.getByTestId('extra-closed-dates'), addDays(T, 20));
    await page.getByRole('textbox', { name: 'Late interest, % a year' }).fill('10.5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').waitFor({ timeout: 20000 });
    const saved = await service('settings').get();
    expect(saved.automatic.minDaysBetweenReminders).toBe(4);
    expect(saved.automatic.sendWindow.holidays).toEqual({
      country: 'FR',
      extraClosedDates: [addDays(T, 20)],
    });
    expect(saved.lateFees.annualRatePercent).toBe(10.5);
    await screenshot(page, 'settings-practice');
    await app.strapi.db.connection('dunning_cases').del();
    await page.getByTestId('resync-cases').click();
    await page
      .getByText('2 invoices looked at; their cases are up to date.')
      .waitFor({ timeout: 20000 });
    expect(
      await app.strapi
        .documents('plugin::dunning.case' as any)
        .count({ filters: { state: 'active' } })
    ).toBe(2);
  });
});
