import type { Browser, Page } from 'playwright-core';

import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { describeInBrowser, openAdmin, screenshot } from '../helpers/browser';
import { seedAcme } from '../helpers/ledger';
import { pdfText } from '../helpers/pdf';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { startStrapi, type TestApp } from '../helpers/strapi';

/**
 * Monthly statements in the browser (F3.5): the clerk ticks customers in
 * the account statement and sends their statements; the dialog tells what became of
 * each; the mail with its PDF arrives once, and a second send tells "already sent".
 */
describeInBrowser('monthly statements in Chromium (F3.5)', () => {
  let app: TestApp;
  let smtp: SmtpCatcher;
  let browser: Browser;
  let page: Page;
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database: 'sqlite',
      listen: true,
      env: { SMTP_PORT: String(smtp.port) },
    });
    // Acme's contact has an address; Globex has no contact at all.
    await seedAcme(app.strapi, today);
    await createSuperAdmin(app.strapi);
    ({ browser, page } = await openAdmin(app.url, SUPER_ADMIN));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.stop();
  });

  const sendTicked = async (customers: string[]) => {
    await page.goto(`${app.url}/admin/plugins/dunning/statement`);
    for (const customer of customers)
      await page.getByRole('checkbox', { name: `Tick ${customer}` }).click({ timeout: 30000 });
    await page.getByTestId('send-statements-open').click();
    const dialog = page.getByTestId('send-statements');
    await dialog
      .getByText(`Send the statement of account by e-mail to ${customers.length} customers`)
      .waitFor();
    await page.getByTestId('send-statements-confirm').click();
    const results = page.getByTestId('statement-results');
    await results.waitFor({ timeout: 30000 });
    return results;
  };

  it('sends the statements of the customers ticked, once a month', async () => {
    const results = await sendTicked(['Acme Industries', 'Globex']);
    await page.getByText('1 statement sent.').waitFor();
    await results
      .getByTestId('result-line')
      .filter({ hasText: 'Acme Industries' })
      .getByText('Sent')
      .waitFor();
    await results
      .getByTestId('result-line')
      .filter({ hasText: 'Globex' })
      .getByText('No reminder address')
      .waitFor();
    await screenshot(page, 'monthly-statements-sent');

    const [mail] = await smtp.waitForMessages(1);
    expect(mail.envelope.to).toEqual(['camille@acme.test']);
    expect(mail.parsed.subject).toMatch(/^Votre relevé de compte au /);
    expect(mail.parsed.attachments.map((attachment) => attachment.filename)).toEqual([
      `statement-ACME-${today}.pdf`,
    ]);
    expect(pdfText(mail.parsed.attachments[0].content)).toMatch(/F-001[\s\S]*F-002[\s\S]*F-003/);

    await page.getByRole('button', { name: 'Close', exact: true }).click();
    const again = await sendTicked(['Acme Industries', 'Globex']);
    await page.getByText('No statement sent.').waitFor();
    await again
      .getByTestId('result-line')
      .filter({ hasText: 'Acme Industries' })
      .getByText('Already sent this month')
      .waitFor();
    expect(smtp.messages).toHaveLength(1);
  });
});
