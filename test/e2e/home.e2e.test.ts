import type { Browser, Page } from 'playwright-core';

import { generateLedger } from '../../database/seed/ledger';
import { writeLedger } from '../../database/seed/write-ledger';
import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { describeInBrowser, launchBrowser, loginToAdmin, screenshot } from '../helpers/browser';
import { startStrapi, type TestApp } from '../helpers/strapi';

describeInBrowser('admin home in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const today = todayIn('Europe/Paris', new Date());
  const ledger = generateLedger({
    customers: 10,
    contactsPerCustomer: 1,
    invoices: 60,
    today,
    seed: 7,
  });

  /** What the home page must show, computed from the ledger without the database. */
  const expected = () => {
    const overdue = ledger.invoices.filter(
      (i) => i.status === 'open' && i.amountDue > 0 && i.dueDate < today
    );
    const byCurrency = new Map<string, number>();
    for (const invoice of overdue)
      byCurrency.set(invoice.currency, (byCurrency.get(invoice.currency) ?? 0) + invoice.amountDue);
    const amounts = Object.fromEntries(
      [...byCurrency].map(([currency, amount]) => [
        currency,
        new Intl.NumberFormat('en', { style: 'currency', currency }).format(
          Math.round(amount * 100) / 100
        ),
      ])
    );
    return {
      amounts,
      invoices: overdue.length,
      customers: new Set(overdue.map((i) => i.customerKey)).size,
    };
  };

  beforeAll(async () => {
    app = await startStrapi({ database: 'sqlite', listen: true });
    await writeLedger(app.strapi, ledger);
    await createSuperAdmin(app.strapi);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('logs in, opens Dunning from the menu and shows the overdue figures of the data', async () => {
    await loginToAdmin(page, app.url, SUPER_ADMIN);
    await page.getByRole('link', { name: 'Dunning' }).click();
    await page.waitForURL(/\/admin\/plugins\/dunning/);

    const { amounts, invoices, customers } = expected();
    expect(Object.keys(amounts).sort()).toEqual(['EUR', 'GBP']);
    await page.getByTestId('overdue-invoices-count').waitFor({ timeout: 30000 });
    for (const [currency, text] of Object.entries(amounts)) {
      expect(await page.getByTestId(`overdue-amount-${currency}`).textContent()).toBe(text);
    }
    expect(await page.getByTestId('overdue-invoices-count').textContent()).toBe(String(invoices));
    expect(await page.getByTestId('overdue-customers-count').textContent()).toBe(String(customers));
    await expect(
      page.getByRole('heading', { name: 'Dunning', level: 1 }).isVisible()
    ).resolves.toBe(true);
    await screenshot(page, 'home');
  });

  it('saves the BCC copy and a send window from Settings → Dunning', async () => {
    await page.goto(`${app.url}/admin/settings/dunning`);
    const bcc = page.getByLabel('BCC copy of every reminder');
    await bcc.waitFor({ timeout: 30000 });
    await bcc.fill('archive@ourco.test');
    await page.getByRole('checkbox', { name: 'Sat' }).click();
    await screenshot(page, 'settings');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').waitFor();
    const settings = await app.strapi.plugin('dunning').service('settings').get();
    expect(settings.bccCopy).toBe('archive@ourco.test');
    expect(settings.automatic.sendWindow.days).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('lists the default scenario and creates one with a step from the predefined templates', async () => {
    await page.goto(`${app.url}/admin/plugins/dunning/scenarios`);
    await page.getByText('Default scenario', { exact: true }).waitFor({ timeout: 30000 });
    await expect(
      page.getByText(/^5 days before · E-mail · Pre-due notice/).isVisible()
    ).resolves.toBe(true);

    await page.getByRole('button', { name: 'New scenario' }).click();
    await page.getByLabel('Name').fill('Key accounts');
    await page.getByRole('combobox', { name: 'Template' }).click();
    await page.getByRole('option', { name: 'Relance 1 (e-mail) · fr' }).click();
    await page.getByLabel('Level').fill('Friendly');
    await screenshot(page, 'scenario-editor');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Scenario saved.').waitFor();
    await page.getByText(/^3 days after · E-mail · Friendly · Relance 1 \(e-mail\)/).waitFor();
    const saved = await app.strapi
      .documents('plugin::dunning.scenario' as any)
      .findMany({ filters: { name: 'Key accounts' } });
    expect(saved[0].steps).toEqual([
      expect.objectContaining({ offsetDays: 3, channel: 'email', level: 'Friendly' }),
    ]);
  });

  it('lists the 32 predefined templates and restores one', async () => {
    await page.goto(`${app.url}/admin/plugins/dunning/templates`);
    await page.getByText('Relance 1 (e-mail)', { exact: true }).waitFor({ timeout: 30000 });
    expect(await page.getByRole('button', { name: 'Restore the original text' }).count()).toBe(32);
    await page.getByRole('button', { name: 'Restore the original text' }).first().click();
    await page.getByText('Templates restored.').waitFor();
  });
});
